// The receiver's reply classes (RFC 821 4.3, 4.4) and its 8-bit policies
// (RFC 821 4.5.2).
#include <gtest/gtest.h>

#include "smtp/receiver.hpp"
#include "test_policy.hpp"

using namespace smtpsim::smtp;

namespace {

const std::string bulgarian =
    "\xd0\x9c\xd0\xbe\xd0\xb4\xd0\xb5\xd0\xbb\xd1\x8a\xd1\x82";  // Моделът

// A receiver after HELO, MAIL and RCPT for Jones.
struct Open {
    smtpsim::smtp::testing::TablePolicy policy;
    Receiver receiver{"ME.ARPA", policy};

    explicit Open(EightBit eight_bit = EightBit::refuse) {
        policy.add_user("Jones");
        receiver.eight_bit(eight_bit);
        receiver.greeting();
        receiver.on_line("HELO THEM.ARPA");
        receiver.on_line("MAIL FROM:<Smith@THEM.ARPA>");
        receiver.on_line("RCPT TO:<Jones@ME.ARPA>");
    }
    ReplyCode send_lines(const std::vector<std::string>& lines) {
        EXPECT_EQ(receiver.on_line("DATA")->code, reply::start_mail_input);
        for (const std::string& line : lines) {
            EXPECT_FALSE(receiver.on_line(line).has_value());
        }
        return receiver.on_line(".")->code;
    }
    ReplyCode send_text(const std::vector<std::string>& lines) {
        EXPECT_EQ(receiver.on_line("DATA")->code, reply::start_mail_input);
        return receiver.on_mail_text(MailText::from_lines(lines))->code;
    }
};

}  // namespace

// RFC 821 4.3: the class of a code depends on the command it answers.
TEST(reply_outcome, follows_the_lists_of_section_4_3) {
    EXPECT_EQ(reply_outcome(permitted_replies(Verb::rcpt), 550), ReplyOutcome::failure);
    EXPECT_EQ(reply_outcome(permitted_replies(Verb::rcpt), 503), ReplyOutcome::error);
    EXPECT_EQ(reply_outcome(permitted_replies(Verb::rcpt), 251), ReplyOutcome::success);
    EXPECT_EQ(reply_outcome(permitted_replies(Verb::data), 354), ReplyOutcome::intermediate);
    EXPECT_EQ(reply_outcome(permitted_replies(Verb::turn), 502), ReplyOutcome::failure);
    EXPECT_EQ(reply_outcome(permitted_replies(Verb::vrfy), 502), ReplyOutcome::error);
    EXPECT_EQ(reply_outcome(permitted_greetings(), 421), ReplyOutcome::failure);
    EXPECT_EQ(reply_outcome(permitted_replies(Verb::mail), 421), ReplyOutcome::error);
    // Codes 4.3 does not list for the command take their class from elsewhere.
    EXPECT_EQ(reply_outcome(permitted_replies(Verb::mail), 503), ReplyOutcome::error);
    EXPECT_EQ(reply_outcome(permitted_replies(Verb::mail), 550), ReplyOutcome::failure);
    EXPECT_EQ(reply_outcome(500), ReplyOutcome::error);
    EXPECT_EQ(reply_outcome(214), ReplyOutcome::success);
    EXPECT_EQ(reply_outcome_letters(ReplyOutcome::failure), "F");
}

TEST(receiver, tells_the_section_4_3_class_of_every_reply) {
    smtpsim::smtp::testing::TablePolicy policy;
    policy.add_user("Jones");
    Receiver receiver("ME.ARPA", policy);
    receiver.greeting();
    EXPECT_EQ(receiver.last_outcome(), ReplyOutcome::success);
    const std::vector<std::pair<std::string, ReplyOutcome>> dialogue = {
        {"FOO", ReplyOutcome::error},
        {"HELO THEM.ARPA", ReplyOutcome::success},
        {"RCPT TO:<Jones@ME.ARPA>", ReplyOutcome::error},  // 503
        {"MAIL FROM:<Smith@THEM.ARPA>", ReplyOutcome::success},
        {"RCPT TO:<Nobody@ME.ARPA>", ReplyOutcome::failure},  // 550
        {"RCPT TO:<Jones@ME.ARPA>", ReplyOutcome::success},
        {"DATA", ReplyOutcome::intermediate},
        {".", ReplyOutcome::success},
        {"TURN", ReplyOutcome::failure},  // 502: TURN is the one command 4.3 lists 502 as F
    };
    for (const auto& [line, outcome] : dialogue) {
        ASSERT_TRUE(receiver.on_line(line).has_value()) << line;
        EXPECT_EQ(receiver.last_outcome(), outcome) << line;
    }
    smtpsim::smtp::testing::TablePolicy refusing;
    refusing.serve = false;
    Receiver closed("ME.ARPA", refusing);
    closed.greeting();
    EXPECT_EQ(closed.last_outcome(), ReplyOutcome::failure);  // 4.3 CONNECTION ESTABLISHMENT F: 421
}

// RFC 821 4.5.2: mail data is 7-bit; by default a receiver refuses other
// bytes with 554, which 4.3 lists for the end of mail data.
TEST(receiver, refuses_8_bit_text_with_554_by_default_line_by_line_and_whole) {
    Open lines;
    EXPECT_EQ(lines.send_lines({"fine", bulgarian}), reply::transaction_failed);
    EXPECT_EQ(lines.receiver.last_outcome(), ReplyOutcome::failure);
    Open whole;
    EXPECT_EQ(whole.send_text({"fine", bulgarian}), reply::transaction_failed);
    EXPECT_TRUE(lines.policy.accepted.empty());
    EXPECT_TRUE(whole.policy.accepted.empty());
}

TEST(receiver, strips_the_high_bit_when_told_and_drops_what_would_be_nul_or_a_line_end) {
    // "ъ" is D1 8A and "р" D1 80: stripped, 0x8A would be LF and 0x80 NUL;
    // both are dropped.
    const std::string text = bulgarian + " \xd1\x80.";
    const std::string stripped = "P\x1cP>P4P5P;QQ\x02 Q.";
    EXPECT_EQ(strip_high_bit(text), stripped);
    Open lines(EightBit::strip);
    EXPECT_EQ(lines.send_lines({text}), reply::ok);
    EXPECT_EQ(lines.policy.accepted.at(0).data->lines(), std::vector<std::string>{stripped});
    Open whole(EightBit::strip);
    EXPECT_EQ(whole.send_text({"plain", text}), reply::ok);
    EXPECT_EQ(whole.policy.accepted.at(0).data->lines(),
              (std::vector<std::string>{"plain", stripped}));
    EXPECT_EQ(whole.policy.accepted.at(0).data->lines_with_8bit(), 0u);
}

TEST(receiver, passes_8_bit_text_when_told_but_never_a_nul) {
    Open lines(EightBit::pass);
    EXPECT_EQ(lines.send_lines({bulgarian}), reply::ok);
    EXPECT_EQ(lines.policy.accepted.at(0).data->lines(), std::vector<std::string>{bulgarian});
    Open whole(EightBit::pass);
    EXPECT_EQ(whole.send_text({bulgarian}), reply::ok);
    EXPECT_EQ(whole.policy.accepted.at(0).data->lines(), std::vector<std::string>{bulgarian});
    for (EightBit policy : {EightBit::pass, EightBit::strip}) {
        Open nul(policy);
        EXPECT_EQ(nul.send_lines({std::string("a\0b", 3)}), reply::transaction_failed);
        Open nul_text(policy);
        EXPECT_EQ(nul_text.send_text({std::string("a\0b", 3)}), reply::transaction_failed);
    }
}
