#include "smtp/sender.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "smtp/receiver.hpp"
#include "test_policy.hpp"

using namespace smtpsim::smtp;
using smtpsim::smtp::testing::path;
using smtpsim::smtp::testing::TablePolicy;

namespace {

Envelope envelope(std::string_view from, std::vector<std::string_view> to,
                  std::vector<std::string> data = {"Hi"}, Mode mode = Mode::mail) {
    Envelope e;
    e.reverse_path = path(from);
    for (auto t : to) {
        e.forward_paths.push_back(path(t));
    }
    e.data = MailText::from_lines(std::move(data));
    e.mode = mode;
    return e;
}

// Runs a sender against a receiver until the sender is done; returns the
// transcript as "S: ..." and "R: ..." lines.
std::vector<std::string> converse(Sender& sender, Receiver& receiver) {
    std::vector<std::string> transcript;
    auto record = [&](const Reply& reply) {
        for (const auto& line : reply.wire_lines()) {
            transcript.push_back("R: " + line);
        }
    };
    EXPECT_TRUE(sender.start().empty());
    Reply reply = receiver.greeting();
    record(reply);
    for (int guard = 0; guard < 10000 && !sender.done(); ++guard) {
        std::optional<Reply> answer;
        for (const auto& line : sender.on_reply(reply)) {
            transcript.push_back("S: " + line);
            answer = receiver.on_line(line);
        }
        if (sender.done()) {
            break;
        }
        if (!answer) {
            sender.on_connection_lost();
            break;
        }
        record(*answer);
        reply = *answer;
    }
    return transcript;
}

Outcome outcome_of(const Sender& sender, std::size_t envelope, std::size_t recipient) {
    return sender.outcomes(envelope)[recipient].outcome;
}

}  // namespace

TEST(sender, waits_for_the_greeting_then_runs_a_whole_transaction) {
    TablePolicy policy;
    policy.add_user("Jones");
    policy.add_user("Brown");
    Receiver receiver("BBN-UNIX.ARPA", policy);
    Sender sender(
        "USC-ISIF.ARPA",
        {envelope("<Smith@USC-ISIF.ARPA>",
                  {"<Jones@BBN-UNIX.ARPA>", "<Green@BBN-UNIX.ARPA>", "<Brown@BBN-UNIX.ARPA>"},
                  {"Blah blah blah...", "...etc. etc. etc."})});
    EXPECT_EQ(sender.state(), SenderState::greeting);
    const std::vector<std::string> expected = {
        "R: 220 BBN-UNIX.ARPA Simple Mail Transfer Service Ready",
        "S: HELO USC-ISIF.ARPA",
        "R: 250 BBN-UNIX.ARPA",
        "S: MAIL FROM:<Smith@USC-ISIF.ARPA>",
        "R: 250 OK",
        "S: RCPT TO:<Jones@BBN-UNIX.ARPA>",
        "R: 250 OK",
        "S: RCPT TO:<Green@BBN-UNIX.ARPA>",
        "R: 550 No such user here",
        "S: RCPT TO:<Brown@BBN-UNIX.ARPA>",
        "R: 250 OK",
        "S: DATA",
        "R: 354 Start mail input; end with <CRLF>.<CRLF>",
        "S: Blah blah blah...",
        "S: ....etc. etc. etc.",
        "S: .",
        "R: 250 OK",
        "S: QUIT",
        "R: 221 BBN-UNIX.ARPA Service closing transmission channel",
    };
    EXPECT_EQ(converse(sender, receiver), expected);
    EXPECT_TRUE(sender.done());
    EXPECT_EQ(outcome_of(sender, 0, 0), Outcome::accepted);
    EXPECT_EQ(outcome_of(sender, 0, 1), Outcome::permanent_failure);
    EXPECT_EQ(sender.outcomes(0)[1].reply->code, reply::mailbox_unavailable);
    EXPECT_EQ(outcome_of(sender, 0, 2), Outcome::accepted);
    EXPECT_EQ(sender.outcomes(0)[2].reply->code, reply::ok);
    // The receiver got the text back as it was, leading dots and all.
    EXPECT_EQ(policy.accepted.at(0).data->lines(),
              (std::vector<std::string>{"Blah blah blah...", "...etc. etc. etc."}));
}

TEST(sender, greeting_421_fails_everything_transiently_and_sends_nothing) {
    Sender sender("A", {envelope("<a@A>", {"<b@B>", "<c@B>"})});
    sender.start();
    const Reply greeting(reply::service_not_available,
                         "B Service not available, closing transmission channel");
    EXPECT_TRUE(sender.on_reply(greeting).empty());
    EXPECT_TRUE(sender.done());
    for (std::size_t r = 0; r < 2; ++r) {
        EXPECT_EQ(outcome_of(sender, 0, r), Outcome::transient_failure);
        EXPECT_EQ(sender.outcomes(0)[r].reply, greeting);
    }
}

TEST(sender, sends_no_data_when_no_recipient_was_accepted) {
    TablePolicy policy;
    Receiver receiver("B", policy);
    Sender sender("A", {envelope("<a@A>", {"<x@B>", "<y@B>"})});
    const auto transcript = converse(sender, receiver);
    EXPECT_EQ(std::count(transcript.begin(), transcript.end(), "S: DATA"), 0);
    EXPECT_EQ(transcript.at(transcript.size() - 4), "S: RSET");
    EXPECT_EQ(transcript.at(transcript.size() - 2), "S: QUIT");
    EXPECT_EQ(outcome_of(sender, 0, 0), Outcome::permanent_failure);
    EXPECT_EQ(outcome_of(sender, 0, 1), Outcome::permanent_failure);
}

TEST(sender, runs_several_transactions_on_one_connection) {
    TablePolicy policy;
    policy.add_user("x");
    Receiver receiver("B", policy);
    Sender sender("A", {envelope("<a@A>", {"<x@B>"}, {"one"}),
                        envelope("<>", {"<x@B>"}, {"two"}, Mode::saml)});
    const auto transcript = converse(sender, receiver);
    EXPECT_EQ(std::count(transcript.begin(), transcript.end(), "S: HELO A"), 1);
    EXPECT_NE(std::find(transcript.begin(), transcript.end(), "S: SAML FROM:<>"), transcript.end());
    ASSERT_EQ(policy.accepted.size(), 2u);
    EXPECT_EQ(policy.accepted[1].mode, Mode::saml);
    EXPECT_EQ(outcome_of(sender, 0, 0), Outcome::accepted);
    EXPECT_EQ(outcome_of(sender, 1, 0), Outcome::accepted);
}

TEST(sender, refused_mail_fails_that_envelope_and_goes_on_to_the_next) {
    Sender sender("A", {envelope("<a@A>", {"<x@B>"}), envelope("<b@A>", {"<y@B>"})});
    sender.start();
    sender.on_reply(Reply(220, "B ready"));
    EXPECT_EQ(sender.on_reply(Reply(250, "B")), std::vector<std::string>{"MAIL FROM:<a@A>"});
    EXPECT_EQ(sender.on_reply(standard_reply(452)), std::vector<std::string>{"MAIL FROM:<b@A>"});
    EXPECT_EQ(outcome_of(sender, 0, 0), Outcome::transient_failure);
    EXPECT_EQ(sender.on_reply(Reply(250, "OK")), std::vector<std::string>{"RCPT TO:<y@B>"});
}

TEST(sender, too_many_recipients_552_moves_the_rest_to_another_transaction) {
    TablePolicy policy;
    policy.add_user("fabry");
    policy.add_user("eric");
    policy.add_user("kirk");
    policy.recipient_limit = 1;
    Receiver receiver("BERKELEY.ARPA", policy);
    Sender sender(
        "USC-ISIF.ARPA",
        {envelope("<Postel@USC-ISIF.ARPA>",
                  {"<fabry@BERKELEY.ARPA>", "<eric@BERKELEY.ARPA>", "<kirk@BERKELEY.ARPA>"})});
    const auto transcript = converse(sender, receiver);
    EXPECT_EQ(
        std::count(transcript.begin(), transcript.end(), "S: MAIL FROM:<Postel@USC-ISIF.ARPA>"), 3);
    ASSERT_EQ(policy.accepted.size(), 3u);
    for (std::size_t r = 0; r < 3; ++r) {
        EXPECT_EQ(outcome_of(sender, 0, r), Outcome::accepted) << r;
    }
}

TEST(sender, 552_on_the_first_recipient_of_a_transaction_is_permanent) {
    Sender sender("A", {envelope("<a@A>", {"<x@B>"})});
    sender.start();
    sender.on_reply(Reply(220, "B"));
    sender.on_reply(Reply(250, "B"));
    sender.on_reply(Reply(250, "OK"));
    EXPECT_EQ(sender.on_reply(standard_reply(552)), std::vector<std::string>{"RSET"});
    EXPECT_EQ(outcome_of(sender, 0, 0), Outcome::permanent_failure);
    EXPECT_EQ(sender.on_reply(Reply(250, "OK")), std::vector<std::string>{"QUIT"});
    EXPECT_TRUE(sender.on_reply(Reply(221, "B closing")).empty());
    EXPECT_TRUE(sender.done());
}

TEST(sender, failed_data_fails_the_accepted_recipients_by_reply_class) {
    for (const auto& [code, expected] : std::vector<std::pair<ReplyCode, Outcome>>{
             {451, Outcome::transient_failure}, {554, Outcome::permanent_failure}}) {
        Sender sender("A", {envelope("<a@A>", {"<x@B>", "<y@B>"})});
        sender.start();
        sender.on_reply(Reply(220, "B"));
        sender.on_reply(Reply(250, "B"));
        sender.on_reply(Reply(250, "OK"));
        sender.on_reply(Reply(250, "OK"));
        EXPECT_EQ(sender.on_reply(standard_reply(550)), std::vector<std::string>{"DATA"});
        EXPECT_EQ(sender.on_reply(standard_reply(code)), std::vector<std::string>{"RSET"});
        EXPECT_EQ(outcome_of(sender, 0, 0), expected);
        EXPECT_EQ(outcome_of(sender, 0, 1), Outcome::permanent_failure);
    }
}

TEST(sender, end_of_data_failure_fails_the_accepted_recipients) {
    Sender sender("A", {envelope("<a@A>", {"<x@B>"}, {".", "x"})});
    sender.start();
    sender.on_reply(Reply(220, "B"));
    sender.on_reply(Reply(250, "B"));
    sender.on_reply(Reply(250, "OK"));
    sender.on_reply(Reply(251, "User not local; will forward to <x@C>"));
    EXPECT_EQ(sender.on_reply(Reply(354, "go")), (std::vector<std::string>{"..", "x", "."}));
    EXPECT_EQ(sender.on_reply(standard_reply(552)), std::vector<std::string>{"QUIT"});
    EXPECT_EQ(outcome_of(sender, 0, 0), Outcome::permanent_failure);
    EXPECT_EQ(sender.outcomes(0)[0].rcpt_reply->code, reply::will_forward);
}

TEST(sender, a_421_at_any_step_fails_what_is_not_yet_accepted) {
    // Steps at which the 421 arrives, counted in replies after the greeting.
    for (int step = 0; step < 7; ++step) {
        Sender sender("A", {envelope("<a@A>", {"<x@B>"}), envelope("<a@A>", {"<y@B>"})});
        sender.start();
        sender.on_reply(Reply(220, "B"));
        const std::vector<Reply> script = {Reply(250, "B"),  Reply(250, "OK"), Reply(250, "OK"),
                                           Reply(354, "go"), Reply(250, "OK"), Reply(250, "OK"),
                                           Reply(250, "OK")};
        for (int i = 0; i < step; ++i) {
            sender.on_reply(script[static_cast<std::size_t>(i)]);
        }
        EXPECT_TRUE(sender.on_reply(standard_reply(reply::service_not_available)).empty());
        EXPECT_TRUE(sender.done());
        EXPECT_EQ(outcome_of(sender, 0, 0),
                  step >= 5 ? Outcome::accepted : Outcome::transient_failure)
            << step;
        EXPECT_EQ(outcome_of(sender, 1, 0), Outcome::transient_failure) << step;
    }
}

TEST(sender, lost_connection_after_the_final_dot_is_transient) {
    Sender sender("A", {envelope("<a@A>", {"<x@B>"})});
    sender.start();
    sender.on_reply(Reply(220, "B"));
    sender.on_reply(Reply(250, "B"));
    sender.on_reply(Reply(250, "OK"));
    sender.on_reply(Reply(250, "OK"));
    sender.on_reply(Reply(354, "go"));
    sender.on_connection_lost();
    EXPECT_TRUE(sender.done());
    EXPECT_EQ(outcome_of(sender, 0, 0), Outcome::transient_failure);
    EXPECT_FALSE(sender.outcomes(0)[0].reply.has_value());
    EXPECT_TRUE(sender.on_reply(Reply(250, "late")).empty());
    EXPECT_EQ(outcome_of(sender, 0, 0), Outcome::transient_failure);
}

TEST(sender, a_reply_of_the_wrong_class_ends_the_session) {
    Sender sender("A", {envelope("<a@A>", {"<x@B>"})});
    sender.start();
    sender.on_reply(Reply(220, "B"));
    sender.on_reply(Reply(250, "B"));
    EXPECT_EQ(sender.on_reply(Reply(354, "?")), std::vector<std::string>{"QUIT"});
    EXPECT_EQ(outcome_of(sender, 0, 0), Outcome::transient_failure);
    EXPECT_EQ(sender.state(), SenderState::quit);
}

TEST(sender, rejected_helo_fails_everything_by_class) {
    Sender sender("A", {envelope("<a@A>", {"<x@B>", "<y@B>"})});
    sender.start();
    sender.on_reply(Reply(220, "B"));
    EXPECT_EQ(sender.on_reply(standard_reply(501)), std::vector<std::string>{"QUIT"});
    EXPECT_EQ(outcome_of(sender, 0, 0), Outcome::permanent_failure);
    EXPECT_EQ(outcome_of(sender, 0, 1), Outcome::permanent_failure);
}

TEST(sender, every_recipient_ends_with_one_outcome_against_any_receiver_policy) {
    // Accounting: whatever the receiver answers, nothing stays pending.
    for (MailboxStatus status :
         {MailboxStatus::exists, MailboxStatus::will_forward, MailboxStatus::please_try,
          MailboxStatus::unknown, MailboxStatus::busy, MailboxStatus::no_storage,
          MailboxStatus::storage_exceeded, MailboxStatus::name_not_allowed}) {
        for (Verb fault : {Verb::helo, Verb::mail, Verb::rcpt, Verb::data, Verb::rset}) {
            TablePolicy policy;
            policy.mailboxes["x"] = MailboxAnswer{status, path("<x@C>")};
            policy.add_user("y");
            policy.faults[fault] = fault == Verb::rcpt ? 451 : 421;
            Receiver receiver("B", policy);
            Sender sender("A",
                          {envelope("<a@A>", {"<x@B>", "<y@B>"}), envelope("<a@A>", {"<y@B>"})});
            converse(sender, receiver);
            EXPECT_TRUE(sender.done());
            for (std::size_t e = 0; e < sender.envelope_count(); ++e) {
                for (const auto& outcome : sender.outcomes(e)) {
                    EXPECT_NE(outcome.outcome, Outcome::pending);
                }
            }
        }
    }
}

namespace {

// A receiver host whose end-of-data answer is drawn at random, recording only
// the messages it took responsibility for (250).
class RandomHost : public TablePolicy {
  public:
    explicit RandomHost(unsigned seed) : rng_(seed) {}
    Reply accept_message(Transaction& transaction) override {
        static const ReplyCode codes[] = {250, 250, 250, 451, 552, 554};
        const ReplyCode code = codes[std::uniform_int_distribution<int>(0, 5)(rng_)];
        if (code == reply::ok) {
            delivered.push_back(transaction);
        }
        return code == reply::ok ? Reply(code, "OK") : standard_reply(code);
    }
    std::vector<Transaction> delivered;

  private:
    std::mt19937 rng_;
};

}  // namespace

// Accounting across sender and receiver: a recipient is "accepted" exactly
// when the receiver took a message for it, whatever else happened.
TEST(sender, accepted_outcomes_match_what_the_receiver_took_over_random_sessions) {
    std::mt19937 rng(821);
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    const std::vector<std::string> users = {"u0", "u1", "u2", "u3", "u4", "u5"};
    for (int round = 0; round < 300; ++round) {
        RandomHost host(static_cast<unsigned>(round));
        for (const auto& user : users) {
            host.mailboxes[user] =
                MailboxAnswer{static_cast<MailboxStatus>(pick(8)), path("<x@C>")};
        }
        host.recipient_limit = static_cast<std::size_t>(1 + pick(4));
        if (pick(4) == 0) {
            host.faults[all_verbs[static_cast<std::size_t>(pick(14))]] =
                reply::service_not_available;
        }
        std::vector<Envelope> envelopes;
        const int count = 1 + pick(3);
        for (int e = 0; e < count; ++e) {
            Envelope envelope;
            envelope.reverse_path = path("<s" + std::to_string(e) + "@A>");
            envelope.mode = static_cast<Mode>(pick(4));
            const int recipients = 1 + pick(6);
            for (int r = 0; r < recipients; ++r) {
                envelope.forward_paths.push_back(
                    path("<" + users[static_cast<std::size_t>(pick(6))] + "@B>"));
            }
            envelope.data = MailText::from_lines({"line", ".dot"});
            envelopes.push_back(envelope);
        }
        Receiver receiver("B", host);
        Sender sender("A", envelopes);
        converse(sender, receiver);
        ASSERT_TRUE(sender.done());
        std::multiset<std::string> accepted;
        std::multiset<std::string> delivered;
        for (std::size_t e = 0; e < envelopes.size(); ++e) {
            for (std::size_t r = 0; r < envelopes[e].forward_paths.size(); ++r) {
                const Outcome outcome = sender.outcomes(e)[r].outcome;
                ASSERT_NE(outcome, Outcome::pending);
                if (outcome == Outcome::accepted) {
                    accepted.insert(envelopes[e].reverse_path.format() +
                                    envelopes[e].forward_paths[r].format());
                }
            }
        }
        for (const auto& tx : host.delivered) {
            EXPECT_EQ(tx.data->lines(), (std::vector<std::string>{"line", ".dot"}));
            for (const auto& recipient : tx.recipients) {
                delivered.insert(tx.received_reverse_path.format() +
                                 recipient.requested_path.format());
            }
        }
        EXPECT_EQ(accepted, delivered) << "round " << round;
    }
}

TEST(sender, finds_the_forward_path_a_251_or_551_names) {
    EXPECT_EQ(forward_path_in(Reply(251, "User not local; will forward to <Jones@USC-ISI.ARPA>"))
                  ->format(),
              "<Jones@USC-ISI.ARPA>");
    EXPECT_EQ(
        forward_path_in(Reply(551, "User not local; please try <@A:Mockapetris@USC-ISIF.ARPA>"))
            ->format(),
        "<@A:Mockapetris@USC-ISIF.ARPA>");
    EXPECT_FALSE(forward_path_in(Reply(551, "User not local")).has_value());
    EXPECT_FALSE(forward_path_in(Reply(551, "try <not a path>")).has_value());
    EXPECT_FALSE(forward_path_in(Reply(551, "try <>")).has_value());
}

TEST(sender, turn_at_end_sends_turn_instead_of_quit_and_a_250_ends_its_part) {
    // RFC 821 3.8: after its mail the sender may ask to swap roles.
    Sender sender("A", {});
    sender.turn_at_end();
    sender.start();
    EXPECT_EQ(sender.on_reply(Reply(220, "B ready")), (std::vector<std::string>{"HELO A"}));
    EXPECT_EQ(sender.on_reply(Reply(reply::ok, "B")), (std::vector<std::string>{"TURN"}));
    EXPECT_TRUE(sender.on_reply(Reply(reply::ok, "OK")).empty());
    EXPECT_TRUE(sender.done());
    EXPECT_TRUE(sender.turned());
}

TEST(sender, turn_refused_with_502_is_followed_by_quit) {
    // RFC 821 4.1.1 TURN: 502 when the receiver will not take the sender's part.
    Sender sender("A", {});
    sender.turn_at_end();
    sender.start();
    sender.on_reply(Reply(220, "B ready"));
    sender.on_reply(Reply(reply::ok, "B"));
    EXPECT_EQ(sender.on_reply(Reply(reply::command_not_implemented, "Command not implemented")),
              (std::vector<std::string>{"QUIT"}));
    EXPECT_FALSE(sender.turned());
}

TEST(sender, with_nothing_to_send_it_still_sends_helo_first_then_quit) {
    // RFC 821 4.1.1: "The first command in a session must be the HELO
    // command"; a sender that takes over after TURN (nothing to send) too.
    Sender sender("B", {});
    sender.start();
    EXPECT_EQ(sender.on_reply(Reply(220, "A ready")), (std::vector<std::string>{"HELO B"}));
    EXPECT_EQ(sender.on_reply(Reply(reply::ok, "A")), (std::vector<std::string>{"QUIT"}));
    sender.on_reply(Reply(221, "A closing"));
    EXPECT_TRUE(sender.done());
}
