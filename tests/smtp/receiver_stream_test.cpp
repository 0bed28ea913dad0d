// A receiver fed from a byte stream: lines at LF, replies as soon as a line
// is known to be too long, never more than a line's limit held.
#include "smtp/receiver_stream.hpp"

#include <gtest/gtest.h>

#include "test_policy.hpp"

using namespace smtpsim::smtp;
using smtpsim::smtp::testing::TablePolicy;

namespace {

struct Stream {
    TablePolicy policy;
    Receiver receiver{"ME.ARPA", policy};
    ReceiverStream stream{receiver};

    Stream() {
        policy.add_user("Jones");
        receiver.greeting();
    }
    // The replies to `bytes`, fed in pieces of `chunk` bytes, then the end of input.
    std::string feed(std::string_view bytes, std::size_t chunk = 1 << 16) {
        std::string out;
        for (std::size_t at = 0; at < bytes.size(); at += chunk) {
            for (const Reply& reply : stream.feed(bytes.substr(at, chunk))) {
                out += reply.format();
            }
        }
        for (const Reply& reply : stream.finish()) {
            out += reply.format();
        }
        return out;
    }
};

const std::string dialogue =
    "HELO THEM.ARPA\r\nMAIL FROM:<Smith@THEM.ARPA>\nRCPT TO:<Jones@ME.ARPA>\r\nDATA\r\n"
    "..stuffed\r\n" +
    std::string(1200, 'x') + "\r\n.\r\nNOOP " + std::string(700, 'y') + "\nVRFY\r\nQUIT";

}  // namespace

TEST(receiver_stream, replies_do_not_depend_on_how_the_bytes_arrive) {
    const std::string whole = Stream().feed(dialogue);
    EXPECT_EQ(whole,
              "250 ME.ARPA\r\n250 OK\r\n250 OK\r\n354 Start mail input; end with "
              "<CRLF>.<CRLF>\r\n554 Transaction failed: a text line is longer than 1000 "
              "characters\r\n500 Line too long.\r\n501 Syntax error in parameters: expected an "
              "argument after VRFY at character 5\r\n221 ME.ARPA Service closing transmission "
              "channel\r\n");
    for (const std::size_t chunk : {1, 2, 3, 7, 511, 512, 513, 1000, 1001, 1002}) {
        EXPECT_EQ(Stream().feed(dialogue, chunk), whole) << chunk;
    }
}

TEST(receiver_stream, an_endless_command_line_is_answered_once_at_its_limit) {
    Stream s;
    std::string replies;
    for (const Reply& r : s.stream.feed(std::string(511, 'A'))) {
        replies += r.format();
    }
    EXPECT_EQ(replies, "");  // 511 bytes and a CR LF would still be too long, but not known yet
    const auto at_limit = s.stream.feed("A");
    ASSERT_EQ(at_limit.size(), 1u);
    EXPECT_EQ(at_limit[0].format(), "500 Line too long.\r\n");
    for (int i = 0; i < 1000; ++i) {
        EXPECT_TRUE(s.stream.feed(std::string(1 << 16, '\0')).empty());
    }
    const auto after = s.stream.feed("\r\nHELO THEM.ARPA\r\n");
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0].code, reply::ok);
}

TEST(receiver_stream, a_command_line_of_512_characters_with_crlf_is_taken_whole) {
    // 510 characters and CRLF: 512 in all, the longest command line.
    const std::string longest = "VRFY " + std::string(505, 'x');
    EXPECT_EQ(Stream().feed("HELO T.ARPA\r\n" + longest + "\r\n"),
              "250 ME.ARPA\r\n550 String does not match anything.\r\n");
    EXPECT_EQ(Stream().feed("HELO T.ARPA\r\n" + longest + "x\r\n"),
              "250 ME.ARPA\r\n500 Line too long.\r\n");
}

TEST(receiver_stream, a_text_line_of_998_characters_is_mail_data) {
    Stream s;
    const std::string text(998, 'z');
    s.feed("HELO T.ARPA\r\nMAIL FROM:<a@T.ARPA>\r\nRCPT TO:<Jones@ME.ARPA>\r\nDATA\r\n." + text +
           "\r\n.\r\n");
    ASSERT_EQ(s.policy.accepted.size(), 1u);
    EXPECT_EQ(s.policy.accepted[0].data->lines().at(0), text);  // the doubled dot does not count
}

TEST(receiver_stream, nothing_is_read_after_quit) {
    Stream s;
    EXPECT_EQ(s.feed("QUIT\r\nHELO X.ARPA\r\n"),
              "221 ME.ARPA Service closing transmission channel\r\n");
}
