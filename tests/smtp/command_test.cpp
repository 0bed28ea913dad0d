#include "smtp/command.hpp"

#include <gtest/gtest.h>

using namespace smtpsim::smtp;

namespace {

Command must_parse(std::string_view line) {
    auto parsed = parse_command(line);
    EXPECT_TRUE(parsed.ok()) << line << ": " << (parsed.ok() ? "" : parsed.error().reason);
    return parsed.ok() ? parsed.value() : Command{};
}

CommandError error_of(std::string_view line) {
    auto parsed = parse_command(line);
    EXPECT_FALSE(parsed.ok()) << line;
    return parsed.ok() ? CommandError{} : parsed.error();
}

}  // namespace

TEST(command, every_verb_is_recognized_in_any_case) {
    const std::vector<std::pair<std::string, Verb>> names = {
        {"HELO", Verb::helo}, {"MAIL", Verb::mail}, {"RCPT", Verb::rcpt}, {"DATA", Verb::data},
        {"RSET", Verb::rset}, {"SEND", Verb::send}, {"SOML", Verb::soml}, {"SAML", Verb::saml},
        {"VRFY", Verb::vrfy}, {"EXPN", Verb::expn}, {"HELP", Verb::help}, {"NOOP", Verb::noop},
        {"QUIT", Verb::quit}, {"TURN", Verb::turn}};
    ASSERT_EQ(names.size(), verb_count);
    for (const auto& [name, verb] : names) {
        EXPECT_EQ(parse_verb(name), verb);
        EXPECT_EQ(verb_name(verb), name);
        std::string lower = name;
        for (auto& c : lower) {
            c = static_cast<char>(c + 32);
        }
        EXPECT_EQ(parse_verb(lower), verb);
    }
    // RFC 821 4.1.2: "MAIL Mail mail MaIl mAIl"
    for (const char* spelling : {"MAIL", "Mail", "mail", "MaIl", "mAIl"}) {
        EXPECT_EQ(parse_verb(spelling), Verb::mail);
    }
    EXPECT_FALSE(parse_verb("MAILX"));
    EXPECT_FALSE(parse_verb("MAI"));
    EXPECT_FALSE(parse_verb("EHLO"));
}

TEST(command, parses_path_arguments_with_case_insensitive_keywords) {
    const Command mail = must_parse("mail from:<Smith@USC-ISIF.ARPA>");
    EXPECT_EQ(mail.verb, Verb::mail);
    EXPECT_EQ(mail.path.format(), "<Smith@USC-ISIF.ARPA>");
    EXPECT_EQ(mail.format(), "MAIL FROM:<Smith@USC-ISIF.ARPA>");
    const Command rcpt =
        must_parse("RCPT   To:<@USC-ISIE.ARPA,@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>");
    EXPECT_EQ(rcpt.path.route.size(), 2u);
    EXPECT_EQ(rcpt.format(), "RCPT TO:<@USC-ISIE.ARPA,@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>");
    EXPECT_TRUE(must_parse("MAIL FROM:<>").path.is_null());
    EXPECT_EQ(must_parse("SOML FROM:<EAK@MIT-MC.ARPA>").verb, Verb::soml);
}

TEST(command, canonical_lines_format_back_exactly) {
    for (const char* line : {"HELO USC-ISIF.ARPA",
                             "MAIL FROM:<Smith@USC-ISIF.ARPA>",
                             "MAIL FROM:<>",
                             "RCPT TO:<@HOSTA.ARPA,@HOSTB.ARPA:USERC@HOSTD.ARPA>",
                             "DATA",
                             "RSET",
                             "SEND FROM:<EAK@MIT-MC.ARPA>",
                             "SOML FROM:<EAK@MIT-MC.ARPA>",
                             "SAML FROM:<EAK@MIT-MC.ARPA>",
                             "VRFY Crispin",
                             "VRFY Fred Smith",
                             "EXPN Example-People",
                             "HELP",
                             "HELP MAIL",
                             "NOOP",
                             "QUIT",
                             "TURN",
                             "HELO [10.0.0.1]",
                             "RCPT TO:<\"Joe Smith\"@H.ARPA>",
                             "RCPT TO:<Joe\\,Smith@H.ARPA>"}) {
        EXPECT_EQ(must_parse(line).format(), line);
    }
}

TEST(command, builders_format_the_sender_lines) {
    EXPECT_EQ(Command::helo("MIT-AI.ARPA").format(), "HELO MIT-AI.ARPA");
    EXPECT_EQ(Command::start(Mode::saml, Path::null()).format(), "SAML FROM:<>");
    EXPECT_EQ(Command::bare(Verb::quit).format(), "QUIT");
}

TEST(command, unknown_or_malformed_verbs_are_500) {
    for (const char* line : {"", "EHLO foo", "MAILFROM:<a@b>", "MAIL\tFROM:<a@b>",
                             " MAIL FROM:<a@b>", "\x01\x02", "XYZZY"}) {
        EXPECT_EQ(error_of(line).code, reply::syntax_error) << line;
    }
    EXPECT_EQ(error_of("").reason, "expected a command, found an empty line");
}

TEST(command, bad_arguments_are_501_with_the_position_in_the_line) {
    EXPECT_EQ(error_of("MAIL").code, reply::syntax_error_in_arguments);
    EXPECT_EQ(error_of("MAIL").reason, "expected \"FROM:\" after MAIL at character 5");
    EXPECT_EQ(error_of("MAIL TO:<a@b>").reason, "expected \"FROM:\" after MAIL at character 6");
    EXPECT_EQ(error_of("MAIL FROM: <a@b>").reason,
              "expected \"<\" to open the path, found a space at character 11");
    EXPECT_EQ(error_of("RCPT TO:<a@b").reason,
              "expected \">\" to close the path, found the end of the text at character 13");
    EXPECT_EQ(error_of("RCPT TO:<>").reason,
              "expected a forward-path with a mailbox, not the null path <> at character 9");
    EXPECT_EQ(error_of("HELO").reason, "expected a domain after HELO at character 5");
    EXPECT_EQ(error_of("HELO foo_bar").code, reply::syntax_error_in_arguments);
    EXPECT_EQ(error_of("VRFY").reason, "expected an argument after VRFY at character 5");
    EXPECT_EQ(error_of("EXPN a\x01").reason,
              "expected printable ASCII in the argument at character 7");
    EXPECT_EQ(error_of("DATA now").code, reply::syntax_error_in_arguments);
    EXPECT_EQ(error_of("RSET x").code, reply::syntax_error_in_arguments);
    EXPECT_EQ(error_of("HELP ").code, reply::syntax_error_in_arguments);
}

TEST(command, arguments_on_noop_quit_turn_are_500_as_section_4_3_lists_no_501) {
    for (const char* line : {"NOOP x", "QUIT now", "TURN ", "NOOP "}) {
        EXPECT_EQ(error_of(line).code, reply::syntax_error) << line;
    }
    EXPECT_EQ(error_of("QUIT now").reason, "expected nothing after QUIT at character 6");
}

TEST(command, modes_map_to_their_verbs) {
    for (Mode mode : {Mode::mail, Mode::send, Mode::soml, Mode::saml}) {
        EXPECT_EQ(verb_mode(mode_verb(mode)), mode);
    }
    EXPECT_FALSE(verb_mode(Verb::rcpt));
}
