// The shipped failure scenarios (scenarios/failures/), one per failure kind:
// who got what, which reply, the notification's route host by host, and the
// timing of the retries.
#include <gtest/gtest.h>

#include "../mta/sim_fixture.hpp"
#include "scenario/run.hpp"

using namespace smtpsim;
using core::Time;
using smtpsim::testing::Recorder;
using trace::Outcome;

namespace {

struct Result {
    scenario::RunResult run;
    Recorder trace;
    // Start times of the sessions from `client` to `server`, in seconds.
    std::vector<double> starts(const std::string& client, const std::string& server) const {
        std::vector<double> out;
        for (const auto& s : trace.sessions) {
            if (s.client == client && s.server == server) {
                out.push_back(s.start_ns / 1e9);
            }
        }
        return out;
    }
};

scenario::Scenario load(const std::string& name) {
    return scenario::load_scenario(std::string(SMTPSIM_SOURCE_DIR) + "/scenarios/failures/" + name);
}

Result run(const scenario::Scenario& s) {
    Result r;
    scenario::RunOptions options;
    options.observers.push_back(&r.trace);
    r.run = scenario::run_scenario(s, options);
    EXPECT_TRUE(r.run.totals.balanced()) << s.name;
    return r;
}

Result run(const std::string& name) {
    return run(load(name));
}

// Connect timeout 30s, then the first retry interval, 30 minutes.
constexpr double retry_gap = 30 + 30 * 60;

}  // namespace

TEST(failure_scenarios, host_down_is_waited_out_by_retries) {
    const auto r = run("host-down.json");
    const auto starts = r.starts("C", "D");
    ASSERT_EQ(starts.size(), 3u);
    EXPECT_NEAR(starts[1] - starts[0], retry_gap, 1e-9);
    EXPECT_NEAR(starts[2] - starts[1], retry_gap, 1e-9);
    EXPECT_GT(starts[2], 3600.0);  // the first try after D is back up
    ASSERT_EQ(r.trace.outcomes.size(), 1u);
    EXPECT_EQ(r.trace.outcomes[0].outcome, Outcome::delivered);
    EXPECT_EQ(r.run.summary["failed_connections"], 2);
    EXPECT_EQ(r.run.summary["retries"], 2);
}

TEST(failure_scenarios, host_down_for_good_is_returned_after_the_queue_lifetime) {
    const auto r = run("host-down-returned.json");
    EXPECT_EQ(r.starts("C", "D").size(), 5u);  // 0, 30.5, 61, 91.5, 122 minutes: past 2h
    ASSERT_EQ(r.trace.outcomes.size(), 1u);
    const auto& o = r.trace.outcomes[0];
    EXPECT_EQ(o.outcome, Outcome::returned);
    EXPECT_EQ(o.host, "C");
    EXPECT_EQ(o.route, (std::vector<std::string>{"C", "B", "A"}));
    EXPECT_EQ(r.run.summary["returned"]["by_cause"]["lifetime"], 1);
    // The notification: MAIL FROM:<> to the reverse-path C received, <@B:alice@A>.
    const auto& notice = r.trace.sessions.at(7);
    EXPECT_EQ(notice.client, "C");
    EXPECT_EQ(notice.server, "B");
    EXPECT_NE(std::find(notice.lines.begin(), notice.lines.end(), "S: MAIL FROM:<>"),
              notice.lines.end());
    EXPECT_NE(std::find(notice.lines.begin(), notice.lines.end(), "S: RCPT TO:<@B:alice@A>"),
              notice.lines.end());
}

TEST(failure_scenarios, next_hop_routing_goes_around_a_dead_link_after_reroute_after) {
    const auto r = run("link-down-reroute.json");
    EXPECT_TRUE(r.starts("A", "B").empty());
    EXPECT_EQ(r.starts("A", "C").size(), 1u);
    EXPECT_EQ(r.trace.outcomes.at(0).outcome, Outcome::delivered);
    EXPECT_LT(r.trace.outcomes.at(0).t_ns, Time::s(61).count_ns());
    EXPECT_EQ(r.run.summary["reroutes"], 2);  // after the failure, and after the repair
}

TEST(failure_scenarios, without_rerouting_the_mail_waits_for_the_repair) {
    const auto r = run("link-down-wait.json");
    const auto starts = r.starts("B", "D");
    ASSERT_EQ(starts.size(), 3u);
    EXPECT_GT(starts[2], 3600.0);
    EXPECT_GT(r.trace.outcomes.at(0).t_ns, Time::h(1).count_ns());
    EXPECT_EQ(r.trace.outcomes.at(0).outcome, Outcome::delivered);
}

TEST(failure_scenarios, full_storage_gets_452_and_is_retried) {
    const auto r = run("storage-full.json");
    ASSERT_EQ(r.starts("C", "D").size(), 3u);
    for (std::size_t i = 0; i < 2; ++i) {
        const auto& lines = r.trace.sessions.at(2 + i).lines;
        EXPECT_NE(std::find(lines.begin(), lines.end(),
                            "R: 452 Requested action not taken: "
                            "insufficient system storage"),
                  lines.end());
    }
    EXPECT_EQ(r.trace.outcomes.at(0).outcome, Outcome::delivered);
}

TEST(failure_scenarios, exhausted_storage_gets_552_and_is_returned) {
    const auto r = run("storage-exhausted.json");
    const auto& o = r.trace.outcomes.at(0);
    EXPECT_EQ(o.outcome, Outcome::returned);
    EXPECT_EQ(o.reply_code, 552);
    EXPECT_EQ(o.route, (std::vector<std::string>{"C", "B", "A"}));
}

TEST(failure_scenarios, unknown_mailbox_goes_back_along_the_reverse_path) {
    const auto r = run("unknown-mailbox.json");
    const auto& o = r.trace.outcomes.at(0);
    EXPECT_EQ(o.outcome, Outcome::returned);
    EXPECT_EQ(o.reply_code, 550);
    EXPECT_EQ(o.host, "D");
    EXPECT_EQ(o.route, (std::vector<std::string>{"C", "B", "A"}));
    // Each relay takes its own name off the notification's forward-path.
    std::vector<std::string> back;
    for (const auto& h : r.trace.hops) {
        if (h.about != 0 && h.kind == trace::HopKind::accepted) {
            back.push_back(h.host + " " + h.forward_paths.at(0));
        }
    }
    EXPECT_EQ(back, (std::vector<std::string>{"B <alice@A>", "A <alice@A>"}));
}

TEST(failure_scenarios, a_forwarded_user_is_reached_by_251_and_by_551) {
    for (const char* name : {"forward-will.json", "forward-please-try.json"}) {
        const auto r = run(name);
        const auto& lines = r.trace.sessions.at(2).lines;
        const bool will = std::string(name) == "forward-will.json";
        EXPECT_NE(std::find(lines.begin(), lines.end(),
                            will ? "R: 251 User not local; will forward to <dora@D>"
                                 : "R: 551 User not local; please try <dora@D>"),
                  lines.end())
            << name;
        EXPECT_EQ(r.trace.outcomes.at(0).outcome, Outcome::delivered) << name;
        EXPECT_EQ(r.run.totals.delivered, 1u);
    }
}

TEST(failure_scenarios, a_refusing_first_hop_returns_the_mail_at_once) {
    const auto r = run("relay-refused.json");
    const auto& o = r.trace.outcomes.at(0);
    EXPECT_EQ(o.outcome, Outcome::returned);
    EXPECT_EQ(o.reply_code, 550);
    EXPECT_EQ(o.notification, 0u);
    EXPECT_EQ(r.run.summary["notifications"]["sent"], 0);
}

TEST(failure_scenarios, transient_replies_are_retried_until_every_mail_arrives) {
    const auto r = run("transient.json");
    EXPECT_EQ(r.run.totals.delivered, 10u);
    EXPECT_GT(r.run.summary["retries"].get<int>(), 0);
}

TEST(failure_scenarios, a_lost_250_gives_a_counted_duplicate) {
    const auto r = run("duplicate.json");
    EXPECT_EQ(r.run.totals.delivered, 1u);
    EXPECT_EQ(r.run.summary["duplicates"], 1);
    EXPECT_EQ(r.run.summary["hosts"]["D"]["duplicates"], 1);
    int deliveries = 0;
    for (const auto& h : r.trace.hops) {
        deliveries += h.kind == trace::HopKind::delivered ? 1 : 0;
    }
    EXPECT_EQ(deliveries, 2);  // dan's mailbox holds it twice
    const auto starts = r.starts("C", "D");
    ASSERT_EQ(starts.size(), 2u);
}

TEST(failure_scenarios, rerouting_never_bounces_mail_for_a_host_that_is_only_down) {
    // With reroute_after the tables drop D while it is down; mail for D then
    // waits for the next hop it had before, and arrives once D is back.
    auto s = load("host-down.json");
    s.config.reroute_after = Time::s(10);
    s.messages.at(0).at = Time::min(1);  // after the tables dropped D
    const auto r = run(s);
    EXPECT_EQ(r.run.totals.delivered, 1u);
    EXPECT_EQ(r.run.totals.returned, 0u);
    EXPECT_EQ(r.run.summary["reroutes"], 2);
}

TEST(failure_scenarios, shortest_routes_written_while_a_relay_is_down_wait_for_it) {
    // With rerouting the current tables have no way from A to D while C is
    // down; the originator then writes the route as loaded, and the mail
    // waits at B for C to come back instead of being returned.
    auto s = load("host-down.json");
    s.failures.at(0).host = *s.topology->find_host("C");
    s.failures.at(0).duration = Time::min(20);
    s.config.routing = mta::RoutingMode::source_route;
    s.config.reroute_after = Time::s(10);
    s.messages.at(0).at = Time::min(1);
    const auto r = run(s);
    EXPECT_EQ(r.run.totals.delivered, 1u);
    EXPECT_EQ(r.run.totals.returned, 0u);
    EXPECT_EQ(r.trace.sessions.at(0).lines.at(5), "S: RCPT TO:<@B,@C:dan@D>");
}

TEST(failure_scenarios, next_hop_rerouting_moves_mail_already_waiting_in_a_queue) {
    // The diamond's link B - D is down for good. Mail sent at once goes A, B
    // and waits at B; when the tables change 5 minutes later, B sends it back
    // through A and C. A source route could only have waited.
    auto s = load("link-down-wait.json");
    s.failures.at(0).duration.reset();  // never repaired
    s.config.reroute_after = Time::min(5);
    s.messages.at(0).at = Time::s(1);
    const auto r = run(s);
    ASSERT_EQ(r.trace.outcomes.size(), 1u);
    EXPECT_EQ(r.trace.outcomes[0].outcome, Outcome::delivered);
    EXPECT_EQ(r.trace.outcomes[0].hops, 4);  // A B A C D
    EXPECT_GT(r.trace.outcomes[0].t_ns, Time::min(5).count_ns());
    EXPECT_LT(r.trace.outcomes[0].t_ns, Time::min(6).count_ns());
    EXPECT_EQ(r.run.summary["returned"]["by_cause"].size(), 0u);
}
