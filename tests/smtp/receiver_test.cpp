#include "smtp/receiver.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <random>
#include <set>

#include "test_policy.hpp"

using namespace smtpsim::smtp;
using smtpsim::smtp::testing::path;
using smtpsim::smtp::testing::TablePolicy;

namespace {

// RFC 821 4.3, COMMAND-REPLY SEQUENCES, transcribed here independently of
// the library's table: every code listed for the command (I, S, F and E).
const std::map<Verb, std::set<ReplyCode>>& rfc_4_3() {
    static const std::map<Verb, std::set<ReplyCode>> table = {
        {Verb::helo, {250, 500, 501, 504, 421}},
        {Verb::mail, {250, 552, 451, 452, 500, 501, 421}},
        {Verb::rcpt, {250, 251, 550, 551, 552, 553, 450, 451, 452, 500, 501, 503, 421}},
        {Verb::data, {354, 451, 554, 500, 501, 503, 421}},
        {Verb::rset, {250, 500, 501, 504, 421}},
        {Verb::send, {250, 552, 451, 452, 500, 501, 502, 421}},
        {Verb::soml, {250, 552, 451, 452, 500, 501, 502, 421}},
        {Verb::saml, {250, 552, 451, 452, 500, 501, 502, 421}},
        {Verb::vrfy, {250, 251, 550, 551, 553, 500, 501, 502, 504, 421}},
        {Verb::expn, {250, 550, 500, 501, 502, 504, 421}},
        {Verb::help, {211, 214, 500, 501, 502, 504, 421}},
        {Verb::noop, {250, 500, 421}},
        {Verb::quit, {221, 500}},
        {Verb::turn, {250, 502, 500, 503}},
    };
    return table;
}
// DATA: "I: 354 -> data -> S: 250 / F: 552, 554, 451, 452"
const std::set<ReplyCode> rfc_end_of_data = {250, 552, 554, 451, 452};

enum class Start { authorization, waiting, transaction, with_recipient };
const std::vector<Start> all_starts = {Start::authorization, Start::waiting, Start::transaction,
                                       Start::with_recipient};

constexpr const char* self = "ME.ARPA";

// A receiver brought to `start` with lines that the policy accepts.
struct Session {
    TablePolicy policy;
    Receiver receiver{self, policy};

    explicit Session(Start start, const std::function<void(TablePolicy&)>& configure = {},
                     bool strict = false) {
        receiver.strict_sequence(strict);
        policy.add_user("Jones");
        policy.lists["Staff"] = ExpandAnswer{ExpandStatus::list, {{"", path("<Jones@ME.ARPA>")}}};
        policy.users["Jones"] =
            VerifyAnswer{VerifyStatus::user, "Jo Jones", path("<Jones@ME.ARPA>")};
        EXPECT_EQ(receiver.greeting().code, reply::service_ready);
        if (start != Start::authorization) {
            EXPECT_EQ(receiver.on_line("HELO THEM.ARPA")->code, reply::ok);
        }
        if (start == Start::transaction || start == Start::with_recipient) {
            EXPECT_EQ(receiver.on_line("MAIL FROM:<Smith@THEM.ARPA>")->code, reply::ok);
        }
        if (start == Start::with_recipient) {
            EXPECT_EQ(receiver.on_line("RCPT TO:<Jones@ME.ARPA>")->code, reply::ok);
        }
        if (configure) {
            configure(policy);  // after the set-up, so faults hit only the command under test
        }
    }
    ReplyCode code(std::string_view line) {
        auto reply = receiver.on_line(line);
        EXPECT_TRUE(reply.has_value()) << line;
        return reply ? reply->code : 0;
    }
};

// One well-formed line per command.
std::string good_line(Verb verb) {
    switch (verb) {
        case Verb::helo:
            return "HELO THEM.ARPA";
        case Verb::mail:
            return "MAIL FROM:<Smith@THEM.ARPA>";
        case Verb::rcpt:
            return "RCPT TO:<Jones@ME.ARPA>";
        case Verb::data:
            return "DATA";
        case Verb::rset:
            return "RSET";
        case Verb::send:
            return "SEND FROM:<Smith@THEM.ARPA>";
        case Verb::soml:
            return "SOML FROM:<Smith@THEM.ARPA>";
        case Verb::saml:
            return "SAML FROM:<Smith@THEM.ARPA>";
        case Verb::vrfy:
            return "VRFY Jones";
        case Verb::expn:
            return "EXPN Staff";
        case Verb::help:
            return "HELP";
        case Verb::noop:
            return "NOOP";
        case Verb::quit:
            return "QUIT";
        case Verb::turn:
            return "TURN";
    }
    return "";
}

// One line per command with arguments its syntax does not allow.
std::string bad_line(Verb verb) {
    switch (verb) {
        case Verb::helo:
            return "HELO not_a_domain";
        case Verb::mail:
        case Verb::send:
        case Verb::soml:
        case Verb::saml:
            return std::string(verb_name(verb)) + " FROM:Smith@THEM.ARPA";
        case Verb::rcpt:
            return "RCPT TO:<>";
        case Verb::vrfy:
        case Verb::expn:
            return std::string(verb_name(verb));
        case Verb::help:
            return "HELP \x01";
        case Verb::data:
        case Verb::rset:
        case Verb::noop:
        case Verb::quit:
        case Verb::turn:
            return std::string(verb_name(verb)) + " extra";
    }
    return "";
}

}  // namespace

const std::vector<Verb> table_columns = {Verb::helo, Verb::mail, Verb::rcpt, Verb::data, Verb::rset,
                                         Verb::send, Verb::soml, Verb::saml, Verb::vrfy, Verb::expn,
                                         Verb::help, Verb::noop, Verb::quit, Verb::turn};

void expect_codes(const std::map<Start, std::vector<ReplyCode>>& expected, bool strict) {
    for (const auto& [start, codes] : expected) {
        for (std::size_t i = 0; i < table_columns.size(); ++i) {
            Session session(start, {}, strict);
            EXPECT_EQ(session.code(good_line(table_columns[i])), codes[i])
                << verb_name(table_columns[i]) << " in start state " << static_cast<int>(start)
                << (strict ? " (strict)" : "");
        }
    }
}

// The expected reply to each well-formed command in each state, with a
// policy that knows Jones, the list Staff, and refuses TURN. RFC 821 4.1.1:
// "The NOOP, HELP, EXPN, and VRFY commands can be used at any time"; RSET:
// "The receiver must send an OK reply"; MAIL "tells the SMTP-receiver that a
// new mail transaction is starting and to reset all its state tables and
// buffers". 4.3 lists no 503 for any of them.
const std::map<Start, std::vector<ReplyCode>>& rfc_821_codes() {
    // clang-format off
    static const std::map<Start, std::vector<ReplyCode>> codes = {
        //                       HELO MAIL RCPT DATA RSET SEND SOML SAML VRFY EXPN HELP NOOP QUIT TURN
        {Start::authorization,  {250, 503, 503, 503, 250, 503, 503, 503, 250, 250, 214, 250, 221, 503}},
        {Start::waiting,        {250, 250, 503, 503, 250, 250, 250, 250, 250, 250, 214, 250, 221, 502}},
        {Start::transaction,    {250, 250, 250, 503, 250, 250, 250, 250, 250, 250, 214, 250, 221, 503}},
        {Start::with_recipient, {250, 250, 250, 354, 250, 250, 250, 250, 250, 250, 214, 250, 221, 503}},
    };
    // clang-format on
    return codes;
}

TEST(receiver, every_command_in_every_state_gets_its_code_as_rfc_821_4_1_1_says) {
    expect_codes(rfc_821_codes(), false);
}

// The strict receiver of smtpsim 0.1: HELO first, and no new transaction
// inside an open one; everything else as RFC 821 says.
TEST(receiver, a_strict_receiver_wants_helo_first_and_one_transaction_at_a_time) {
    std::map<Start, std::vector<ReplyCode>> strict = rfc_821_codes();
    for (std::size_t i = 0; i < table_columns.size(); ++i) {
        const Verb verb = table_columns[i];
        if (verb != Verb::helo && verb != Verb::quit) {
            strict[Start::authorization][i] = reply::bad_sequence;
        }
        if (verb_mode(verb)) {  // MAIL, SEND, SOML, SAML
            strict[Start::transaction][i] = reply::bad_sequence;
            strict[Start::with_recipient][i] = reply::bad_sequence;
        }
    }
    expect_codes(strict, true);
}

// RFC 821 4.1.1 MAIL: the new transaction forgets the recipients of the old.
TEST(receiver, mail_inside_a_transaction_starts_a_new_one_without_the_old_recipients) {
    Session session(Start::with_recipient);
    EXPECT_EQ(session.code("MAIL FROM:<Other@THEM.ARPA>"), reply::ok);
    EXPECT_EQ(session.receiver.state(), ReceiverState::transaction);
    EXPECT_EQ(session.code("DATA"), reply::bad_sequence);  // no recipient any more
    EXPECT_EQ(session.code("RCPT TO:<Jones@ME.ARPA>"), reply::ok);
    EXPECT_EQ(session.code("DATA"), reply::start_mail_input);
    session.receiver.on_line("text");
    EXPECT_EQ(session.code("."), reply::ok);
    ASSERT_EQ(session.policy.accepted.size(), 1u);
    EXPECT_EQ(session.policy.accepted[0].reverse_path.format(), "<@ME.ARPA:Other@THEM.ARPA>");
    EXPECT_EQ(session.policy.accepted[0].recipients.size(), 1u);
}

// RFC 821 4.1.1 RSET: "The receiver must send an OK reply", also before
// HELO; it leaves the receiver waiting for HELO.
TEST(receiver, rset_before_helo_is_ok_and_helo_is_still_needed) {
    Session session(Start::authorization);
    EXPECT_EQ(session.code("RSET"), reply::ok);
    EXPECT_EQ(session.code("NOOP"), reply::ok);
    EXPECT_EQ(session.receiver.state(), ReceiverState::authorization);
    EXPECT_EQ(session.code("MAIL FROM:<a@THEM.ARPA>"), reply::bad_sequence);
}

TEST(receiver, bad_arguments_are_501_or_500_where_4_3_has_no_501_and_503_comes_first) {
    for (Start start : all_starts) {
        for (Verb verb : all_verbs) {
            Session session(start);
            // DATA without an accepted recipient is refused by a check after the syntax.
            const bool out_of_sequence =
                Session(start).code(good_line(verb)) == reply::bad_sequence &&
                !(verb == Verb::data && start == Start::transaction);
            const ReplyCode code = session.code(bad_line(verb));
            if (out_of_sequence) {
                EXPECT_EQ(code, reply::bad_sequence) << bad_line(verb);
                continue;
            }
            const bool has_501 = rfc_4_3().at(verb).count(reply::syntax_error_in_arguments) > 0;
            EXPECT_EQ(code, has_501 ? reply::syntax_error_in_arguments : reply::syntax_error)
                << bad_line(verb);
        }
    }
}

// Every command, in every state, with every answer the policy can give,
// well-formed or not: the reply is one RFC 821 4.3 lists for the command, or
// 503 for a command out of sequence.
TEST(receiver, every_reply_in_every_state_is_one_that_section_4_3_lists) {
    using Configure = std::function<void(TablePolicy&)>;
    std::vector<std::pair<std::string, Configure>> policies = {{"default", [](TablePolicy&) {}}};
    for (Verb verb : all_verbs) {
        for (ReplyCode code : {421, 450, 451, 452}) {
            if (verb != Verb::quit && rfc_4_3().at(verb).count(code) > 0) {
                policies.push_back({"fault " + std::to_string(code),
                                    [verb, code](TablePolicy& p) { p.faults[verb] = code; }});
            }
        }
        policies.push_back({"no " + std::string(verb_name(verb)),
                            [verb](TablePolicy& p) { p.not_implemented.insert(verb); }});
    }
    for (StorageStatus storage : {StorageStatus::insufficient, StorageStatus::exceeded}) {
        policies.push_back({"storage", [storage](TablePolicy& p) { p.storage = storage; }});
    }
    for (MailboxStatus status :
         {MailboxStatus::will_forward, MailboxStatus::please_try, MailboxStatus::unknown,
          MailboxStatus::busy, MailboxStatus::no_storage, MailboxStatus::storage_exceeded,
          MailboxStatus::name_not_allowed}) {
        policies.push_back(
            {"mailbox", [status](TablePolicy& p) {
                 p.mailboxes["Jones"] = MailboxAnswer{status, path("<Jones@ELSEWHERE.ARPA>")};
             }});
    }
    for (VerifyStatus status :
         {VerifyStatus::will_forward, VerifyStatus::please_try, VerifyStatus::unknown,
          VerifyStatus::mailing_list, VerifyStatus::ambiguous}) {
        policies.push_back(
            {"vrfy", [status](TablePolicy& p) { p.users["Jones"].status = status; }});
    }
    for (ExpandStatus status :
         {ExpandStatus::unknown, ExpandStatus::user_name, ExpandStatus::denied}) {
        policies.push_back(
            {"expn", [status](TablePolicy& p) { p.lists["Staff"].status = status; }});
    }
    policies.push_back({"turn", [](TablePolicy& p) { p.turn = true; }});
    policies.push_back({"limit", [](TablePolicy& p) { p.recipient_limit = 1; }});

    const std::vector<std::string> extra_lines = {"RCPT TO:<x@OTHER.ARPA>",
                                                  "RCPT TO:<@ME.ARPA,@OTHER.ARPA:x@Y.ARPA>",
                                                  "HELP MAIL",
                                                  "HELP FOO",
                                                  "VRFY nobody",
                                                  "EXPN nothing"};
    int checked = 0;
    for (const auto& [name, configure] : policies) {
        for (Start start : all_starts) {
            for (Verb verb : all_verbs) {
                std::vector<std::string> lines = {good_line(verb), bad_line(verb)};
                for (const auto& extra : extra_lines) {
                    if (parse_verb(extra.substr(0, 4)) == verb) {
                        lines.push_back(extra);
                    }
                }
                for (const auto& line : lines) {
                    Session session(start, configure);
                    const ReplyCode code = session.code(line);
                    const bool listed =
                        rfc_4_3().at(verb).count(code) > 0 || code == reply::bad_sequence;
                    EXPECT_TRUE(listed) << line << " with policy " << name << " got " << code;
                    ++checked;
                }
            }
        }
    }
    EXPECT_GT(checked, 2000);
}

TEST(receiver, end_of_data_replies_are_those_section_4_3_lists) {
    for (const Reply& final_reply : {Reply(250, "OK"), standard_reply(452), standard_reply(552),
                                     standard_reply(554), standard_reply(451)}) {
        Session session(Start::with_recipient,
                        [&](TablePolicy& p) { p.final_reply = final_reply; });
        EXPECT_EQ(session.code("DATA"), reply::start_mail_input);
        EXPECT_FALSE(session.receiver.on_line("text").has_value());
        const ReplyCode code = session.code(".");
        EXPECT_EQ(code, final_reply.code);
        EXPECT_EQ(rfc_end_of_data.count(code), 1u);
        EXPECT_EQ(session.receiver.state(), ReceiverState::waiting);
    }
}

TEST(receiver, greeting_is_220_with_the_host_name_or_421_and_closed) {
    TablePolicy policy;
    Receiver receiver("BBN-UNIX.ARPA", policy);
    EXPECT_EQ(receiver.greeting().format(),
              "220 BBN-UNIX.ARPA Simple Mail Transfer Service Ready\r\n");
    EXPECT_EQ(receiver.state(), ReceiverState::authorization);

    TablePolicy refusing;
    refusing.serve = false;
    Receiver closed("BBN-UNIX.ARPA", refusing);
    EXPECT_EQ(closed.greeting().format(),
              "421 BBN-UNIX.ARPA Service not available, closing transmission channel\r\n");
    EXPECT_TRUE(closed.closed());
    EXPECT_FALSE(closed.on_line("HELO X").has_value());
}

TEST(receiver, states_follow_the_session) {
    Session session(Start::authorization);
    Receiver& r = session.receiver;
    EXPECT_EQ(r.state(), ReceiverState::authorization);
    r.on_line("HELO THEM.ARPA");
    EXPECT_EQ(r.state(), ReceiverState::waiting);
    EXPECT_EQ(r.client_domain(), "THEM.ARPA");
    r.on_line("MAIL FROM:<a@THEM.ARPA>");
    EXPECT_EQ(r.state(), ReceiverState::transaction);
    r.on_line("RCPT TO:<Jones@ME.ARPA>");
    r.on_line("DATA");
    EXPECT_EQ(r.state(), ReceiverState::data);
    EXPECT_FALSE(r.on_line("QUIT").has_value());  // a text line now
    r.on_line(".");
    EXPECT_EQ(r.state(), ReceiverState::waiting);
    EXPECT_EQ(r.completed_transactions(), 1u);
    EXPECT_EQ(session.policy.accepted.at(0).data->lines(), std::vector<std::string>{"QUIT"});
    EXPECT_EQ(r.on_line("QUIT")->format(), "221 ME.ARPA Service closing transmission channel\r\n");
    EXPECT_EQ(r.state(), ReceiverState::closed);
    EXPECT_FALSE(r.on_line("NOOP").has_value());
}

TEST(receiver, out_of_sequence_replies_say_what_to_send_first) {
    Session fresh(Start::authorization);
    EXPECT_EQ(fresh.receiver.on_line("MAIL FROM:<a@b>")->format(),
              "503 Bad sequence of commands: MAIL: send HELO first\r\n");
    Session waiting(Start::waiting);
    EXPECT_EQ(waiting.receiver.on_line("RCPT TO:<Jones@ME.ARPA>")->format(),
              "503 Bad sequence of commands: RCPT: send MAIL (or SEND, SOML, SAML) first\r\n");
    Session open(Start::transaction, {}, true);
    EXPECT_EQ(open.receiver.on_line("MAIL FROM:<a@b>")->format(),
              "503 Bad sequence of commands: MAIL: a mail transaction is open; finish it or send "
              "RSET first\r\n");
    EXPECT_EQ(open.receiver.on_line("DATA")->format(),
              "503 Bad sequence of commands: DATA: no recipient was accepted; send RCPT first\r\n");
    EXPECT_EQ(open.receiver.state(), ReceiverState::transaction);  // 503 keeps the state (4.1.1)
}

TEST(receiver, syntax_errors_keep_the_state_and_give_the_reason) {
    Session session(Start::waiting);
    EXPECT_EQ(session.receiver.on_line("MAIL FROM:<Smith@THEM.ARPA")->format(),
              "501 Syntax error in parameters: expected \">\" to close the path, found the end of "
              "the text at "
              "character 27\r\n");
    EXPECT_EQ(session.receiver.state(), ReceiverState::waiting);
    EXPECT_EQ(session.receiver.on_line("HELO")->code, reply::syntax_error_in_arguments);
    EXPECT_EQ(session.receiver.state(), ReceiverState::waiting);
    EXPECT_EQ(session.receiver.on_line("FOO bar")->code, reply::syntax_error);
}

TEST(receiver, command_line_of_512_characters_with_crlf_is_the_limit) {
    Session session(Start::waiting);
    const std::string at_limit = "VRFY " + std::string(510 - 5, 'x');
    ASSERT_EQ(at_limit.size() + 2, 512u);
    EXPECT_EQ(session.code(at_limit),
              reply::mailbox_unavailable);  // read and answered: no such user
    EXPECT_EQ(session.receiver.on_line(at_limit + "x")->format(), "500 Line too long.\r\n");
    EXPECT_EQ(session.receiver.state(), ReceiverState::waiting);
}

TEST(receiver, one_more_recipient_than_the_policy_limit_is_552) {
    Session session(Start::transaction);
    for (int i = 0; i < 100; ++i) {
        ASSERT_EQ(session.code("RCPT TO:<Jones@ME.ARPA>"), reply::ok) << i;
    }
    EXPECT_EQ(session.receiver.on_line("RCPT TO:<Jones@ME.ARPA>")->format(),
              "552 Recipient storage full, try again in another transaction\r\n");
    EXPECT_EQ(session.code("DATA"), reply::start_mail_input);
    session.receiver.on_line(".");
    EXPECT_EQ(session.policy.accepted.at(0).recipients.size(), 100u);
}

TEST(receiver, data_undoes_dot_stuffing_and_hands_over_the_transaction) {
    Session session(Start::waiting);
    Receiver& r = session.receiver;
    r.on_line("MAIL FROM:<@PREV.ARPA:Smith@THEM.ARPA>");
    r.on_line("RCPT TO:<Jones@ME.ARPA>");
    r.on_line("RCPT TO:<@ME.ARPA,@NEXT.ARPA:Brown@FAR.ARPA>");
    r.on_line("RCPT TO:<Green@FAR.ARPA>");
    EXPECT_EQ(r.on_line("DATA")->format(), "354 Start mail input; end with <CRLF>.<CRLF>\r\n");
    for (const char* line : {"Subject: dots", "", "..", ".leading", "...", " .", "\x01\r\x7f"}) {
        EXPECT_FALSE(r.on_line(line).has_value());
    }
    EXPECT_EQ(r.on_line(".")->format(), "250 OK\r\n");
    ASSERT_EQ(session.policy.accepted.size(), 1u);
    const Transaction& tx = session.policy.accepted[0];
    EXPECT_EQ(tx.data->lines(), (std::vector<std::string>{"Subject: dots", "", ".", "leading", "..",
                                                          " .", "\x01\r\x7f"}));
    EXPECT_EQ(tx.mode, Mode::mail);
    EXPECT_EQ(tx.client_domain, "THEM.ARPA");
    EXPECT_EQ(tx.received_reverse_path.format(), "<@PREV.ARPA:Smith@THEM.ARPA>");
    EXPECT_EQ(tx.reverse_path.format(), "<@ME.ARPA,@PREV.ARPA:Smith@THEM.ARPA>");
    ASSERT_EQ(tx.recipients.size(), 3u);
    EXPECT_EQ(tx.recipients[0].forward_path.format(), "<Jones@ME.ARPA>");
    EXPECT_EQ(tx.recipients[0].delivery, Delivery::local);
    EXPECT_EQ(tx.recipients[1].forward_path.format(), "<@NEXT.ARPA:Brown@FAR.ARPA>");
    EXPECT_EQ(tx.recipients[1].requested_path.format(), "<@ME.ARPA,@NEXT.ARPA:Brown@FAR.ARPA>");
    EXPECT_EQ(tx.recipients[1].delivery, Delivery::relay);
    EXPECT_EQ(tx.recipients[2].forward_path.format(), "<Green@FAR.ARPA>");
    EXPECT_EQ(tx.recipients[2].delivery, Delivery::relay);
}

TEST(receiver, null_reverse_path_stays_null) {
    Session session(Start::waiting);
    session.receiver.on_line("MAIL FROM:<>");
    session.receiver.on_line("RCPT TO:<Jones@ME.ARPA>");
    session.receiver.on_line("DATA");
    session.receiver.on_line(".");
    EXPECT_TRUE(session.policy.accepted.at(0).reverse_path.is_null());
    EXPECT_TRUE(session.policy.accepted.at(0).data->lines().empty());
}

TEST(receiver, text_line_of_1000_characters_with_crlf_is_the_limit) {
    for (const bool stuffed : {false, true}) {
        Session session(Start::with_recipient);
        session.receiver.on_line("DATA");
        const std::string text(998, 'x');
        // The doubled leading dot does not count (RFC 821 4.5.3).
        const std::string at_limit = stuffed ? ".." + text.substr(1) : text;
        EXPECT_FALSE(session.receiver.on_line(at_limit).has_value());
        EXPECT_EQ(session.code("."), reply::ok);
        EXPECT_EQ(session.policy.accepted.at(0).data->lines().at(0).size(), 998u);

        session.receiver.on_line("MAIL FROM:<a@b>");
        session.receiver.on_line("RCPT TO:<Jones@ME.ARPA>");
        session.receiver.on_line("DATA");
        EXPECT_FALSE(session.receiver.on_line(at_limit + "x").has_value());
        EXPECT_EQ(session.receiver.on_line(".")->format(),
                  "554 Transaction failed: a text line is longer than 1000 characters\r\n");
        EXPECT_EQ(session.policy.accepted.size(), 1u);
        EXPECT_EQ(session.receiver.state(), ReceiverState::waiting);
    }
}

TEST(receiver, text_with_a_nul_or_an_8_bit_byte_fails_the_transaction_with_554) {
    for (const std::string& bad : {std::string("a\0b", 3), std::string("caf\xe9")}) {
        Session session(Start::with_recipient);
        session.receiver.on_line("DATA");
        EXPECT_FALSE(session.receiver.on_line("fine").has_value());
        EXPECT_FALSE(session.receiver.on_line(bad).has_value());
        EXPECT_EQ(session.receiver.on_line(".")->format(),
                  "554 Transaction failed: the text holds a NUL or a byte that is not 7-bit "
                  "ASCII\r\n");
        EXPECT_TRUE(session.policy.accepted.empty());
        EXPECT_EQ(session.receiver.state(), ReceiverState::waiting);
    }
    // Every other ASCII character, controls included, is mail data (RFC 821 4.5.2).
    std::string all;
    for (int c = 1; c < 128; ++c) {
        if (c != '\r' && c != '\n') {
            all += static_cast<char>(c);
        }
    }
    Session session(Start::with_recipient);
    session.receiver.on_line("DATA");
    session.receiver.on_line(all);
    EXPECT_EQ(session.code("."), reply::ok);
    EXPECT_EQ(session.policy.accepted.at(0).data->lines().at(0), all);
}

TEST(receiver, without_keeping_the_text_it_still_checks_it) {
    Session session(Start::with_recipient);
    session.receiver.keep_text(false);
    session.receiver.on_line("DATA");
    session.receiver.on_line("some text");
    EXPECT_EQ(session.code("."), reply::ok);
    EXPECT_TRUE(session.policy.accepted.at(0).data->line_count() == 0);
    session.receiver.on_line("MAIL FROM:<a@b>");
    session.receiver.on_line("RCPT TO:<Jones@ME.ARPA>");
    session.receiver.on_line("DATA");
    session.receiver.on_line(std::string(1001, 'x'));
    EXPECT_EQ(session.code("."), reply::transaction_failed);
}

TEST(receiver, rset_and_helo_clear_the_transaction) {
    for (const char* line : {"RSET", "HELO AGAIN.ARPA"}) {
        Session session(Start::with_recipient);
        EXPECT_EQ(session.code(line), reply::ok);
        EXPECT_EQ(session.receiver.state(), ReceiverState::waiting);
        EXPECT_EQ(session.code("DATA"), reply::bad_sequence);
    }
}

TEST(receiver, local_recipients_get_the_policy_answer) {
    const std::vector<std::pair<MailboxStatus, std::string>> cases = {
        {MailboxStatus::exists, "250 OK"},
        {MailboxStatus::will_forward, "251 User not local; will forward to <Jones@USC-ISI.ARPA>"},
        {MailboxStatus::please_try, "551 User not local; please try <Jones@USC-ISI.ARPA>"},
        {MailboxStatus::unknown, "550 No such user here"},
        {MailboxStatus::busy, "450 Requested mail action not taken: mailbox unavailable"},
        {MailboxStatus::no_storage, "452 Requested action not taken: insufficient system storage"},
        {MailboxStatus::storage_exceeded,
         "552 Requested mail action aborted: exceeded storage allocation"},
        {MailboxStatus::name_not_allowed,
         "553 Requested action not taken: mailbox name not allowed"},
    };
    for (const auto& [status, text] : cases) {
        Session session(Start::transaction, [status = status](TablePolicy& p) {
            p.mailboxes["fred"] = MailboxAnswer{status, path("<Jones@USC-ISI.ARPA>")};
        });
        EXPECT_EQ(session.receiver.on_line("RCPT TO:<fred@me.arpa>")->format(), text + "\r\n");
    }
}

TEST(receiver, forwarded_recipient_carries_the_new_forward_path) {
    Session session(Start::transaction, [](TablePolicy& p) {
        p.mailboxes["fred"] =
            MailboxAnswer{MailboxStatus::will_forward, path("<Jones@USC-ISI.ARPA>")};
    });
    session.receiver.on_line("RCPT TO:<fred@ME.ARPA>");
    session.receiver.on_line("DATA");
    session.receiver.on_line(".");
    const AcceptedRecipient& recipient = session.policy.accepted.at(0).recipients.at(0);
    EXPECT_EQ(recipient.delivery, Delivery::forward);
    EXPECT_EQ(recipient.forward_path.format(), "<Jones@USC-ISI.ARPA>");
    EXPECT_EQ(recipient.requested_path.format(), "<fred@ME.ARPA>");
}

TEST(receiver, relaying_asks_the_policy_about_the_next_host) {
    Session session(Start::transaction, [](TablePolicy& p) {
        p.relay["CLOSED.ARPA"] = RelayStatus::refused;
        p.relay["DOWN.ARPA"] = RelayStatus::busy;
    });
    EXPECT_EQ(session.receiver.on_line("RCPT TO:<@ME.ARPA,@CLOSED.ARPA:x@ME.ARPA>")->format(),
              "550 Requested action not taken: no relaying to CLOSED.ARPA\r\n");
    EXPECT_EQ(session.receiver.on_line("RCPT TO:<x@DOWN.ARPA>")->format(),
              "450 Requested mail action not taken: DOWN.ARPA unavailable, try again later\r\n");
    // The first element is another host: it stays, and decides the next host.
    EXPECT_EQ(session.code("RCPT TO:<@OPEN.ARPA,@CLOSED.ARPA:x@ME.ARPA>"), reply::ok);
}

TEST(receiver, send_needs_an_active_terminal_and_soml_falls_back_to_the_mailbox) {
    Session send(Start::waiting);
    send.receiver.on_line("SEND FROM:<EAK@MIT-MC.ARPA>");
    EXPECT_EQ(send.receiver.on_line("RCPT TO:<Jones@ME.ARPA>")->format(),
              "450 User not active now\r\n");
    Session soml(Start::waiting);
    soml.receiver.on_line("SOML FROM:<EAK@MIT-MC.ARPA>");
    EXPECT_EQ(soml.receiver.on_line("RCPT TO:<Jones@ME.ARPA>")->format(),
              "250 User not active now, so will do mail.\r\n");
    Session active(Start::waiting, [](TablePolicy& p) { p.active_terminals.insert("Jones"); });
    active.receiver.on_line("SEND FROM:<EAK@MIT-MC.ARPA>");
    EXPECT_EQ(active.code("RCPT TO:<Jones@ME.ARPA>"), reply::ok);
    active.receiver.on_line("DATA");
    active.receiver.on_line(".");
    EXPECT_EQ(active.policy.accepted.at(0).mode, Mode::send);
}

TEST(receiver, mail_is_refused_without_storage) {
    Session insufficient(Start::waiting,
                         [](TablePolicy& p) { p.storage = StorageStatus::insufficient; });
    EXPECT_EQ(insufficient.code("MAIL FROM:<a@b>"), reply::insufficient_storage);
    EXPECT_EQ(insufficient.receiver.state(), ReceiverState::waiting);
    Session exceeded(Start::waiting, [](TablePolicy& p) { p.storage = StorageStatus::exceeded; });
    EXPECT_EQ(exceeded.code("SAML FROM:<a@b>"), reply::storage_exceeded);
}

TEST(receiver, vrfy_and_expn_answer_from_the_policy) {
    Session session(Start::waiting, [](TablePolicy& p) {
        p.users["Crispin"] =
            VerifyAnswer{VerifyStatus::user, "Mark Crispin", path("<Admin.MRC@SU-SCORE.ARPA>")};
        p.users["Smith"] =
            VerifyAnswer{VerifyStatus::will_forward, "", path("<Smith@USC-ISIQ.ARPA>")};
        p.users["Jones"] =
            VerifyAnswer{VerifyStatus::please_try, "", path("<Jones@USC-ISIQ.ARPA>")};
        p.users["Gourzenkyinplatz"] = VerifyAnswer{VerifyStatus::ambiguous, "", {}};
        p.users["Staff"] = VerifyAnswer{VerifyStatus::mailing_list, "", {}};
        p.lists["Executive-Washroom-List"] = ExpandAnswer{ExpandStatus::denied, {}};
        p.lists["Jones"] = ExpandAnswer{ExpandStatus::user_name, {}};
    });
    auto text = [&](const char* line) { return session.receiver.on_line(line)->format(); };
    EXPECT_EQ(text("VRFY Crispin"), "250 Mark Crispin <Admin.MRC@SU-SCORE.ARPA>\r\n");
    EXPECT_EQ(text("VRFY Smith"), "251 User not local; will forward to <Smith@USC-ISIQ.ARPA>\r\n");
    EXPECT_EQ(text("VRFY Jones"), "551 User not local; please try <Jones@USC-ISIQ.ARPA>\r\n");
    EXPECT_EQ(text("VRFY Nobody"), "550 String does not match anything.\r\n");
    EXPECT_EQ(text("VRFY Gourzenkyinplatz"), "553 User ambiguous.\r\n");
    EXPECT_EQ(text("VRFY Staff"), "550 That is a mailing list, not a user\r\n");
    EXPECT_EQ(text("EXPN Staff"), "250 <Jones@ME.ARPA>\r\n");
    EXPECT_EQ(text("EXPN Executive-Washroom-List"), "550 Access Denied to You.\r\n");
    EXPECT_EQ(text("EXPN Jones"), "550 That is a user name, not a mailing list\r\n");
    EXPECT_EQ(text("EXPN Nothing"), "550 No such mailing list\r\n");
}

TEST(receiver, help_is_multi_line_and_names_only_implemented_commands) {
    Session session(Start::waiting, [](TablePolicy& p) {
        p.not_implemented = {Verb::turn, Verb::send};
    });
    EXPECT_EQ(session.receiver.on_line("HELP")->format(),
              "214-ME.ARPA speaks RFC 821 SMTP. Commands:\r\n"
              "214-HELO MAIL RCPT DATA RSET SOML SAML VRFY EXPN HELP NOOP QUIT\r\n"
              "214 HELP <command> shows its syntax.\r\n");
    EXPECT_EQ(session.receiver.on_line("help rcpt")->format(),
              "214 RCPT <SP> TO:<forward-path> <CRLF>\r\n");
    EXPECT_EQ(session.code("HELP TURN"), reply::parameter_not_implemented);
    EXPECT_EQ(session.code("HELP FOO"), reply::parameter_not_implemented);
    EXPECT_EQ(session.code("TURN"), reply::command_not_implemented);
    EXPECT_EQ(session.code("SEND FROM:<a@b>"), reply::command_not_implemented);
}

TEST(receiver, turn_swaps_roles_or_is_refused) {
    Session refused(Start::waiting);
    EXPECT_EQ(refused.code("TURN"), reply::command_not_implemented);
    EXPECT_FALSE(refused.receiver.closed());
    Session accepted(Start::waiting, [](TablePolicy& p) { p.turn = true; });
    EXPECT_EQ(accepted.code("TURN"), reply::ok);
    EXPECT_TRUE(accepted.receiver.turned());
    EXPECT_TRUE(accepted.receiver.closed());
}

TEST(receiver, injected_faults_answer_and_421_closes) {
    Session transient(Start::transaction,
                      [](TablePolicy& p) { p.faults[Verb::rcpt] = reply::mailbox_busy; });
    EXPECT_EQ(transient.code("RCPT TO:<Jones@ME.ARPA>"), reply::mailbox_busy);
    EXPECT_EQ(transient.receiver.state(), ReceiverState::transaction);
    Session closing(Start::with_recipient,
                    [](TablePolicy& p) { p.faults[Verb::data] = reply::service_not_available; });
    EXPECT_EQ(closing.receiver.on_line("DATA")->format(),
              "421 ME.ARPA Service not available, closing transmission channel\r\n");
    EXPECT_TRUE(closing.receiver.closed());
    EXPECT_FALSE(closing.receiver.on_line("QUIT").has_value());
    Session quitting(Start::waiting,
                     [](TablePolicy& p) { p.faults[Verb::quit] = reply::service_not_available; });
    EXPECT_EQ(quitting.code("QUIT"), reply::service_closing);
}

TEST(receiver, garbage_always_gets_a_reply_and_never_crashes) {
    Session session(Start::waiting);
    for (const std::string& line :
         {std::string(), std::string("\r"), std::string("\x00\x01\x02", 3),
          std::string("\xff\xfe MAIL"), std::string(100000, 'A'), std::string("MAIL FROM:<a\r@b>"),
          std::string("RCPT"), std::string("    "), std::string("\n")}) {
        auto reply = session.receiver.on_line(line);
        ASSERT_TRUE(reply.has_value());
        EXPECT_GE(reply->code, 500);
        EXPECT_EQ(session.receiver.state(), ReceiverState::waiting);
    }
    std::mt19937 rng(25);
    for (int i = 0; i < 20000 && !session.receiver.closed(); ++i) {
        std::string line;
        const int n = std::uniform_int_distribution<int>(0, 30)(rng);
        const char* pieces[] = {"MAIL", "RCPT", "FROM:", "TO:",  "<", ">",   "@",   "a",
                                " ",    "DATA", "\r",    "\x80", ".", "QUI", "HELO"};
        for (int k = 0; k < n; ++k) {
            line += pieces[std::uniform_int_distribution<int>(0, 14)(rng)];
        }
        const bool in_data = session.receiver.state() == ReceiverState::data;
        const auto reply = session.receiver.on_line(line);
        if (!in_data) {
            EXPECT_TRUE(reply.has_value()) << line;
        }
    }
}

TEST(receiver, inside_data_every_command_is_a_text_line) {
    Session session(Start::with_recipient);
    session.receiver.on_line("DATA");
    std::vector<std::string> sent;
    for (Verb verb : all_verbs) {
        EXPECT_FALSE(session.receiver.on_line(good_line(verb)).has_value()) << verb_name(verb);
        sent.push_back(good_line(verb));
    }
    EXPECT_EQ(session.code("."), reply::ok);
    EXPECT_EQ(session.policy.accepted.at(0).data->lines(), sent);
}

TEST(receiver, once_closed_every_line_gets_nothing) {
    Session session(Start::with_recipient);
    EXPECT_EQ(session.code("QUIT"), reply::service_closing);
    for (Verb verb : all_verbs) {
        EXPECT_FALSE(session.receiver.on_line(good_line(verb)).has_value()) << verb_name(verb);
    }
    EXPECT_TRUE(
        session.policy.accepted.empty());  // the open transaction was dropped, not delivered
}

TEST(receiver, lost_connection_drops_the_open_transaction) {
    Session session(Start::with_recipient);
    session.receiver.on_line("DATA");
    session.receiver.on_line("half a message");
    session.receiver.on_connection_lost();
    EXPECT_TRUE(session.receiver.closed());
    EXPECT_FALSE(session.receiver.on_line(".").has_value());
    EXPECT_TRUE(session.policy.accepted.empty());
    EXPECT_EQ(session.receiver.completed_transactions(), 0u);
}
