// The receiver and RFC 821 4.5.3's path limit: a reverse-path is at most 256
// characters, and a relay does not pass on one that its own name (3.6) made
// longer: it refuses the recipients it would relay with "501 Path too long".
#include <gtest/gtest.h>

#include <string>

#include "smtp/receiver.hpp"
#include "test_policy.hpp"

using namespace smtpsim::smtp;
using smtpsim::smtp::testing::path;
using smtpsim::smtp::testing::TablePolicy;

namespace {

constexpr const char* self = "ME.ARPA";
// What a relay adds in front of a reverse-path: "@ME.ARPA" and "," or ":".
constexpr std::size_t self_adds = 7 + 2;

// A reverse-path of exactly `length` characters (20 or more), "<" and ">"
// included: a source route of names of at most 60 characters, then
// Smith@THEM.ARPA.
std::string reverse_path_of_length(std::size_t length) {
    const std::string mailbox = "Smith@THEM.ARPA";
    std::size_t left = length - 2 - mailbox.size();  // for the route: "@name," each
    std::string route;
    char letter = 'a';
    while (left > 0) {
        std::size_t name = std::min<std::size_t>(60, left - 2);
        if (left - (name + 2) > 0 && left - (name + 2) < 3) {
            name -= 3;  // leave room for one more name of at least one character
        }
        route += (route.empty() ? "@" : ",@") + std::string(name, letter++);
        left -= name + 2;
    }
    return "<" + route + (route.empty() ? "" : ":") + mailbox + ">";
}

struct Relay {
    TablePolicy policy;
    Receiver receiver{self, policy};

    Relay() {
        policy.add_user("Jones");
        policy.mailboxes["fred"] =
            MailboxAnswer{MailboxStatus::will_forward, path("<Jones@USC-ISI.ARPA>")};
        EXPECT_EQ(receiver.greeting().code, reply::service_ready);
        EXPECT_EQ(receiver.on_line("HELO THEM.ARPA")->code, reply::ok);
    }
    std::string answer(const std::string& line) {
        auto reply = receiver.on_line(line);
        return reply ? reply->format() : "(no reply)";
    }
    // The transaction the policy got after DATA and ".".
    const Transaction& finish() {
        EXPECT_EQ(receiver.on_line("DATA")->code, reply::start_mail_input);
        EXPECT_EQ(receiver.on_line(".")->code, reply::ok);
        EXPECT_EQ(policy.accepted.size(), 1u);
        return policy.accepted.at(0);
    }
};

}  // namespace

TEST(receiver_limits, the_test_paths_have_the_length_asked_for_and_parse) {
    for (std::size_t length = 20; length <= 300; ++length) {
        const std::string text = reverse_path_of_length(length);
        ASSERT_EQ(text.size(), length);
        if (length <= 256) {
            ASSERT_TRUE(parse_path(text).ok()) << text;
        }
    }
}

TEST(receiver_limits, a_relay_passes_on_a_reverse_path_of_256_characters) {
    Relay relay;
    const std::string received = reverse_path_of_length(256 - self_adds);
    EXPECT_EQ(relay.answer("MAIL FROM:" + received), "250 OK\r\n");
    EXPECT_EQ(relay.answer("RCPT TO:<Brown@FAR.ARPA>"), "250 OK\r\n");
    EXPECT_EQ(relay.answer("RCPT TO:<@ME.ARPA,@NEXT.ARPA:Brown@FAR.ARPA>"), "250 OK\r\n");
    const Transaction& tx = relay.finish();
    EXPECT_EQ(tx.reverse_path.format().size(), 256u);
    EXPECT_EQ(tx.reverse_path.format(), "<@ME.ARPA," + received.substr(1));
    EXPECT_EQ(tx.recipients.size(), 2u);
}

TEST(receiver_limits, one_character_more_and_each_recipient_it_would_relay_is_501) {
    Relay relay;
    const std::string received = reverse_path_of_length(256 - self_adds + 1);
    EXPECT_EQ(relay.answer("MAIL FROM:" + received), "250 OK\r\n");
    for (const char* relayed : {"<Brown@FAR.ARPA>", "<@ME.ARPA,@NEXT.ARPA:Brown@FAR.ARPA>",
                                "<@OTHER.ARPA:Jones@ME.ARPA>", "<fred@ME.ARPA>"}) {
        EXPECT_EQ(relay.answer(std::string("RCPT TO:") + relayed), "501 Path too long\r\n")
            << relayed;
        EXPECT_EQ(relay.receiver.last_outcome(), ReplyOutcome::error);  // 4.3: RCPT's E: 501
        EXPECT_EQ(relay.receiver.state(), ReceiverState::transaction);
    }
    // Mail delivered here keeps the reverse-path as received (the
    // Return-Path); nothing is put in front of it.
    EXPECT_EQ(relay.answer("RCPT TO:<Jones@ME.ARPA>"), "250 OK\r\n");
    EXPECT_EQ(relay.answer("RCPT TO:<@ME.ARPA:Jones@ME.ARPA>"), "250 OK\r\n");
    const Transaction& tx = relay.finish();
    EXPECT_EQ(tx.received_reverse_path.format(), received);
    ASSERT_EQ(tx.recipients.size(), 2u);
    EXPECT_EQ(tx.recipients[0].delivery, Delivery::local);
    EXPECT_EQ(tx.recipients[1].delivery, Delivery::local);
}

TEST(receiver_limits, a_reverse_path_over_256_characters_is_refused_at_mail) {
    Relay relay;
    EXPECT_EQ(relay.answer("MAIL FROM:" + reverse_path_of_length(257)),
              "501 Syntax error in parameters: path longer than 256 characters at character "
              "267\r\n");
    EXPECT_EQ(relay.receiver.state(), ReceiverState::waiting);
    // At 256 the MAIL is taken; the mail can be delivered here, not relayed.
    EXPECT_EQ(relay.answer("MAIL FROM:" + reverse_path_of_length(256)), "250 OK\r\n");
    EXPECT_EQ(relay.answer("RCPT TO:<Brown@FAR.ARPA>"), "501 Path too long\r\n");
    EXPECT_EQ(relay.answer("RCPT TO:<Jones@ME.ARPA>"), "250 OK\r\n");
}

TEST(receiver_limits, a_notification_with_its_null_reverse_path_is_always_relayed) {
    Relay relay;
    EXPECT_EQ(relay.answer("MAIL FROM:<>"), "250 OK\r\n");
    const std::string far = "<@" + std::string(64, 'n') + ",@" + std::string(64, 'm') + ",@" +
                            std::string(64, 'k') + ":" + std::string(40, 'u') + "@FAR.ARPA>";
    EXPECT_EQ(relay.answer("RCPT TO:" + far), "250 OK\r\n");
    EXPECT_TRUE(relay.finish().reverse_path.is_null());
}
