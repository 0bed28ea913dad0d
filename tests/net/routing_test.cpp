// Routing: known answers, the tie-break rule, source routes, and next-hop
// tables against an independent all-pairs computation.
#include "net/routing.hpp"

#include <gtest/gtest.h>

#include <boost/graph/floyd_warshall_shortest.hpp>
#include <boost/property_map/function_property_map.hpp>

#include "net/generators.hpp"
#include "net/topology_io.hpp"

using namespace smtpsim;
using net::Metric;

namespace {

// A -- C is one hop of 100ms; A -- B -- C is two hops of 10ms each.
const char* triangle = R"({"nodes": [{"name": "A.ARPA"}, {"name": "B.ARPA"}, {"name": "C.ARPA"}],
  "links": [{"a": "A.ARPA", "b": "C.ARPA", "latency": "100ms"},
            {"a": "A.ARPA", "b": "B.ARPA", "latency": "10ms"},
            {"a": "B.ARPA", "b": "C.ARPA", "latency": "10ms"}]})";

std::vector<std::string> names(const net::Topology& t, const net::Route& route) {
    std::vector<std::string> out;
    for (const net::HostId h : route.hosts) {
        out.push_back(t.name(h));
    }
    return out;
}

// A square whose two sides are equally short; `second` and `third` name the middle hosts.
net::Topology square(const std::string& second, const std::string& third) {
    return net::parse_topology_json(R"({"nodes": [{"name": "A.ARPA"}, {"name": ")" + third +
                                        R"("}, {"name": ")" + second +
                                        R"("}, {"name": "D.ARPA"}], "links": [
            {"a": "A.ARPA", "b": ")" + third +
                                        R"("}, {"a": ")" + third + R"(", "b": "D.ARPA"},
            {"a": "A.ARPA", "b": ")" + second +
                                        R"("}, {"a": ")" + second + R"(", "b": "D.ARPA"}]})",
                                    "square");
}

}  // namespace

TEST(routing, hops_and_latency_disagree_on_the_triangle) {
    const net::Topology t = net::parse_topology_json(triangle, "triangle");
    const auto by_hops = net::Router(t, Metric::hops).route(0, 2);
    ASSERT_TRUE(by_hops);
    EXPECT_EQ(names(t, *by_hops), (std::vector<std::string>{"A.ARPA", "C.ARPA"}));
    EXPECT_EQ(by_hops->hops(), 1u);
    EXPECT_EQ(by_hops->latency, core::Time::ms(100));
    const auto by_latency = net::Router(t, Metric::latency).route(0, 2);
    ASSERT_TRUE(by_latency);
    EXPECT_EQ(names(t, *by_latency), (std::vector<std::string>{"A.ARPA", "B.ARPA", "C.ARPA"}));
    EXPECT_EQ(by_latency->hops(), 2u);
    EXPECT_EQ(by_latency->latency, core::Time::ms(20));
}

TEST(routing, ties_go_to_the_neighbour_whose_name_sorts_first_whatever_the_file_order) {
    for (const Metric metric : {Metric::hops, Metric::latency}) {
        const net::Topology t = square("B.ARPA", "C.ARPA");
        EXPECT_EQ(names(t, *net::Router(t, metric).route(0, 3))[1], "B.ARPA");
        const net::Topology swapped = square("c.arpa", "b.arpa");  // case does not matter
        EXPECT_EQ(names(swapped, *net::Router(swapped, metric).route(0, 3))[1], "b.arpa");
        const net::Topology renamed = square("Z.ARPA", "C.ARPA");
        EXPECT_EQ(names(renamed, *net::Router(renamed, metric).route(0, 3))[1], "C.ARPA");
    }
}

TEST(routing, source_route_names_the_relays_and_leaves_the_destination_in_the_mailbox) {
    const net::Topology t = net::load_topology("topologies/rfc821.json");
    const net::HostId ai = *t.find_host("MIT-AI.ARPA");
    const net::HostId vax = *t.find_host("BBN-VAX.ARPA");
    const auto route = net::Router(t, Metric::hops).route(ai, vax);
    ASSERT_TRUE(route);
    EXPECT_EQ(net::source_route(t, *route, "Jones"), "<@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>");
    const auto direct = net::Router(t, Metric::hops).route(*t.find_host("USC-ISIE.ARPA"), vax);
    EXPECT_EQ(net::source_route(t, *direct, "Jones"), "<Jones@BBN-VAX.ARPA>");
    const auto local = net::Router(t, Metric::hops).route(vax, vax);
    EXPECT_EQ(local->hops(), 0u);
    EXPECT_EQ(net::source_route(t, *local, "Jones"), "<Jones@BBN-VAX.ARPA>");

    const net::Route two_relays{{ai, *t.find_host("USC-ISIE.ARPA"), *t.find_host("USC-ISIF.ARPA"),
                                 *t.find_host("ISI-VAXA.ARPA")},
                                core::Time::zero()};
    EXPECT_EQ(net::source_route(t, two_relays, "Q-Smith"),
              "<@USC-ISIE.ARPA,@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>");
}

TEST(routing, unreachable_hosts_and_links_that_are_down_give_no_route) {
    net::Topology t = net::parse_topology_json(
        R"({"nodes": [{"name": "A.ARPA"}, {"name": "B.ARPA"}, {"name": "C.ARPA"}],
            "links": [{"a": "A.ARPA", "b": "B.ARPA", "up": false}]})",
        "t");
    for (const Metric metric : {Metric::hops, Metric::latency}) {
        net::Router router(t, metric);
        EXPECT_FALSE(router.route(0, 2).has_value());
        EXPECT_FALSE(router.route(0, 1).has_value());
        EXPECT_FALSE(router.next_hop(0, 1).has_value());
        EXPECT_FALSE(router.next_hop(1, 1).has_value());  // at the destination already
    }
}

TEST(routing, lazy_next_hops_follow_shortest_paths_on_random_graphs) {
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
        net::GeneratorOptions options;
        options.kind = net::GeneratorKind::random;
        options.hosts = 60;
        options.seed = seed;
        options.degree = 3;
        options.latency = {core::Time::ms(1), core::Time::ms(9)};  // few values: many ties
        const net::Topology t = net::generate(options);
        const std::size_t n = t.host_count();
        for (const Metric metric : {Metric::hops, Metric::latency}) {
            // Independent answer: Floyd-Warshall over all pairs.
            std::vector<std::vector<std::int64_t>> distance(n, std::vector<std::int64_t>(n));
            const auto weight = [&](net::LinkId e) {
                return metric == Metric::hops ? 1 : t.link(e).latency.count_ns();
            };
            ASSERT_TRUE(boost::floyd_warshall_all_pairs_shortest_paths(
                t.graph(), distance,
                boost::weight_map(boost::make_function_property_map<net::LinkId>(weight))));
            net::Router router(t, metric, 8);
            for (net::HostId to = 0; to < n; ++to) {
                for (net::HostId from = 0; from < n; ++from) {
                    std::int64_t total = 0;
                    net::HostId at = from;
                    std::vector<net::HostId> chain{from};
                    while (const auto next = router.next_hop(at, to)) {
                        total += weight(boost::edge(at, *next, t.graph()).first);
                        at = *next;
                        chain.push_back(at);
                    }
                    EXPECT_EQ(at, to);
                    EXPECT_EQ(total, distance[from][to]) << from << " -> " << to;
                    const auto route = router.route(from, to);
                    ASSERT_TRUE(route);
                    EXPECT_EQ(route->hosts, chain);
                }
            }
            EXPECT_LE(router.cached_table_count(), 8u);
        }
    }
}

TEST(routing, a_router_sees_links_go_down_after_invalidate) {
    net::Topology t = net::parse_topology_json(triangle, "triangle");
    net::Router router(t, Metric::latency);
    EXPECT_EQ(router.next_hop(0, 2), net::HostId{1});
    const net::LinkId a_b = boost::edge(0, 1, t.graph()).first;
    t.graph()[a_b].up = false;
    EXPECT_EQ(router.next_hop(0, 2), net::HostId{1});  // the cached table, until told
    router.invalidate();
    EXPECT_EQ(router.cached_table_count(), 0u);
    EXPECT_EQ(router.next_hop(0, 2), net::HostId{2});
    EXPECT_EQ(names(t, *router.route(0, 2)), (std::vector<std::string>{"A.ARPA", "C.ARPA"}));
}

TEST(routing, keeps_only_the_most_recently_used_tables) {
    const net::Topology t = net::parse_topology_json(triangle, "triangle");
    net::Router router(t, Metric::hops, 2);
    router.next_hop(0, 1);
    router.next_hop(0, 2);
    router.next_hop(1, 0);
    EXPECT_EQ(router.cached_table_count(), 2u);
}
