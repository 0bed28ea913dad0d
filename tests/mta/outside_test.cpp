// Connections from outside the simulation (smtpsim serve): a real client's
// mail enters at the host it connected to, at the current simulated
// instant, and is relayed, delivered or returned as a simulated session's.
#include "mta/outside.hpp"

#include <gtest/gtest.h>

#include "sim_fixture.hpp"

using namespace smtpsim;
using namespace smtpsim::testing;
using core::Time;
using trace::HopKind;

namespace {

// A line A - B - C - D, 10 ms per link.
const char* line_json = R"({
  "defaults": {"link": {"latency": "10ms", "bandwidth": "8Mbit/s"}},
  "nodes": [{"name": "A", "users": [{"mailbox": "alice"}]}, {"name": "B"}, {"name": "C"},
            {"name": "D", "users": [{"mailbox": "dan"}], "accepts_turn": true}],
  "links": [{"a": "A", "b": "B"}, {"a": "B", "b": "C"}, {"a": "C", "b": "D"}]
})";

// The replies of a dialogue fed line by line, as "code" strings.
std::vector<int> talk(smtp::Receiver& receiver, const std::vector<std::string>& lines) {
    std::vector<int> codes;
    for (const std::string& line : lines) {
        if (auto reply = receiver.on_line(line)) {
            codes.push_back(reply->code);
        }
    }
    return codes;
}

struct OutsideRun : RecordedRun {
    OutsideRun() : RecordedRun(line_json, {}) {}
    std::unique_ptr<mta::OutsideConnection> connect(const std::string& host) {
        return sim->connect_from_outside(*topology.find_host(host));
    }
};

}  // namespace

TEST(outside, mail_from_outside_enters_at_its_host_now_and_is_relayed_to_its_mailbox) {
    OutsideRun run;
    run.scheduler.run_until(Time::s(7));  // the client connects at 7 s
    auto client = run.connect("B");
    EXPECT_EQ(client->receiver().greeting().code, 220);
    EXPECT_EQ(talk(client->receiver(), {"HELO A", "MAIL FROM:<alice@A>", "RCPT TO:<@C:dan@D>",
                                        "DATA", "Subject: hi", "", "hello", ".", "QUIT"}),
              (std::vector<int>{250, 250, 250, 354, 250, 221}));
    EXPECT_EQ(run.sim->totals().injected, 1u);  // counted when B took it
    run.run();
    ASSERT_EQ(run.recorder.story(HopKind::accepted).size(), 3u);
    EXPECT_EQ(run.recorder.hops.front().t_ns, Time::s(7).count_ns());
    EXPECT_EQ(run.recorder.story(HopKind::delivered),
              (std::vector<std::string>{"D <dan@D> <@C,@B:alice@A>"}));
    ASSERT_EQ(run.recorder.outcomes.size(), 1u);
    EXPECT_EQ(run.recorder.outcomes[0].outcome, trace::Outcome::delivered);
    EXPECT_EQ(run.recorder.outcomes[0].hops, 3);  // the outside hop and two simulated ones
    const auto& mailbox = run.sim->host(*run.topology.find_host("D")).mailbox();
    ASSERT_EQ(mailbox.size(), 1u);
    std::vector<std::string> received;
    mailbox[0].text->for_each_line([&](std::string_view line) {
        if (line.starts_with("Received:")) {
            received.emplace_back(line.substr(0, line.find(';')));
        }
    });
    EXPECT_EQ(received,
              (std::vector<std::string>{"Received: from C by D ", "Received: from B by C ",
                                        "Received: from A by B "}));
}

TEST(outside, mail_that_fails_further_on_comes_back_to_the_originator_as_a_notification) {
    OutsideRun run;
    auto client = run.connect("B");
    client->receiver().greeting();
    EXPECT_EQ(talk(client->receiver(),
                   {"HELO A", "MAIL FROM:<alice@A>", "RCPT TO:<nobody@D>", "DATA", "hi", "."}),
              (std::vector<int>{250, 250, 250, 354, 250}));
    run.run();
    ASSERT_EQ(run.recorder.outcomes.size(), 1u);
    EXPECT_EQ(run.recorder.outcomes[0].outcome, trace::Outcome::returned);
    EXPECT_EQ(run.recorder.outcomes[0].reply_code, 550);
    EXPECT_EQ(run.sim->host(*run.topology.find_host("A")).mailbox().size(), 1u);
}

TEST(outside, mail_refused_at_rcpt_or_never_finished_is_not_counted) {
    OutsideRun run;
    auto client = run.connect("D");
    client->receiver().greeting();
    EXPECT_EQ(talk(client->receiver(), {"HELO A", "MAIL FROM:<alice@A>", "RCPT TO:<nobody@D>",
                                        "RCPT TO:<dan@D>", "DATA", "half a mail"}),
              (std::vector<int>{250, 250, 550, 250, 354}));
    client->receiver().on_connection_lost();  // the client went away mid-DATA
    run.run();
    EXPECT_EQ(run.sim->totals().injected, 0u);
    EXPECT_EQ(run.sim->totals().recipients, 0u);
}

TEST(outside, a_host_that_is_down_greets_with_421_and_turn_is_not_offered) {
    OutsideRun run;
    mta::FailureSpec down;
    down.host = *run.topology.find_host("C");
    down.at = Time::s(1);
    run.sim->add_failure(down);
    run.scheduler.run_until(Time::s(2));
    EXPECT_EQ(run.connect("C")->receiver().greeting().code, 421);
    auto client = run.connect("D");  // it accepts TURN from simulated hosts, not from outside
    client->receiver().greeting();
    EXPECT_EQ(talk(client->receiver(), {"HELO A", "TURN"}), (std::vector<int>{250, 502}));
}
