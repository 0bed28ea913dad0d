#include "smtp/reply.hpp"

#include <gtest/gtest.h>

using namespace smtpsim::smtp;

TEST(reply, table_has_every_code_of_section_4_2_2_with_its_text) {
    // RFC 821 4.2.2, in numeric order.
    const std::vector<std::pair<ReplyCode, std::string_view>> rfc = {
        {reply::system_status, "System status, or system help reply"},
        {reply::help_message, "Help message"},
        {reply::service_ready, "<domain> Service ready"},
        {reply::service_closing, "<domain> Service closing transmission channel"},
        {reply::ok, "Requested mail action okay, completed"},
        {reply::will_forward, "User not local; will forward to <forward-path>"},
        {reply::start_mail_input, "Start mail input; end with <CRLF>.<CRLF>"},
        {reply::service_not_available,
         "<domain> Service not available, closing transmission channel"},
        {reply::mailbox_busy, "Requested mail action not taken: mailbox unavailable"},
        {reply::local_error, "Requested action aborted: local error in processing"},
        {reply::insufficient_storage, "Requested action not taken: insufficient system storage"},
        {reply::syntax_error, "Syntax error, command unrecognized"},
        {reply::syntax_error_in_arguments, "Syntax error in parameters or arguments"},
        {reply::command_not_implemented, "Command not implemented"},
        {reply::bad_sequence, "Bad sequence of commands"},
        {reply::parameter_not_implemented, "Command parameter not implemented"},
        {reply::mailbox_unavailable, "Requested action not taken: mailbox unavailable"},
        {reply::user_not_local, "User not local; please try <forward-path>"},
        {reply::storage_exceeded, "Requested mail action aborted: exceeded storage allocation"},
        {reply::mailbox_name_not_allowed, "Requested action not taken: mailbox name not allowed"},
        {reply::transaction_failed, "Transaction failed"},
    };
    ASSERT_EQ(reply_table().size(), rfc.size());
    for (std::size_t i = 0; i < rfc.size(); ++i) {
        EXPECT_EQ(reply_table()[i].code, rfc[i].first);
        EXPECT_EQ(reply_table()[i].text, rfc[i].second);
        EXPECT_EQ(standard_text(rfc[i].first), rfc[i].second);
    }
    EXPECT_EQ(standard_text(299), "");
}

TEST(reply, classifies_by_first_digit) {
    EXPECT_EQ(Reply(reply::ok, "OK").kind(), ReplyClass::positive_completion);
    EXPECT_EQ(Reply(reply::start_mail_input, "").kind(), ReplyClass::positive_intermediate);
    EXPECT_EQ(Reply(reply::mailbox_busy, "").kind(), ReplyClass::transient_negative);
    EXPECT_EQ(Reply(reply::mailbox_unavailable, "").kind(), ReplyClass::permanent_negative);
    EXPECT_TRUE(Reply(reply::local_error, "").transient());
    EXPECT_TRUE(Reply(reply::transaction_failed, "").permanent());
    EXPECT_TRUE(Reply(reply::will_forward, "").positive());
    EXPECT_FALSE(Reply(reply::service_not_available, "").positive());
}

TEST(reply, formats_single_and_multi_line_replies) {
    EXPECT_EQ(Reply(reply::ok, "OK").format(), "250 OK\r\n");
    EXPECT_EQ(standard_reply(reply::bad_sequence).format(), "503 Bad sequence of commands\r\n");
    const Reply list(reply::ok, {"<ABC@MIT-MC.ARPA>", "Fred Fonebone <Fonebone@USC-ISIQ.ARPA>",
                                 "<xyz@bar-unix.ARPA>"});
    EXPECT_EQ(list.format(),
              "250-<ABC@MIT-MC.ARPA>\r\n250-Fred Fonebone <Fonebone@USC-ISIQ.ARPA>\r\n250 "
              "<xyz@bar-unix.ARPA>\r\n");
    EXPECT_EQ(list.wire_lines(),
              (std::vector<std::string>{"250-<ABC@MIT-MC.ARPA>",
                                        "250-Fred Fonebone <Fonebone@USC-ISIQ.ARPA>",
                                        "250 <xyz@bar-unix.ARPA>"}));
    EXPECT_EQ(Reply(reply::ok, std::vector<std::string>{}).format(), "250 \r\n");
}

TEST(reply, parses_what_it_formats) {
    for (const Reply& original :
         {Reply(reply::service_ready, "BBN-UNIX.ARPA Simple Mail Transfer Service Ready"),
          Reply(reply::help_message, {"a", "", "c"}), Reply(reply::ok, "")}) {
        auto parsed = parse_reply(original.format());
        ASSERT_TRUE(parsed.ok()) << parsed.error().message();
        EXPECT_EQ(parsed.value(), original);
    }
}

TEST(reply, reader_assembles_multi_line_replies) {
    ReplyReader reader;
    EXPECT_FALSE(reader.feed("250-first").has_value());
    EXPECT_TRUE(reader.in_reply());
    EXPECT_FALSE(reader.feed("250-second").has_value());
    auto done = reader.feed("250 last");
    ASSERT_TRUE(done.has_value());
    ASSERT_TRUE(done->ok());
    EXPECT_EQ(done->value(), Reply(250, {"first", "second", "last"}));
    EXPECT_FALSE(reader.in_reply());
    auto bare = reader.feed("221");
    ASSERT_TRUE(bare && bare->ok());
    EXPECT_EQ(bare->value(), Reply(221, ""));
}

TEST(reply, malformed_replies_say_what_was_expected) {
    auto error_of = [](std::string_view text) {
        auto parsed = parse_reply(text);
        EXPECT_FALSE(parsed.ok()) << text;
        return parsed.ok() ? std::string() : parsed.error().message();
    };
    // Appendix F, scenario 9 prints one reply as "R: OK".
    EXPECT_EQ(error_of("OK\r\n"), "expected a three-digit reply code at character 1");
    EXPECT_EQ(error_of(""), "expected a three-digit reply code at character 1");
    EXPECT_EQ(error_of("25 OK"), "expected a three-digit reply code at character 1");
    EXPECT_EQ(error_of("650 OK"),
              "expected a reply code whose first digit is 1 to 5 at character 1");
    EXPECT_EQ(error_of("250_OK"), "expected a space or \"-\" after the reply code at character 4");
    EXPECT_EQ(
        error_of("250-a\r\n251 b"),
        "expected reply code 250 on every line of a multi-line reply, found 251 at character 8");
    EXPECT_EQ(error_of("250-a\r\n"),
              "expected a last line \"ddd text\" to end the multi-line reply at character 6");
    EXPECT_EQ(error_of("250 a\r\n250 b\r\n"),
              "expected the end of the reply after its last line at character 8");
}

TEST(reply, reader_recovers_after_a_malformed_line) {
    ReplyReader reader;
    EXPECT_FALSE(reader.feed("250-a").has_value());
    auto bad = reader.feed("xyz");
    ASSERT_TRUE(bad && !bad->ok());
    auto good = reader.feed("250 OK");
    ASSERT_TRUE(good && good->ok());
    EXPECT_EQ(good->value(), Reply(250, "OK"));
}

TEST(reply, reader_takes_a_reply_line_of_512_characters_with_its_crlf_and_no_more) {
    // RFC 821 4.5.3: 512 characters including the reply code and the CRLF.
    ReplyReader reader;
    const std::string longest = "250 " + std::string(max_reply_line_length - 6, 'x');
    auto taken = reader.feed(longest);
    ASSERT_TRUE(taken && taken->ok());
    auto refused = reader.feed(longest + "x");
    ASSERT_TRUE(refused && !refused->ok());
    EXPECT_EQ(refused->error().message(),
              "a reply line longer than 512 characters with its CRLF (RFC 821 4.5.3) at "
              "character 511");
}

TEST(reply, reader_ends_a_reply_of_too_many_lines) {
    ReplyReader reader;
    for (std::size_t i = 0; i < max_reply_lines; ++i) {
        ASSERT_FALSE(reader.feed("250-more").has_value()) << i;
    }
    auto refused = reader.feed("250-more");
    ASSERT_TRUE(refused && !refused->ok());
    EXPECT_EQ(refused->error().message(), "a reply of more than 10001 lines at character 1");
    EXPECT_FALSE(reader.in_reply());  // nothing of it is held
}
