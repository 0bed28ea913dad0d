#include "compare/busiest.hpp"

#include <gtest/gtest.h>

#include <string>

#include "net/topology_io.hpp"
#include "scenario/scenario.hpp"

using namespace smtpsim;

namespace {

const std::string line = R"({"nodes": [{"name": "a.sim", "users": [{"mailbox": "u"}]},
    {"name": "b.sim", "users": [{"mailbox": "u"}]}, {"name": "c.sim", "users": [{"mailbox": "u"}]},
    {"name": "d.sim", "users": [{"mailbox": "u"}]}, {"name": "e.sim", "users": [{"mailbox": "u"}]}],
  "links": [{"a": "a.sim", "b": "b.sim"}, {"a": "b.sim", "b": "c.sim"},
            {"a": "c.sim", "b": "d.sim"}, {"a": "d.sim", "b": "e.sim"}]})";

scenario::Scenario scenario_on(const std::string& topology_json, const std::string& messages,
                               const std::string& metric = "hops") {
    return scenario::parse_scenario(R"({"name": "t", "metric": ")" + metric + R"(", "topology": )" +
                                        topology_json + R"(, "messages": )" + messages + "}",
                                    "test", ".");
}

std::string name_of_busiest(const scenario::Scenario& s) {
    const auto h = compare::busiest_relay(s);
    return h ? s.topology->name(*h) : "(none)";
}

}  // namespace

TEST(busiest_relay, is_the_host_that_passed_on_the_most_mail_for_others) {
    // c.sim is the middle of the line, but the mail goes a -> c and e -> c:
    // b.sim and d.sim relay one each, and b.sim comes first by name...
    EXPECT_EQ(name_of_busiest(scenario_on(line, R"([{"from": "u@a.sim", "to": ["u@c.sim"]},
                                                    {"from": "u@e.sim", "to": ["u@c.sim"]}])")),
              "b.sim");
    // ...unless d.sim relays more (e -> c twice); its own users' mail (d -> b,
    // through c) does not count for it: b 1, c 1, d 2.
    const auto more = scenario_on(line, R"([{"from": "u@a.sim", "to": ["u@c.sim"]},
                                            {"from": "u@e.sim", "to": ["u@c.sim"]},
                                            {"from": "u@e.sim", "to": ["u@c.sim"]},
                                            {"from": "u@d.sim", "to": ["u@b.sim"]}])");
    EXPECT_EQ(compare::transit_mail(more), (std::vector<std::uint64_t>{0, 1, 1, 2, 0}));
    EXPECT_EQ(name_of_busiest(more), "d.sim");
    const auto s = scenario_on(line, R"([{"from": "u@d.sim", "to": ["u@a.sim"]}])");
    EXPECT_EQ(compare::transit_mail(s), (std::vector<std::uint64_t>{0, 1, 1, 0, 0}));
}

TEST(busiest_relay, without_transit_mail_is_the_most_central_host) {
    // No mail at all: betweenness decides; on the line, c.sim is on the most
    // shortest paths (a-d, a-e, b-d, b-e and the four through it: 4 pairs).
    const auto s = scenario_on(line, "[]");
    EXPECT_EQ(compare::betweenness(*s.topology, net::Metric::hops),
              (std::vector<double>{0, 3, 4, 3, 0}));
    EXPECT_EQ(name_of_busiest(s), "c.sim");
}

TEST(busiest_relay, ties_go_to_the_first_name_and_non_relays_are_passed_over) {
    // A square: each host is on one of the two shortest paths between its
    // neighbours, betweenness 1/2 each; a.sim does not relay.
    const auto s = scenario_on(R"({"nodes": [{"name": "d.sim"}, {"name": "B.sim"},
        {"name": "c.sim"}, {"name": "a.sim", "relay": false}],
        "links": [{"a": "a.sim", "b": "B.sim"}, {"a": "B.sim", "b": "c.sim"},
                  {"a": "c.sim", "b": "d.sim"}, {"a": "d.sim", "b": "a.sim"}]})",
                               "[]");
    const auto c = compare::betweenness(*s.topology, net::Metric::hops);
    EXPECT_EQ(c, (std::vector<double>{0.5, 0.5, 0.5, 0.5}));
    EXPECT_EQ(name_of_busiest(s), "B.sim");  // case is ignored in the order
}

TEST(busiest_relay, betweenness_follows_latency_when_that_is_the_metric) {
    // a - b - c by hops through b; by latency a -> c goes round through d.
    const std::string diamond = R"({"nodes": [{"name": "a.sim"}, {"name": "b.sim"},
        {"name": "c.sim"}, {"name": "d.sim"}],
        "links": [{"a": "a.sim", "b": "b.sim", "latency": "50ms"},
                  {"a": "b.sim", "b": "c.sim", "latency": "50ms"},
                  {"a": "a.sim", "b": "d.sim", "latency": "5ms"},
                  {"a": "d.sim", "b": "c.sim", "latency": "5ms"}]})";
    EXPECT_EQ(name_of_busiest(scenario_on(diamond, "[]", "latency")), "d.sim");
    // By hops: a-c ties between b and d, b-d between a and c: the first name.
    EXPECT_EQ(name_of_busiest(scenario_on(diamond, "[]", "hops")), "a.sim");
}

TEST(busiest_relay, none_when_no_host_relays) {
    const auto s = scenario_on(R"({"defaults": {"host": {"relay": false}},
        "nodes": [{"name": "a.sim"}, {"name": "b.sim"}], "links": [{"a": "a.sim", "b": "b.sim"}]})",
                               "[]");
    EXPECT_FALSE(compare::busiest_relay(s).has_value());
}
