// The shipped distance-vector scenarios (scenarios/routing/): convergence
// times worked out by hand from the update phases, what count-to-infinity
// does to the tables and to the mail, and the hop limit catching a loop.
#include <gtest/gtest.h>

#include <map>
#include <utility>

#include "scenario/run.hpp"

using namespace smtpsim;

namespace {

// The tables as routing.jsonl tells them: the last route of each host to
// each destination, and the largest distance any route reached.
struct Tables : trace::Observer {
    unsigned interests() const override { return trace::routing | trace::outcomes; }
    void on_route_changed(const trace::RouteChanged& e) override {
        last[{std::string(e.host_name), std::string(e.destination_name)}] = {
            std::string(e.next_name), e.distance};
        if (e.next != trace::no_host) {
            max_distance = std::max(max_distance, e.distance);
        }
    }
    void on_resolved(const trace::RecipientResolved& e) override {
        if (e.counted) {
            outcomes.push_back(e.outcome);
            hops.push_back(e.hops);
            routes.push_back(e.notification_route.size());
        }
    }
    std::map<std::pair<std::string, std::string>, std::pair<std::string, std::uint32_t>> last;
    std::uint32_t max_distance = 0;
    std::vector<trace::Outcome> outcomes;
    std::vector<int> hops;
    std::vector<std::size_t> routes;
};

struct Run {
    scenario::RunResult result;
    Tables tables;
    double converged(std::size_t period) const {
        return result.summary["distance_vector"]["convergence"][period]["converged_after_s"]
            .get<double>();
    }
};

std::unique_ptr<Run> run(const std::string& name) {
    auto r = std::make_unique<Run>();
    const auto s = scenario::load_scenario(std::string(SMTPSIM_SOURCE_DIR) + "/scenarios/routing/" +
                                           name + ".json");
    scenario::RunOptions options;
    options.observers.push_back(&r->tables);
    r->result = scenario::run_scenario(s, options);
    EXPECT_TRUE(r->result.totals.balanced()) << name;
    return r;
}

// An update of n routes over a 10ms, 1Mbit/s link: 10ms + (32 + 20n) bytes * 8 / 1e6 s.
double update_time(int routes) {
    return 0.010 + (32 + 20 * routes) * 8 / 1e6;
}

}  // namespace

TEST(routing_scenarios, cold_start_line_converges_when_b_tells_a_about_e_in_its_third_update) {
    // Phases (interval 30s over 5 hosts): A 0s, B 6s, C 12s, D 18s, E 24s.
    // D knows E from its link; C hears it at D's update at 18s; B at C's
    // second update at 42s; A at B's third update at 66s (B then knows all 5).
    const auto r = run("cold-start");
    EXPECT_DOUBLE_EQ(r->converged(0), 66 + update_time(5));
    EXPECT_EQ(r->tables.last.at({"A", "E"}), std::make_pair(std::string("B"), 4u));
    EXPECT_EQ(r->tables.last.at({"E", "A"}), std::make_pair(std::string("D"), 4u));
    // The first mail waited at A for its route, then went; both arrived.
    EXPECT_EQ(r->result.totals.delivered, 2u);
    EXPECT_EQ(r->tables.hops, (std::vector<int>{4, 4}));
    EXPECT_GT(r->result.summary["latency_s"]["max"].get<double>(), r->converged(0));
}

TEST(routing_scenarios, without_split_horizon_the_triangle_counts_to_infinity_and_mail_loops) {
    const auto r = run("count-to-infinity");
    const auto& dv = r->result.summary["distance_vector"];
    EXPECT_EQ(dv["convergence"][1]["change"], "link C - D down");
    // B and C bounce D between them, two steps an interval, up to 16.
    EXPECT_GT(r->converged(1), 5 * 30.0);
    EXPECT_EQ(r->tables.last.at({"A", "D"}), std::make_pair(std::string("C"), 1u + 1u));
    EXPECT_EQ(r->tables.max_distance, 15u);  // the last finite distance before 16
    // The mail sent while the tables disagree loops between B and C until C
    // would make its reverse-path longer than RFC 821's 256 characters
    // (4.5.3): C refuses the RCPT with 501 and B returns the mail.
    EXPECT_EQ(r->result.summary["returned"]["by_cause"]["501"], 1);
    EXPECT_EQ(r->result.summary["returned"]["by_host"]["C"], 1);
    EXPECT_EQ(r->result.totals.delivered, 2u);  // before the failure, and after the repair
}

TEST(routing_scenarios, poisoned_reverse_agrees_at_the_next_update_of_c_and_no_mail_loops) {
    const auto r = run("poisoned-reverse");
    // The link fails at 61s; C's next update (phase 15s) is at 75s, with 4
    // routes: A, B, itself, and D at infinity.
    EXPECT_DOUBLE_EQ(r->converged(1), 14 + update_time(4));
    EXPECT_EQ(r->result.summary["returned"]["by_cause"].size(), 0u);
    EXPECT_EQ(r->result.totals.delivered, 3u);
    EXPECT_EQ(r->tables.hops, (std::vector<int>{2, 2, 2}));
}

TEST(routing_scenarios, the_hop_limit_returns_the_looping_mail_to_its_sender) {
    const auto r = run("mail-loop");
    const auto& dv = r->result.summary["distance_vector"];
    EXPECT_EQ(dv["hop_limit"], 20);
    EXPECT_EQ(dv["hop_limit_refusals"], 1);
    EXPECT_EQ(r->result.summary["returned"]["by_cause"]["554"], 1);
    EXPECT_EQ(r->tables.outcomes, (std::vector<trace::Outcome>{trace::Outcome::returned}));
    // 21 hops (A to C, then 20 between C and B); the notification goes back
    // the whole way, host by host: 21 relays and A.
    EXPECT_EQ(r->tables.hops, (std::vector<int>{21}));
    EXPECT_EQ(r->tables.routes, (std::vector<std::size_t>{22}));
}
