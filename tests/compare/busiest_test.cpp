#include "compare/busiest.hpp"

#include <gtest/gtest.h>

#include <string>

#include "net/topology_io.hpp"

using namespace smtpsim;

namespace {

net::Topology topology(const std::string& json) {
    return net::parse_topology_json(json, "test");
}

std::string name_of_busiest(const net::Topology& t, net::Metric metric = net::Metric::hops) {
    const auto h = compare::busiest_relay(t, metric);
    return h ? t.name(*h) : "(none)";
}

}  // namespace

TEST(busiest_relay, is_the_middle_of_a_line_and_the_hub_of_a_star) {
    const auto line =
        topology(R"({"nodes": [{"name": "a.sim"}, {"name": "b.sim"}, {"name": "c.sim"}],
        "links": [{"a": "a.sim", "b": "b.sim"}, {"a": "b.sim", "b": "c.sim"}]})");
    // Only the pair (a, c) has a host between: b, on its one shortest path.
    EXPECT_EQ(compare::betweenness(line, net::Metric::hops), (std::vector<double>{0, 1, 0}));
    EXPECT_EQ(name_of_busiest(line), "b.sim");
    const auto star = topology(R"({"nodes": [{"name": "leaf1.sim"}, {"name": "hub.sim"},
        {"name": "leaf2.sim"}, {"name": "leaf3.sim"}],
        "links": [{"a": "hub.sim", "b": "leaf1.sim"}, {"a": "hub.sim", "b": "leaf2.sim"},
                  {"a": "hub.sim", "b": "leaf3.sim"}]})");
    EXPECT_EQ(name_of_busiest(star), "hub.sim");
}

TEST(busiest_relay, ties_go_to_the_first_name_and_non_relays_are_passed_over) {
    // A square: every host is on one of the two shortest paths between its
    // neighbours, so all have betweenness 2 * 1/2 = 1... the first name wins.
    const auto square = topology(R"({"nodes": [{"name": "d.sim"}, {"name": "B.sim"},
        {"name": "c.sim"}, {"name": "a.sim", "relay": false}],
        "links": [{"a": "a.sim", "b": "B.sim"}, {"a": "B.sim", "b": "c.sim"},
                  {"a": "c.sim", "b": "d.sim"}, {"a": "d.sim", "b": "a.sim"}]})");
    const auto c = compare::betweenness(square, net::Metric::hops);
    EXPECT_DOUBLE_EQ(c[0], c[1]);
    EXPECT_DOUBLE_EQ(c[1], c[2]);
    EXPECT_EQ(name_of_busiest(square), "B.sim");  // a.sim does not relay; case is ignored
}

TEST(busiest_relay, follows_latency_when_that_is_the_metric) {
    // a - b - c by hops through b; by latency a -> c goes round through d.
    const auto t = topology(R"({"nodes": [{"name": "a.sim"}, {"name": "b.sim"}, {"name": "c.sim"},
        {"name": "d.sim"}],
        "links": [{"a": "a.sim", "b": "b.sim", "latency": "50ms"},
                  {"a": "b.sim", "b": "c.sim", "latency": "50ms"},
                  {"a": "a.sim", "b": "d.sim", "latency": "5ms"},
                  {"a": "d.sim", "b": "c.sim", "latency": "5ms"}]})");
    EXPECT_EQ(name_of_busiest(t, net::Metric::latency), "d.sim");
    // By hops: a-c ties between b and d, b-d ties between a and c: the first name.
    EXPECT_EQ(name_of_busiest(t, net::Metric::hops), "a.sim");
}

TEST(busiest_relay, none_when_no_host_relays) {
    const auto t = topology(R"({"defaults": {"host": {"relay": false}},
        "nodes": [{"name": "a.sim"}, {"name": "b.sim"}], "links": [{"a": "a.sim", "b": "b.sim"}]})");
    EXPECT_FALSE(compare::busiest_relay(t, net::Metric::hops).has_value());
}
