// RFC 821's own dialogues replayed through the library: the Appendix F
// scenarios (golden files in tests/smtp/data/appendix_f/) and the examples of
// section 3. The receiver must give the RFC's replies line by line, and the
// sender, given the same envelope, must send the RFC's lines.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "smtp/receiver.hpp"
#include "smtp/sender.hpp"
#include "smtp/transparency.hpp"
#include "test_policy.hpp"

using namespace smtpsim::smtp;
using smtpsim::smtp::testing::path;
using smtpsim::smtp::testing::TablePolicy;

namespace {

// One step of a dialogue: a line the sender sends, or a reply it receives.
struct Step {
    bool sent = false;
    std::string line;  // when sent
    Reply reply;       // when received
};
using Dialogue = std::vector<Step>;

Dialogue parse_dialogue(const std::string& text, const std::string& origin) {
    Dialogue dialogue;
    ReplyReader reader;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') {
            continue;
        }
        const std::string where = origin + ":" + std::to_string(number);
        if (line.rfind("S:", 0) == 0) {
            dialogue.push_back(Step{true, line.size() > 3 ? line.substr(3) : std::string(), {}});
        } else if (line.rfind("R: ", 0) == 0) {
            if (auto reply = reader.feed(line.substr(3))) {
                EXPECT_TRUE(reply->ok()) << where << ": " << reply->error().message();
                if (reply->ok()) {
                    dialogue.push_back(Step{false, {}, reply->value()});
                }
            }
        } else {
            ADD_FAILURE() << where << ": expected a line starting with \"S:\", \"R: \" or \"#\"";
        }
    }
    return dialogue;
}

Dialogue load(const std::string& name) {
    const std::string file =
        std::string(SMTPSIM_SOURCE_DIR) + "/tests/smtp/data/appendix_f/" + name;
    std::ifstream in(file);
    EXPECT_TRUE(in.good()) << "cannot read " << file;
    std::stringstream text;
    text << in.rdbuf();
    return parse_dialogue(text.str(), name);
}

enum class Compare { code_and_text, code };

// Feeds the dialogue's sent lines to a receiver and checks every reply
// against the dialogue's; text lines inside DATA must get no reply. Without
// a greeting at its start, the dialogue is a fragment: greeting and HELO go
// first, unchecked.
void replay_receiver(const Dialogue& dialogue, Receiver& receiver, Compare compare,
                     const std::string& name) {
    std::size_t i = 0;
    if (!dialogue.empty() && !dialogue[0].sent) {
        EXPECT_EQ(receiver.greeting(), dialogue[0].reply) << name << ": greeting";
        i = 1;
    } else {
        receiver.greeting();
        receiver.on_line("HELO FRAGMENT.ARPA");
    }
    for (; i < dialogue.size(); ++i) {
        ASSERT_TRUE(dialogue[i].sent) << name << ": two replies in a row at step " << i;
        const auto got = receiver.on_line(dialogue[i].line);
        const bool reply_expected = i + 1 < dialogue.size() && !dialogue[i + 1].sent;
        if (!reply_expected) {
            EXPECT_FALSE(got.has_value())
                << name << ": \"" << dialogue[i].line << "\" got " << got->format();
            continue;
        }
        ++i;
        ASSERT_TRUE(got.has_value()) << name << ": no reply to \"" << dialogue[i - 1].line << "\"";
        if (compare == Compare::code_and_text) {
            EXPECT_EQ(got->format(), dialogue[i].reply.format())
                << name << ": after \"" << dialogue[i - 1].line << "\"";
        } else {
            EXPECT_EQ(got->code, dialogue[i].reply.code)
                << name << ": after \"" << dialogue[i - 1].line << "\"";
        }
    }
}

std::vector<std::string> sent_lines(const Dialogue& dialogue) {
    std::vector<std::string> lines;
    for (const auto& step : dialogue) {
        if (step.sent) {
            lines.push_back(step.line);
        }
    }
    return lines;
}

// The envelope of the dialogue's first transaction, as its sender's user
// gave it: the reverse-path, every RCPT's forward-path, and the mail text.
Envelope first_envelope(const Dialogue& dialogue) {
    Envelope envelope;
    std::vector<std::string> text;
    bool in_text = false;
    for (const auto& step : dialogue) {
        if (!step.sent) {
            continue;
        }
        if (in_text) {
            if (step.line == ".") {
                break;
            }
            text.emplace_back(dot_unstuff(step.line));
            continue;
        }
        auto command = parse_command(step.line);
        if (!command) {
            continue;
        }
        const Command& c = command.value();
        if (auto mode = verb_mode(c.verb)) {
            envelope.mode = *mode;
            envelope.reverse_path = c.path;
        } else if (c.verb == Verb::rcpt) {
            envelope.forward_paths.push_back(c.path);
        } else if (c.verb == Verb::data) {
            in_text = true;
        }
    }
    envelope.data = MailText::from_lines(std::move(text));
    return envelope;
}

// Feeds the dialogue's replies to the sender; its lines must be the
// dialogue's sent lines.
void replay_sender(const Dialogue& dialogue, Sender& sender, const std::string& name) {
    std::vector<std::string> produced = sender.start();
    for (const auto& step : dialogue) {
        if (!step.sent) {
            for (auto& line : sender.on_reply(step.reply)) {
                produced.push_back(std::move(line));
            }
        }
    }
    EXPECT_EQ(produced, sent_lines(dialogue)) << name;
    EXPECT_TRUE(sender.done()) << name;
}

std::string helo_domain(const Dialogue& dialogue) {
    for (const auto& step : dialogue) {
        if (step.sent && step.line.rfind("HELO ", 0) == 0) {
            return step.line.substr(5);
        }
    }
    return {};
}

struct Scenario {
    std::string file;
    std::string host;
    std::function<void(TablePolicy&)> configure;
    bool sender_replay;  // the dialogue is what this library's sender sends for its first envelope
};

VerifyAnswer crispin() {
    return VerifyAnswer{VerifyStatus::user, "Mark Crispin", path("<Admin.MRC@SU-SCORE.ARPA>")};
}

std::vector<Scenario> scenarios() {
    auto users = [](std::vector<std::string> names) {
        return [names](TablePolicy& p) {
            for (const auto& name : names) {
                p.add_user(name);
            }
        };
    };
    auto fred_forwarded = [](TablePolicy& p) {
        p.mailboxes["fred"] =
            MailboxAnswer{MailboxStatus::will_forward, path("<Jones@USC-ISI.ARPA>")};
    };
    return {
        {"scenario01_typical.txt", "BBN-UNIX.ARPA", users({"Jones", "Brown"}), true},
        {"scenario02_aborted.txt", "MIT-Multics.ARPA", users({"Jones"}), false},
        {"scenario03_relay_step1.txt", "USC-ISIE.ARPA", [](TablePolicy&) {}, true},
        {"scenario03_relay_step2.txt", "BBN-VAX.ARPA", users({"Jones"}), true},
        {"scenario04_verify_send.txt", "SU-SCORE.ARPA",
         [](TablePolicy& p) {
             p.add_user("Admin.MRC");
             p.users["Crispin"] = crispin();
             p.active_terminals.insert("Admin.MRC");
         },
         false},
        {"scenario05_send_then_mail.txt", "SU-SCORE.ARPA",
         [](TablePolicy& p) {
             p.add_user("Admin.MRC");
             p.users["Crispin"] = crispin();
         },
         false},
        {"scenario06_soml.txt", "SU-SCORE.ARPA",
         [](TablePolicy& p) {
             p.add_user("Admin.MRC");
             p.users["Crispin"] = crispin();
         },
         false},
        {"scenario07_list_step1.txt", "MIT-AI.ARPA",
         [](TablePolicy& p) {
             p.lists["Example-People"] =
                 ExpandAnswer{ExpandStatus::list,
                              {{"", path("<ABC@MIT-MC.ARPA>")},
                               {"Fred Fonebone", path("<Fonebone@USC-ISIQ.ARPA>")},
                               {"Xenon Y. Zither", path("<XYZ@MIT-AI.ARPA>")},
                               {"Quincy Smith", path("<@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>")},
                               {"", path("<joe@foo-unix.ARPA>")},
                               {"", path("<xyz@bar-unix.ARPA>")}}};
         },
         false},
        {"scenario07_list_step2.txt", "MIT-MC.ARPA",
         [](TablePolicy& p) {
             p.lists["Interested-Parties"] =
                 ExpandAnswer{ExpandStatus::list,
                              {{"Al Calico", path("<ABC@MIT-MC.ARPA>")},
                               {"", path("<XYZ@MIT-AI.ARPA>")},
                               {"Quincy Smith", path("<@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>")},
                               {"", path("<fred@BBN-UNIX.ARPA>")},
                               {"", path("<xyz@bar-unix.ARPA>")}}};
         },
         false},
        {"scenario07_list_step3.txt", "USC-ISIE.ARPA", [](TablePolicy&) {}, true},
        {"scenario08_forward.txt", "USC-ISIF.ARPA", fred_forwarded, true},
        {"scenario09_forward_step1.txt", "USC-ISIF.ARPA", fred_forwarded, false},
        {"scenario09_forward_step2.txt", "USC-ISI.ARPA", users({"Jones"}), true},
        {"scenario10_too_many.txt", "BERKELEY.ARPA",
         [](TablePolicy& p) {
             p.add_user("fabry");
             p.add_user("eric");
             p.recipient_limit = 1;  // the RFC's host buffers one recipient
         },
         true},
    };
}

}  // namespace

TEST(appendix_f, receiver_gives_the_rfc_replies_line_by_line) {
    for (const Scenario& scenario : scenarios()) {
        const Dialogue dialogue = load(scenario.file);
        ASSERT_GT(dialogue.size(), 5u) << scenario.file;
        TablePolicy policy;
        scenario.configure(policy);
        Receiver receiver(scenario.host, policy);
        replay_receiver(dialogue, receiver, Compare::code_and_text, scenario.file);
        EXPECT_TRUE(receiver.closed()) << scenario.file;
    }
}

TEST(appendix_f, sender_sends_the_rfc_lines_for_the_same_envelope) {
    int replayed = 0;
    for (const Scenario& scenario : scenarios()) {
        if (!scenario.sender_replay) {
            continue;
        }
        const Dialogue dialogue = load(scenario.file);
        Sender sender(helo_domain(dialogue), {first_envelope(dialogue)});
        replay_sender(dialogue, sender, scenario.file);
        for (const auto& outcome : sender.outcomes(0)) {
            EXPECT_NE(outcome.outcome, Outcome::pending) << scenario.file;
        }
        ++replayed;
    }
    EXPECT_EQ(replayed, 7);
}

TEST(appendix_f, typical_transaction_outcomes) {
    const Dialogue dialogue = load("scenario01_typical.txt");
    Sender sender("USC-ISIF.ARPA", {first_envelope(dialogue)});
    replay_sender(dialogue, sender, "scenario01");
    EXPECT_EQ(sender.outcomes(0)[0].outcome, Outcome::accepted);           // Jones
    EXPECT_EQ(sender.outcomes(0)[1].outcome, Outcome::permanent_failure);  // Green
    EXPECT_EQ(sender.outcomes(0)[1].reply->format(), "550 No such user here\r\n");
    EXPECT_EQ(sender.outcomes(0)[2].outcome, Outcome::accepted);  // Brown
}

// Step 1's receiver at USC-ISIE hands over a transaction; the relay's sender,
// built from it, must send exactly step 2's lines.
TEST(appendix_f, relayed_mail_step_one_becomes_step_two) {
    const Dialogue step1 = load("scenario03_relay_step1.txt");
    const Dialogue step2 = load("scenario03_relay_step2.txt");
    TablePolicy relay;
    Receiver receiver("USC-ISIE.ARPA", relay);
    replay_receiver(step1, receiver, Compare::code_and_text, "step 1");
    ASSERT_EQ(relay.accepted.size(), 1u);
    const Transaction& tx = relay.accepted[0];
    EXPECT_EQ("MAIL FROM:" + tx.reverse_path.format(),
              "MAIL FROM:<@USC-ISIE.ARPA:JQP@MIT-AI.ARPA>");
    ASSERT_EQ(tx.recipients.size(), 1u);
    EXPECT_EQ(tx.recipients[0].delivery, Delivery::relay);
    EXPECT_EQ(tx.recipients[0].forward_path.format(), "<Jones@BBN-VAX.ARPA>");
    EXPECT_EQ(tx.recipients[0].forward_path.next_host(), "BBN-VAX.ARPA");

    Envelope onward{tx.reverse_path, {tx.recipients[0].forward_path}, tx.mode, {}, {}};
    // The relay's time stamp (RFC 821 4.1.1 DATA), as the RFC prints it.
    std::vector<std::string> text = {"Received: from MIT-AI.ARPA by USC-ISIE.ARPA ;",
                                     "   2 Nov 81 22:40:10 UT"};
    const std::vector<std::string> received = tx.data->lines();
    text.insert(text.end(), received.begin(), received.end());
    onward.data = MailText::from_lines(text);
    Sender sender("USC-ISIE.ARPA", {onward});
    replay_sender(step2, sender, "step 2");
    EXPECT_EQ(sender.outcomes(0)[0].outcome, Outcome::accepted);

    TablePolicy destination;
    destination.add_user("Jones");
    Receiver bbn("BBN-VAX.ARPA", destination);
    replay_receiver(step2, bbn, Compare::code_and_text, "step 2");
    ASSERT_EQ(destination.accepted.size(), 1u);
    EXPECT_EQ(destination.accepted[0].received_reverse_path.format(),
              "<@USC-ISIE.ARPA:JQP@MIT-AI.ARPA>");
    EXPECT_EQ(destination.accepted[0].recipients[0].delivery, Delivery::local);
    EXPECT_EQ(destination.accepted[0].data->lines(), text);
}

TEST(appendix_f, mailing_list_relay_keeps_every_source_route) {
    TablePolicy relay;
    Receiver receiver("USC-ISIE.ARPA", relay);
    replay_receiver(load("scenario07_list_step3.txt"), receiver, Compare::code_and_text,
                    "scenario 7");
    ASSERT_EQ(relay.accepted.size(), 1u);
    const auto& recipients = relay.accepted[0].recipients;
    ASSERT_EQ(recipients.size(), 7u);
    EXPECT_EQ(recipients[3].forward_path.format(), "<@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>");
    EXPECT_EQ(recipients[3].forward_path.next_host(), "USC-ISIF.ARPA");
    EXPECT_EQ(recipients[4].forward_path.format(), "<joe@FOO-UNIX.ARPA>");
    EXPECT_EQ(relay.accepted[0].reverse_path.format(),
              "<@USC-ISIE.ARPA:Account.Person@SU-SCORE.ARPA>");
}

TEST(appendix_f, too_many_recipients_leaves_two_transactions) {
    TablePolicy policy;
    policy.add_user("fabry");
    policy.add_user("eric");
    policy.recipient_limit = 1;
    Receiver receiver("BERKELEY.ARPA", policy);
    replay_receiver(load("scenario10_too_many.txt"), receiver, Compare::code_and_text,
                    "scenario 10");
    ASSERT_EQ(policy.accepted.size(), 2u);
    EXPECT_EQ(policy.accepted[0].recipients.at(0).forward_path.format(), "<fabry@BERKELEY.ARPA>");
    EXPECT_EQ(policy.accepted[1].recipients.at(0).forward_path.format(), "<eric@BERKELEY.ARPA>");
}

// The examples of RFC 821 section 3. Their texts vary ("250 ok"), so only the
// codes are compared. Fragments without a greeting start after HELO.
TEST(section_3, examples_give_the_rfc_reply_codes) {
    struct Example {
        const char* name;
        const char* host;
        std::function<void(TablePolicy&)> configure;
        const char* dialogue;
    };
    const std::vector<Example> examples = {
        {"Example 1", "Beta.ARPA", [](TablePolicy& p) { p.add_user("Jones"), p.add_user("Brown"); },
         "S: MAIL FROM:<Smith@Alpha.ARPA>\nR: 250 OK\nS: RCPT TO:<Jones@Beta.ARPA>\nR: 250 OK\n"
         "S: RCPT TO:<Green@Beta.ARPA>\nR: 550 No such user here\nS: RCPT TO:<Brown@Beta.ARPA>\nR: "
         "250 OK\n"
         "S: DATA\nR: 354 Start mail input; end with <CRLF>.<CRLF>\nS: Blah blah blah...\nS: "
         "...etc. etc. etc.\n"
         "S: .\nR: 250 OK\n"},
        {"Example 2, either", "USC-ISI.ARPA",
         [](TablePolicy& p) {
             p.mailboxes["Postel"] =
                 MailboxAnswer{MailboxStatus::will_forward, path("<Postel@USC-ISIF.ARPA>")};
         },
         "S: MAIL FROM:<x@Y.ARPA>\nR: 250 OK\n"
         "S: RCPT TO:<Postel@USC-ISI.ARPA>\nR: 251 User not local; will forward to "
         "<Postel@USC-ISIF.ARPA>\n"},
        {"Example 2, or", "USC-ISIB.ARPA",
         [](TablePolicy& p) {
             p.mailboxes["Paul"] =
                 MailboxAnswer{MailboxStatus::please_try, path("<Mockapetris@USC-ISIF.ARPA>")};
         },
         "S: MAIL FROM:<x@Y.ARPA>\nR: 250 OK\n"
         "S: RCPT TO:<Paul@USC-ISIB.ARPA>\nR: 551 User not local; please try "
         "<Mockapetris@USC-ISIF.ARPA>\n"},
        {"Example 3, 250", "USC-ISIF.ARPA",
         [](TablePolicy& p) {
             p.users["Smith"] = {VerifyStatus::user, "Fred Smith", path("<Smith@USC-ISIF.ARPA>")};
         },
         "S: VRFY Smith\nR: 250 Fred Smith <Smith@USC-ISIF.ARPA>\n"},
        {"Example 3, 251", "USC-ISIF.ARPA",
         [](TablePolicy& p) {
             p.users["Smith"] = {VerifyStatus::will_forward, "", path("<Smith@USC-ISIQ.ARPA>")};
         },
         "S: VRFY Smith\nR: 251 User not local; will forward to <Smith@USC-ISIQ.ARPA>\n"},
        {"Example 3, 550", "USC-ISIF.ARPA", [](TablePolicy&) {},
         "S: VRFY Jones\nR: 550 String does not match anything.\n"},
        {"Example 3, 551", "USC-ISIF.ARPA",
         [](TablePolicy& p) {
             p.users["Jones"] = {VerifyStatus::please_try, "", path("<Jones@USC-ISIQ.ARPA>")};
         },
         "S: VRFY Jones\nR: 551 User not local; please try <Jones@USC-ISIQ.ARPA>\n"},
        {"Example 3, 553", "USC-ISIF.ARPA",
         [](TablePolicy& p) {
             p.users["Gourzenkyinplatz"] = {VerifyStatus::ambiguous, "", {}};
         },
         "S: VRFY Gourzenkyinplatz\nR: 553 User ambiguous.\n"},
        {"Example 4, either", "USC-ISIF.ARPA",
         [](TablePolicy& p) {
             p.lists["Example-People"] = {
                 ExpandStatus::list,
                 {{"Fred Fonebone", path("<Fonebone@USC-ISIQ.ARPA>")},
                  {"Sam Q. Smith", path("<SQSmith@USC-ISIQ.ARPA>")},
                  {"Quincy Smith", path("<@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>")},
                  {"", path("<joe@foo-unix.ARPA>")},
                  {"", path("<xyz@bar-unix.ARPA>")}}};
         },
         "S: EXPN Example-People\nR: 250-Fred Fonebone <Fonebone@USC-ISIQ.ARPA>\n"
         "R: 250-Sam Q. Smith <SQSmith@USC-ISIQ.ARPA>\nR: 250-Quincy Smith "
         "<@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>\n"
         "R: 250-<joe@foo-unix.ARPA>\nR: 250 <xyz@bar-unix.ARPA>\n"},
        {"Example 4, or", "USC-ISIF.ARPA",
         [](TablePolicy& p) {
             p.lists["Executive-Washroom-List"] = {ExpandStatus::denied, {}};
         },
         "S: EXPN Executive-Washroom-List\nR: 550 Access Denied to You.\n"},
        {"Example 5", "BBN-UNIX.ARPA", [](TablePolicy&) {},
         "R: 220 BBN-UNIX.ARPA Simple Mail Transfer Service Ready\nS: HELO USC-ISIF.ARPA\nR: 250 "
         "BBN-UNIX.ARPA\n"},
        {"Example 6", "BBN-UNIX.ARPA", [](TablePolicy&) {},
         "S: QUIT\nR: 221 BBN-UNIX.ARPA Service closing transmission channel\n"},
        {"Example 7", "HOSTX.ARPA", [](TablePolicy&) {},
         "S: MAIL FROM:<>\nR: 250 ok\nS: RCPT TO:<@HOSTX.ARPA:JOE@HOSTW.ARPA>\nR: 250 ok\nS: DATA\n"
         "R: 354 send the mail data, end with .\nS: Date: 23 Oct 81 11:22:33\nS: From: "
         "SMTP@HOSTY.ARPA\n"
         "S: To: JOE@HOSTW.ARPA\nS: Subject: Mail System Problem\nS:\n"
         "S:   Sorry JOE, your message to SAM@HOSTZ.ARPA lost.\nS:   HOSTZ.ARPA said this:\n"
         "S:    \"550 No Such User\"\nS: .\nR: 250 ok\n"},
    };
    for (const Example& example : examples) {
        TablePolicy policy;
        example.configure(policy);
        Receiver receiver(example.host, policy);
        replay_receiver(parse_dialogue(example.dialogue, example.name), receiver, Compare::code,
                        example.name);
    }
}

TEST(section_3, notification_is_relayed_with_its_null_reverse_path) {
    TablePolicy policy;
    Receiver receiver("HOSTX.ARPA", policy);
    receiver.greeting();
    receiver.on_line("HELO HOSTY.ARPA");
    receiver.on_line("MAIL FROM:<>");
    receiver.on_line("RCPT TO:<@HOSTX.ARPA:JOE@HOSTW.ARPA>");
    receiver.on_line("DATA");
    receiver.on_line(".");
    ASSERT_EQ(policy.accepted.size(), 1u);
    EXPECT_TRUE(policy.accepted[0].reverse_path.is_null());
    EXPECT_EQ(policy.accepted[0].recipients[0].forward_path.format(), "<JOE@HOSTW.ARPA>");
}
