#include "smtp/path.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace smtpsim::smtp;

namespace {

Path must_parse(std::string_view text) {
    auto parsed = parse_path(text);
    EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message());
    return parsed.ok() ? parsed.value() : Path{};
}

std::string error_of(std::string_view text) {
    auto parsed = parse_path(text);
    EXPECT_FALSE(parsed.ok()) << text << " parsed";
    return parsed.ok() ? "" : parsed.error().message();
}

}  // namespace

TEST(path, parses_a_plain_mailbox) {
    const Path path = must_parse("<Smith@USC-ISIF.ARPA>");
    EXPECT_TRUE(path.route.empty());
    EXPECT_EQ(path.mailbox.local_part, "Smith");
    EXPECT_EQ(path.mailbox.domain, "USC-ISIF.ARPA");
    EXPECT_FALSE(path.is_null());
    EXPECT_EQ(path.next_host(), "USC-ISIF.ARPA");
}

TEST(path, parses_a_source_route_nearest_host_first) {
    const Path path = must_parse("<@HOSTA.ARPA,@HOSTB.ARPA:USERC@HOSTD.ARPA>");
    EXPECT_EQ(path.route, (std::vector<std::string>{"HOSTA.ARPA", "HOSTB.ARPA"}));
    EXPECT_EQ(path.mailbox.format(), "USERC@HOSTD.ARPA");
    EXPECT_EQ(path.next_host(), "HOSTA.ARPA");
    EXPECT_EQ(path.format(), "<@HOSTA.ARPA,@HOSTB.ARPA:USERC@HOSTD.ARPA>");
}

TEST(path, parses_the_null_path) {
    const Path path = must_parse("<>");
    EXPECT_TRUE(path.is_null());
    EXPECT_EQ(path.format(), "<>");
    EXPECT_EQ(path.next_host(), "");
}

TEST(path, parses_short_names_as_in_the_rfc_examples) {
    EXPECT_EQ(must_parse("<@A,@B:user@C>").route, (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(must_parse("<x@Fred.Cambridge.UK>").mailbox.domain, "Fred.Cambridge.UK");
    EXPECT_EQ(must_parse("<x@PC7.LCS.MIT.ARPA>").mailbox.domain, "PC7.LCS.MIT.ARPA");
}

TEST(path, parses_numeric_domain_elements) {
    EXPECT_EQ(must_parse("<joe@#123>").mailbox.domain, "#123");
    EXPECT_EQ(must_parse("<joe@[10.0.0.1]>").mailbox.domain, "[10.0.0.1]");
    EXPECT_EQ(must_parse("<@[123.255.37.2],@#7:joe@HOST.ARPA>").route,
              (std::vector<std::string>{"[123.255.37.2]", "#7"}));
    EXPECT_EQ(must_parse("<joe@[0.0.0.0]>").mailbox.domain, "[0.0.0.0]");
    EXPECT_EQ(must_parse("<joe@[255.255.255.255]>").mailbox.domain, "[255.255.255.255]");
    EXPECT_EQ(must_parse("<joe@[10.0.0.1].ARPA>").mailbox.domain, "[10.0.0.1].ARPA");
}

TEST(path, keeps_quoted_local_parts_and_escapes_as_written) {
    const Path quoted = must_parse("<\"Joe Smith\"@HOST.ARPA>");
    EXPECT_EQ(quoted.mailbox.local_part, "\"Joe Smith\"");
    EXPECT_EQ(quoted.mailbox.user(), "Joe Smith");
    // RFC 821 4.1.2: "Joe\,Smith" is a nine character user field.
    const Path escaped = must_parse("<Joe\\,Smith@HOST.ARPA>");
    EXPECT_EQ(escaped.mailbox.local_part, "Joe\\,Smith");
    EXPECT_EQ(escaped.mailbox.user(), "Joe,Smith");
    EXPECT_EQ(escaped.mailbox.user().size(), 9u);
    EXPECT_EQ(must_parse("<\"a\\\"b\"@H>").mailbox.user(), "a\"b");
    EXPECT_EQ(must_parse("<Admin.MRC@SU-SCORE.ARPA>").mailbox.local_part, "Admin.MRC");
    EXPECT_EQ(must_parse("<a\\ b@H>").mailbox.user(), "a b");
}

TEST(path, compares_hosts_without_case_and_users_with_case) {
    EXPECT_TRUE(same_domain("BBN-Vax.ARPA", "BBN-VAX.ARPA"));
    EXPECT_FALSE(same_domain("BBN-VAX.ARPA", "BBN-VAX.ARP"));
    EXPECT_EQ(must_parse("<@usc-isie.arpa:Jones@bbn-vax.arpa>"),
              must_parse("<@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>"));
    EXPECT_NE(must_parse("<smith@H>"), must_parse("<Smith@H>"));
    EXPECT_NE(must_parse("<@A:x@H>"), must_parse("<x@H>"));
}

TEST(path, rejects_bad_paths_with_what_was_expected_and_where) {
    EXPECT_EQ(error_of("Smith@H>"), "expected \"<\" to open the path, found \"S\" at character 1");
    EXPECT_EQ(error_of("<Smith@H"),
              "expected \">\" to close the path, found the end of the text at character 9");
    EXPECT_EQ(error_of("<Smith>"),
              "expected \"@\" between the user name and the domain, found \">\" at character 7");
    EXPECT_EQ(error_of("<@A:>"),
              "expected a user name (or a quoted string), found \">\" at character 5");
    EXPECT_EQ(error_of("<@A;x@B>"),
              "expected \",\" or \":\" after a route domain, found \";\" at character 4");
    EXPECT_EQ(
        error_of("<@A,x@B>"),
        "expected \"@\" to start the next route domain after \",\", found \"x\" at character 5");
    EXPECT_EQ(
        error_of("<x@-A>"),
        "expected a domain after \"@\" (a name, #number or [a.b.c.d]), found \"-\" at character 4");
    EXPECT_EQ(error_of("<x@A->"),
              "expected a letter or digit at the end of a host name, found \"-\" at character 5");
    EXPECT_EQ(error_of("<x@A..B>"),
              "expected a domain element after \".\" (a name, #number or [a.b.c.d]), found \".\" "
              "at character 6");
    EXPECT_EQ(error_of("<x@[1.2.3.256]>"),
              "expected a number from 0 to 255 in the address at character 11");
    EXPECT_EQ(error_of("<x@[1.2.3]>"),
              "expected \".\" between the four numbers of an address, found \"]\" at character 10");
    EXPECT_EQ(error_of("<x@#>"),
              "expected a decimal host number after \"#\", found \">\" at character 5");
    EXPECT_EQ(
        error_of("<x@H> "),
        "expected nothing after the \">\" that closes the path, found a space at character 6");
    EXPECT_EQ(error_of("<a b@H>"),
              "expected \"@\" between the user name and the domain, found a space at character 3");
    EXPECT_EQ(error_of("<\"\"@H>"),
              "expected at least one character inside the quotes, found \"\"\" at character 3");
    EXPECT_EQ(error_of("<\"ab@H>"),
              "expected a closing quote (\") for the quoted user name, found the end of the text "
              "at character 8");
    EXPECT_EQ(error_of("<a.@H>"),
              "expected a character of the user name after \".\", found \"@\" at character 4");
    EXPECT_EQ(error_of("<\x01@H>"),
              "expected a user name (or a quoted string), found byte 0x01 at character 2");
    EXPECT_EQ(error_of("<\xc3\xa9@H>"),
              "expected a user name (or a quoted string), found byte 0xC3 at character 2");
    EXPECT_EQ(error_of(""),
              "expected \"<\" to open the path, found the end of the text at character 1");
    EXPECT_EQ(error_of("<a\\"),
              "expected an ASCII character after \"\\\", found the end of the text at character 4");
}

TEST(path, user_name_of_64_characters_is_the_limit) {
    const std::string user64(64, 'u');
    EXPECT_EQ(must_parse("<" + user64 + "@H>").mailbox.local_part, user64);
    EXPECT_EQ(error_of("<" + user64 + "u@H>"),
              "user name longer than 64 characters at character 2");
    // Quotes count: the limit is on the user name as written.
    EXPECT_EQ(error_of("<\"" + std::string(63, 'u') + "\"@H>"),
              "user name longer than 64 characters at character 2");
}

TEST(path, domain_of_64_characters_is_the_limit) {
    const std::string domain64 = std::string(31, 'a') + "." + std::string(32, 'b');
    ASSERT_EQ(domain64.size(), 64u);
    EXPECT_EQ(must_parse("<u@" + domain64 + ">").mailbox.domain, domain64);
    EXPECT_EQ(error_of("<u@" + domain64 + "b>"), "domain longer than 64 characters at character 4");
    EXPECT_EQ(error_of("<@" + domain64 + "b:u@H>"),
              "domain longer than 64 characters at character 3");
    EXPECT_EQ(error_of("<u@#" + std::string(64, '1') + ">"),
              "domain longer than 64 characters at character 4");
    EXPECT_TRUE(parse_path("<u@#" + std::string(63, '1') + ">").ok());
}

TEST(path, path_of_256_characters_is_the_limit) {
    // "<" + route + "u@H>": each "@" + 60 letters + "," is 62 characters.
    auto path_of_length = [](std::size_t length) {
        std::string text = "<";
        while (length - text.size() > 4 + 62) {
            text += "@" + std::string(60, 'r') + ",";
        }
        const std::size_t last = length - text.size() - 6;  // "@" + name + ":u@H>"
        text += "@" + std::string(last, 'r') + ":u@H>";
        return text;
    };
    const std::string at_limit = path_of_length(256);
    ASSERT_EQ(at_limit.size(), 256u);
    EXPECT_EQ(must_parse(at_limit).format(), at_limit);
    const std::string over = path_of_length(257);
    ASSERT_EQ(over.size(), 257u);
    EXPECT_EQ(error_of(over), "path longer than 256 characters at character 257");
}

TEST(path, relay_deletes_itself_from_the_forward_path_and_prepends_to_the_reverse_path) {
    // RFC 821 4.1.1, RCPT: "mail received at relay host A ... will be relayed on to host B"
    const RelayedPaths relayed =
        relay_transform("HOSTA.ARPA", must_parse("<USERX@HOSTY.ARPA>"),
                        must_parse("<@HOSTA.ARPA,@HOSTB.ARPA:USERC@HOSTD.ARPA>"));
    EXPECT_EQ("FROM:" + relayed.reverse_path.format(), "FROM:<@HOSTA.ARPA:USERX@HOSTY.ARPA>");
    EXPECT_EQ("TO:" + relayed.forward_path.format(), "TO:<@HOSTB.ARPA:USERC@HOSTD.ARPA>");
}

TEST(path, relay_of_the_appendix_f_scenario_gives_the_rfc_mail_from) {
    const RelayedPaths relayed = relay_transform("USC-ISIE.ARPA", must_parse("<JQP@MIT-AI.ARPA>"),
                                                 must_parse("<@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>"));
    EXPECT_EQ("MAIL FROM:" + relayed.reverse_path.format(),
              "MAIL FROM:<@USC-ISIE.ARPA:JQP@MIT-AI.ARPA>");
    EXPECT_EQ(relayed.forward_path.format(), "<Jones@BBN-VAX.ARPA>");
}

TEST(path, relay_matches_its_own_name_without_case) {
    const RelayedPaths relayed =
        relay_transform("usc-isie.arpa", must_parse("<J@M>"), must_parse("<@USC-ISIE.ARPA:x@B>"));
    EXPECT_EQ(relayed.forward_path.format(), "<x@B>");
    EXPECT_EQ(relayed.reverse_path.format(), "<@usc-isie.arpa:J@M>");
}

TEST(path, relay_keeps_a_first_element_that_is_another_host) {
    // RFC 821 3.6: "the element is not deleted ... In any case, the SMTP adds
    // its own identifier to the reverse-path."
    const RelayedPaths relayed =
        relay_transform("ME", must_parse("<@PREV:J@M>"), must_parse("<@OTHER,@ME:x@B>"));
    EXPECT_EQ(relayed.forward_path.format(), "<@OTHER,@ME:x@B>");
    EXPECT_EQ(relayed.reverse_path.format(), "<@ME,@PREV:J@M>");
}

TEST(path, relay_deletes_only_the_first_element) {
    EXPECT_EQ(remove_self(must_parse("<@ME,@ME:x@B>"), "ME").format(), "<@ME:x@B>");
    EXPECT_EQ(remove_self(must_parse("<x@ME>"), "ME").format(), "<x@ME>");
}

TEST(path, relay_leaves_the_null_reverse_path_null) {
    EXPECT_TRUE(prepend_self(Path::null(), "ME").is_null());
    EXPECT_EQ(relay_transform("ME", Path::null(), must_parse("<@ME:x@B>")).reverse_path.format(),
              "<>");
}

TEST(path, domain_parser_accepts_one_whole_domain) {
    EXPECT_EQ(parse_domain("USC-ISIF.ARPA").value(), "USC-ISIF.ARPA");
    EXPECT_EQ(parse_domain("[10.0.0.1]").value(), "[10.0.0.1]");
    EXPECT_EQ(parse_domain("A.B C").error().message(),
              "expected \".\" or the end of the domain, found a space at character 4");
    EXPECT_FALSE(parse_domain("").ok());
    EXPECT_FALSE(parse_domain("A.").ok());
}

namespace {

// Random paths from the 4.1.2 grammar, within the 4.5.3 limits.
class PathGenerator {
  public:
    explicit PathGenerator(unsigned seed) : rng_(seed) {}

    std::string path() {
        if (pick(20) == 0) {
            return "<>";
        }
        std::string text = "<";
        const int hops = pick(4);
        for (int i = 0; i < hops; ++i) {
            text += (i == 0 ? "@" : ",@") + domain();
        }
        if (hops > 0) {
            text += ':';
        }
        return text + local_part() + "@" + domain() + ">";
    }

  private:
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
    char from(std::string_view chars) {
        return chars[static_cast<std::size_t>(pick(static_cast<int>(chars.size())))];
    }

    std::string element() {
        switch (pick(6)) {
            case 0:
                return "#" + std::to_string(pick(100000));
            case 1:
                return "[" + std::to_string(pick(256)) + "." + std::to_string(pick(256)) + "." +
                       std::to_string(pick(256)) + "." + std::to_string(pick(256)) + "]";
            default: {
                const std::string letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
                std::string name(1, from(letters));
                const int more = pick(8);
                for (int i = 0; i < more; ++i) {
                    name += from(letters + "0123456789--");
                }
                if (name.back() == '-') {
                    name += from("0123456789");
                }
                return name;
            }
        }
    }
    std::string domain() {
        std::string text = element();
        const int more = pick(3);
        for (int i = 0; i < more; ++i) {
            text += '.';
            text += element();
        }
        return text;
    }
    std::string local_part() {
        // <c>: printable ASCII but specials and space; escapes carry any ASCII.
        const std::string plain = "abcXYZ019!#$%&'*+-/=?^_`{|}~";
        const std::string escaped = "<>()[]\\.,;:@\" \t";
        std::string text;
        if (pick(4) == 0) {
            text = "\"";
            const int n = 1 + pick(10);
            for (int i = 0; i < n; ++i) {
                text += pick(5) == 0 ? std::string("\\") + from(escaped)
                                     : std::string(1, from(plain + " .,@<>()"));
            }
            return text + "\"";
        }
        const int words = 1 + pick(3);
        for (int w = 0; w < words; ++w) {
            if (w > 0) {
                text += '.';
            }
            const int n = 1 + pick(6);
            for (int i = 0; i < n; ++i) {
                text +=
                    pick(6) == 0 ? std::string("\\") + from(escaped) : std::string(1, from(plain));
            }
        }
        return text;
    }

    std::mt19937 rng_;
};

}  // namespace

TEST(path, generated_paths_round_trip_through_parse_and_format) {
    PathGenerator generator(821);
    int parsed_count = 0;
    for (int i = 0; i < 20000; ++i) {
        const std::string text = generator.path();
        auto first = parse_path(text);
        if (text.size() > max_path_length) {
            EXPECT_FALSE(first.ok()) << text;
            continue;
        }
        ASSERT_TRUE(first.ok()) << text << ": " << first.error().message();
        const std::string formatted = first.value().format();
        EXPECT_EQ(formatted, text);
        auto second = parse_path(formatted);
        ASSERT_TRUE(second.ok()) << formatted;
        EXPECT_EQ(second.value(), first.value());
        EXPECT_EQ(second.value().format(), formatted);
        ++parsed_count;
    }
    EXPECT_GT(parsed_count, 19000);
}

TEST(path, garbage_never_crashes_and_every_error_points_inside_or_just_past_the_text) {
    std::mt19937 rng(4);
    // 22 characters, NUL among them (the literal's own terminating NUL is not one).
    using namespace std::string_literals;
    const std::string alphabet = "<>@,:.#[]\"\\ aZ09-\r\n\x00\x7f\xff"s;
    for (int i = 0; i < 20000; ++i) {
        std::string text;
        const int n = std::uniform_int_distribution<int>(0, 40)(rng);
        for (int k = 0; k < n; ++k) {
            text +=
                alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
        }
        auto parsed = parse_path(text);
        if (!parsed.ok()) {
            EXPECT_LE(parsed.error().offset, text.size()) << text;
            EXPECT_FALSE(parsed.error().reason.empty());
        } else {
            EXPECT_EQ(parsed.value().format(), text);
        }
    }
}
