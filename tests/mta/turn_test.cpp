// RFC 821 3.8 TURN in the simulation: a host that accepts no connections
// polls its neighbour, and the mail waiting there comes back on the same
// connection once the two have swapped roles.
#include <gtest/gtest.h>

#include <algorithm>

#include "mta/simulation.hpp"
#include "sim_fixture.hpp"

using namespace smtpsim;
using namespace smtpsim::testing;
using core::Time;

namespace {

std::string dial_up_topology(bool neighbour_accepts_turn) {
    return std::string(R"({
      "defaults": {"link": {"latency": "10ms", "bandwidth": "8Mbit/s"}},
      "nodes": [{"name": "A", "users": [{"mailbox": "alice"}]},
                {"name": "N", "accepts_turn": )") +
           (neighbour_accepts_turn ? "true" : "false") + R"(},
                {"name": "D", "accepts_connections": false, "poll_interval": "10min",
                 "users": [{"mailbox": "dan"}]}],
      "links": [{"a": "A", "b": "N"}, {"a": "N", "b": "D"}]
    })";
}

// One mail sent at time zero on the dial-up topology, run to the end (or to `stop`).
struct TurnRun : RecordedRun {
    TurnRun(bool neighbour_accepts_turn, const std::string& from, const std::string& to,
            std::optional<Time> stop = std::nullopt)
        : RecordedRun(dial_up_topology(neighbour_accepts_turn), config_stopping_at(stop)) {
        send(Time::zero(), from, to);
        run();
    }
    static mta::SimulationConfig config_stopping_at(std::optional<Time> stop) {
        mta::SimulationConfig config;
        config.stop = stop;
        return config;
    }
};

}  // namespace

TEST(turn, mail_for_a_host_that_accepts_no_connections_waits_until_it_polls_with_turn) {
    TurnRun r(true, "alice@A", "<dan@D>");
    ASSERT_EQ(r.sim->totals().delivered, 1u);
    // Nobody connects to D: N holds the mail until D's poll at 10 minutes.
    ASSERT_EQ(r.recorder.sessions.size(), 2u);
    const auto& poll = r.recorder.sessions[1];
    EXPECT_EQ(poll.client, "D");
    EXPECT_EQ(poll.server, "N");
    EXPECT_EQ(poll.start_ns, Time::min(10).count_ns());
    EXPECT_GT(r.recorder.outcomes.at(0).t_ns, Time::min(10).count_ns());
    // RFC 821 3.8: 250 to TURN; D, now the receiver, sends the 220 as on a
    // new connection; N sends the mail, then QUIT.
    const std::vector<std::string> head(poll.lines.begin(), poll.lines.begin() + 9);
    EXPECT_EQ(head, (std::vector<std::string>{
                        "R: 220 N Simple Mail Transfer Service Ready", "S: HELO D", "R: 250 N",
                        "S: TURN", "R: 250 OK", "R: 220 D Simple Mail Transfer Service Ready",
                        "S: HELO N", "R: 250 D", "S: MAIL FROM:<@N:alice@A>"}));
    EXPECT_EQ(poll.lines.back(), "R: 221 D Service closing transmission channel");
}

TEST(turn, a_neighbour_that_refuses_turn_answers_502_and_the_mail_stays_in_flight) {
    // RFC 821 4.1.1 TURN: 502 when the receiver will not swap; the client
    // then quits, and the mail waits at N for good.
    TurnRun r(false, "alice@A", "<dan@D>", Time::h(1));
    EXPECT_EQ(r.sim->totals().in_flight, 1u);
    ASSERT_GE(r.recorder.sessions.size(), 2u);
    const auto& poll = r.recorder.sessions[1];
    const std::vector<std::string> tail(poll.lines.end() - 4, poll.lines.end());
    EXPECT_EQ(tail,
              (std::vector<std::string>{"S: TURN", "R: 502 Command not implemented", "S: QUIT",
                                        "R: 221 N Service closing transmission channel"}));
}

TEST(turn, polling_stops_when_no_mail_is_left_so_a_run_without_a_stop_time_ends) {
    TurnRun r(true, "alice@A", "<dan@D>");
    // The poll at 10 minutes brought the mail; the one at 20 finds nothing to do.
    EXPECT_EQ(r.sim->scheduler().now(), Time::min(20));
}

TEST(turn, a_host_that_accepts_no_connections_still_sends_its_own_mail_at_once) {
    TurnRun r(true, "dan@D", "<alice@A>");
    EXPECT_EQ(r.sim->totals().delivered, 1u);
    ASSERT_GE(r.recorder.sessions.size(), 1u);
    EXPECT_EQ(r.recorder.sessions[0].client, "D");
    EXPECT_LT(r.recorder.outcomes.at(0).t_ns, Time::s(1).count_ns());
}

TEST(turn, a_neighbour_with_nothing_to_send_after_turn_still_sends_helo_first) {
    // RFC 821 4.1.1: "The first command in a session must be the HELO
    // command", and after TURN the new sender is "in the initial state as if
    // the transmission channel just opened": with no mail for D, N sends
    // HELO, then QUIT. D sends its own mail at once; its poll finds none.
    TurnRun r(true, "dan@D", "<alice@A>", Time::min(15));
    const auto poll =
        std::find_if(r.recorder.sessions.begin(), r.recorder.sessions.end(),
                     [](const auto& s) { return s.start_ns == Time::min(10).count_ns(); });
    ASSERT_NE(poll, r.recorder.sessions.end());
    const std::vector<std::string> tail(poll->lines.end() - 5, poll->lines.end());
    EXPECT_EQ(tail, (std::vector<std::string>{"R: 220 D Simple Mail Transfer Service Ready",
                                              "S: HELO N", "R: 250 D", "S: QUIT",
                                              "R: 221 D Service closing transmission channel"}));
}
