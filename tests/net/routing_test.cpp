// Routing: known answers, the tie-break rule, source routes, next hops
// against an independent all-pairs computation, and every route and next
// hop against the reference router (a whole tree per destination) on many
// small graphs full of ties and on larger ones, with large and tiny caches,
// with links and hosts failed, latencies that overflow, and the memory a
// router holds on 100,000 hosts.
#include "net/routing.hpp"

#include <gtest/gtest.h>

#include <boost/graph/floyd_warshall_shortest.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <numeric>

#include "core/random.hpp"
#include "net/generators.hpp"
#include "net/topology_io.hpp"
#include "tree_router.hpp"

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
            net::Router router(t, metric, net::CacheBudget{8});
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
            EXPECT_LE(router.cached_next_hops(), 8u);
        }
    }
}

TEST(routing, a_router_sees_links_go_down_after_invalidate) {
    net::Topology t = net::parse_topology_json(triangle, "triangle");
    net::Router router(t, Metric::latency);
    EXPECT_EQ(router.next_hop(0, 2), net::HostId{1});
    const net::LinkId a_b = boost::edge(0, 1, t.graph()).first;
    t.graph()[a_b].up = false;
    EXPECT_EQ(router.next_hop(0, 2), net::HostId{1});  // the cached next hop, until told
    router.invalidate();
    EXPECT_EQ(router.cached_next_hops(), 0u);
    EXPECT_EQ(router.next_hop(0, 2), net::HostId{2});
    EXPECT_EQ(names(t, *router.route(0, 2)), (std::vector<std::string>{"A.ARPA", "C.ARPA"}));
}

TEST(routing, the_cache_never_holds_more_next_hops_than_its_budget) {
    const net::Topology t = net::parse_topology_json(triangle, "triangle");
    net::Router router(t, Metric::hops, net::CacheBudget{2});
    router.next_hop(0, 1);
    router.next_hop(0, 2);
    EXPECT_EQ(router.cached_next_hops(), 2u);
    EXPECT_EQ(router.next_hop(1, 0), net::HostId{0});  // a third: the cache starts again
    EXPECT_EQ(router.cached_next_hops(), 1u);
    EXPECT_EQ(router.next_hop(0, 2), net::HostId{2});
}

namespace {

// Every route and next hop of `router` against the reference, in an order
// drawn from `random` (each pair asked twice, the second time from the cache).
void expect_same_routes(const net::Topology& t, Metric metric, net::Router& router,
                        reference::TreeRouter& reference, core::RandomStream& random,
                        const std::string& what) {
    const std::size_t n = t.host_count();
    std::vector<std::pair<net::HostId, net::HostId>> pairs;
    for (net::HostId from = 0; from < n; ++from) {
        for (net::HostId to = 0; to < n; ++to) {
            pairs.emplace_back(from, to);
            pairs.emplace_back(from, to);
        }
    }
    for (std::size_t i = pairs.size(); i > 1; --i) {
        std::swap(pairs[i - 1], pairs[random.choice(i)]);
    }
    std::size_t routes = 0;
    for (const auto& [from, to] : pairs) {
        const auto expected = reference.route(from, to);
        const auto route = random.bernoulli(0.5) ? router.route(from, to) : std::nullopt;
        if (route || !expected) {
            ASSERT_EQ(route.has_value(), expected.has_value()) << what << from << " -> " << to;
        }
        if (route) {
            ++routes;
            ASSERT_EQ(route->hosts, expected->hosts) << what << from << " -> " << to;
            ASSERT_EQ(route->latency, expected->latency) << what << from << " -> " << to;
        }
        ASSERT_EQ(router.next_hop(from, to), reference.next_hop(from, to))
            << what << from << " -> " << to << " " << to_string(metric);
    }
    EXPECT_GT(routes, 0u) << what;
}

// Small topologies of every generator, hosts renamed in a shuffled order (so
// that ranks and numbers disagree), latencies of 1, 2 or 3 ms (many ties).
std::vector<net::Topology> tie_prone_topologies(core::RandomStream& random) {
    std::vector<net::Topology> out;
    for (const net::GeneratorKind kind :
         {net::GeneratorKind::line, net::GeneratorKind::ring, net::GeneratorKind::star,
          net::GeneratorKind::tree, net::GeneratorKind::grid, net::GeneratorKind::mesh,
          net::GeneratorKind::random, net::GeneratorKind::small_world,
          net::GeneratorKind::scale_free}) {
        for (const std::uint64_t seed : {1u, 2u, 3u}) {
            net::GeneratorOptions options;
            options.kind = kind;
            options.hosts = kind == net::GeneratorKind::mesh ? 9 : 24 + 5 * seed;
            options.seed = seed;
            if (kind == net::GeneratorKind::random || kind == net::GeneratorKind::small_world) {
                options.degree = 4;
            }
            net::Topology t = net::generate(options);
            net::Graph& g = t.graph();
            std::vector<std::string> names;
            for (net::HostId h = 0; h < t.host_count(); ++h) {
                names.push_back(t.name(h));
            }
            for (net::HostId h = 0; h < t.host_count(); ++h) {
                std::swap(names[h], names[h + random.choice(names.size() - h)]);
                g[h].name = names[h];  // the name index is not used by routing
            }
            for (const net::LinkId e : boost::make_iterator_range(boost::edges(g))) {
                g[e].latency = core::Time::ms(1 + static_cast<std::int64_t>(random.choice(3)));
            }
            out.push_back(std::move(t));
        }
    }
    return out;
}

}  // namespace

TEST(routing, every_route_and_next_hop_is_the_reference_routers_on_graphs_full_of_ties) {
    core::RandomStream random(7);
    for (net::Topology& t : tie_prone_topologies(random)) {
        for (const Metric metric : {Metric::hops, Metric::latency}) {
            reference::TreeRouter reference(t, metric, t.host_count());
            net::Router router(t, metric);
            net::Router small_cache(t, metric, net::CacheBudget{5});
            const std::string what = t.description + " by " + std::string(to_string(metric)) + ": ";
            expect_same_routes(t, metric, router, reference, random, what);
            expect_same_routes(t, metric, small_cache, reference, random, what + "(5 cached) ");
        }
    }
}

namespace {

// 250 hosts: deeper searches than above. Latencies of 5..50ms in steps of
// 0.1ms (few ties by latency), or of 1, 2 or 3ms (equal-cost routes everywhere).
std::vector<net::Topology> larger_topologies() {
    struct Shape {
        net::GeneratorKind kind;
        std::int64_t latency_high_ms;
        std::optional<double> degree;
    };
    const Shape shapes[] = {
        {net::GeneratorKind::scale_free, 50, {}}, {net::GeneratorKind::scale_free, 3, {}},
        {net::GeneratorKind::grid, 3, {}},        {net::GeneratorKind::ring, 3, {}},
        {net::GeneratorKind::random, 3, 4.0},     {net::GeneratorKind::small_world, 50, 4.0}};
    std::vector<net::Topology> out;
    for (const Shape& shape : shapes) {
        net::GeneratorOptions options;
        options.kind = shape.kind;
        options.hosts = 250;
        options.degree = shape.degree;
        options.latency = {core::Time::ms(shape.latency_high_ms == 3 ? 1 : 5),
                           core::Time::ms(shape.latency_high_ms)};
        out.push_back(net::generate(options));
    }
    return out;
}

// Every next hop of `router` against the reference, destinations and origins
// in an order drawn from `random`; each route is the chain of the
// reference's next hops. Counts the pairs without a route into `unreachable`.
void expect_same_next_hops(const net::Topology& t, net::Router& router,
                           reference::TreeRouter& reference, core::RandomStream& random,
                           const std::string& what, std::size_t& unreachable) {
    const std::size_t n = t.host_count();
    std::vector<net::HostId> order(n);
    std::iota(order.begin(), order.end(), net::HostId{0});
    unreachable = 0;
    for (std::size_t i = n; i > 1; --i) {
        std::swap(order[i - 1], order[random.choice(i)]);
    }
    for (const net::HostId to : order) {
        for (std::size_t k = 0; k < n; ++k) {
            const net::HostId from = order[(k * 7919 + to) % n];  // all of them: 7919 is prime
            const auto expected = reference.next_hop(from, to);
            ASSERT_EQ(router.next_hop(from, to), expected) << what << from << " -> " << to;
            std::vector<net::HostId> chain{from};
            for (auto at = expected; at; at = reference.next_hop(*at, to)) {
                chain.push_back(*at);
            }
            const auto route = router.route(from, to);
            ASSERT_EQ(route.has_value(), chain.back() == to) << what << from << " -> " << to;
            unreachable += route ? 0 : 1;
            if (route) {
                ASSERT_EQ(route->hosts, chain) << what << from << " -> " << to;
            }
        }
    }
}

}  // namespace

TEST(routing, every_route_and_next_hop_is_the_reference_routers_on_larger_graphs_and_tiny_caches) {
    core::RandomStream random(13);
    for (const net::Topology& t : larger_topologies()) {
        for (const Metric metric : {Metric::hops, Metric::latency}) {
            reference::TreeRouter reference(t, metric, t.host_count());
            net::Router router(t, metric);
            net::Router tiny(t, metric, net::CacheBudget{16});  // emptied every few searches
            const std::string what = t.description + " by " + std::string(to_string(metric)) + ": ";
            std::size_t unreachable = 1;
            expect_same_next_hops(t, router, reference, random, what, unreachable);
            EXPECT_EQ(unreachable, 0u) << what;
            unreachable = 1;
            expect_same_next_hops(t, tiny, reference, random, what + "(16 cached) ", unreachable);
            EXPECT_EQ(unreachable, 0u) << what;
            EXPECT_LE(tiny.cached_next_hops(), 16u);
        }
    }
}

TEST(routing, larger_graphs_route_around_failed_links_and_hosts_like_the_reference) {
    // As a simulation reroutes: a failed host is one whose links are all down.
    core::RandomStream random(17);
    for (net::Topology& t : larger_topologies()) {
        net::Graph& g = t.graph();
        for (const Metric metric : {Metric::hops, Metric::latency}) {
            reference::TreeRouter reference(t, metric, 64);
            net::Router router(t, metric);
            net::Router tiny(t, metric, net::CacheBudget{16});
            for (const net::LinkId e : boost::make_iterator_range(boost::edges(g))) {
                g[e].up = !random.bernoulli(0.1);
            }
            const net::HostId first_failed = random.choice(t.host_count());
            for (net::HostId failed = 0; failed < 3; ++failed) {
                const net::HostId host = (first_failed + 83 * failed) % t.host_count();
                for (const net::LinkId e : boost::make_iterator_range(boost::out_edges(host, g))) {
                    g[e].up = false;
                }
            }
            router.invalidate();
            tiny.invalidate();
            reference.invalidate();
            const std::string what =
                t.description + " by " + std::string(to_string(metric)) + ", failures: ";
            // At least the three failed hosts are cut off from every other host both ways.
            const std::size_t cut_off = 2 * 3 * (t.host_count() - 3) + 3 * 2;
            std::size_t unreachable = 0;
            expect_same_next_hops(t, router, reference, random, what, unreachable);
            EXPECT_GE(unreachable, cut_off) << what;
            expect_same_next_hops(t, tiny, reference, random, what + "(16 cached) ", unreachable);
            EXPECT_GE(unreachable, cut_off) << what;
            for (const net::LinkId e : boost::make_iterator_range(boost::edges(g))) {
                g[e].up = true;
            }
        }
    }
}

TEST(routing, routes_stay_the_reference_routers_as_links_go_down_and_up) {
    core::RandomStream random(11);
    for (net::Topology& t : tie_prone_topologies(random)) {
        net::Graph& g = t.graph();
        for (const Metric metric : {Metric::hops, Metric::latency}) {
            reference::TreeRouter reference(t, metric, t.host_count());
            net::Router router(t, metric, net::CacheBudget{64});
            for (int round = 0; round < 3; ++round) {
                // A third of the links down: parts of the graph cut off, some hosts alone.
                for (const net::LinkId e : boost::make_iterator_range(boost::edges(g))) {
                    g[e].up = !random.bernoulli(0.33);
                }
                router.invalidate();
                reference.invalidate();
                const std::string what = t.description + " by " + std::string(to_string(metric)) +
                                         ", round " + std::to_string(round) + ": ";
                expect_same_routes(t, metric, router, reference, random, what);
            }
        }
    }
}

TEST(routing, equal_latencies_on_every_link_tie_like_hops) {
    net::GeneratorOptions options;
    options.kind = net::GeneratorKind::grid;
    options.hosts = 36;
    const net::Topology t = net::generate(options);  // 10ms on every link
    net::Router by_hops(t, Metric::hops);
    net::Router by_latency(t, Metric::latency);
    for (net::HostId from = 0; from < t.host_count(); ++from) {
        for (net::HostId to = 0; to < t.host_count(); ++to) {
            EXPECT_EQ(by_latency.route(from, to)->hosts, by_hops.route(from, to)->hosts);
        }
    }
}

TEST(routing, a_route_longer_than_the_largest_time_is_no_route_and_nothing_overflows) {
    // A line of four hosts; each link almost half the largest time, the last
    // one nanosecond less than the largest: A->C fits, A->D and B->D do not.
    net::Topology t = net::parse_topology_json(
        R"({"nodes": [{"name": "A.ARPA"}, {"name": "B.ARPA"}, {"name": "C.ARPA"}, {"name": "D.ARPA"}],
            "links": [{"a": "A.ARPA", "b": "B.ARPA"}, {"a": "B.ARPA", "b": "C.ARPA"},
                      {"a": "C.ARPA", "b": "D.ARPA"}]})",
        "line");
    const std::int64_t half = INT64_MAX / 2 - 1;
    net::Graph& g = t.graph();
    g[boost::edge(0, 1, g).first].latency = core::Time::ns(half);
    g[boost::edge(1, 2, g).first].latency = core::Time::ns(half);
    g[boost::edge(2, 3, g).first].latency = core::Time::max() - core::Time::ns(1);
    net::Router router(t, Metric::latency);
    const auto a_to_c = router.route(0, 2);
    ASSERT_TRUE(a_to_c);
    EXPECT_EQ(a_to_c->latency, core::Time::ns(2 * half));
    EXPECT_FALSE(router.route(0, 3));
    EXPECT_FALSE(router.next_hop(1, 3));
    EXPECT_EQ(router.next_hop(2, 3), net::HostId{3});
    EXPECT_EQ(router.next_hop(3, 0), std::nullopt);
    reference::TreeRouter reference(t, Metric::latency, 4);
    core::RandomStream random(3);
    expect_same_routes(t, Metric::latency, router, reference, random, "huge latencies: ");
}

TEST(routing, a_router_on_100000_hosts_holds_no_table_per_destination) {
    for (const net::GeneratorKind kind : {net::GeneratorKind::line, net::GeneratorKind::grid}) {
        net::GeneratorOptions options;
        options.kind = kind;
        options.hosts = 100'000;
        const net::Topology t = net::generate(options);
        const std::size_t cache_entries = 100'000;
        net::Router router(t, Metric::hops, net::CacheBudget{cache_entries});
        core::RandomStream random(5);
        // 200 destinations: one table of 4 bytes per host each would be 80 MB.
        for (int i = 0; i < 200; ++i) {
            const net::HostId from = random.choice(t.host_count());
            const net::HostId to = random.choice(t.host_count());
            const auto route = router.route(from, to);
            ASSERT_TRUE(route);
            if (kind == net::GeneratorKind::line) {
                EXPECT_EQ(route->hops(), from > to ? from - to : to - from);
            }
            if (from != to) {
                EXPECT_EQ(router.next_hop(from, to), route->hosts[1]);
            }
        }
        // The graph, ranks and search state take about 100 bytes per host, the
        // cache at most 24 bytes per entry: far below what tables for 200
        // destinations would (4 bytes per host each).
        EXPECT_LT(router.memory_bytes(), 150 * t.host_count() + 32 * cache_entries)
            << to_string(kind);
        const std::size_t tables = 200 * 4 * t.host_count();
        EXPECT_LT(router.memory_bytes(), tables / 4) << to_string(kind);
    }
}

TEST(routing, the_search_numbers_hosts_breadth_first_from_hubs_part_by_part) {
    // Two parts: a star around HUB (and a tail E -- F off leaf A), and a
    // pair X -- Y. In the file the hub comes late and the parts interleave.
    const net::Topology t = net::parse_topology_json(
        R"({"nodes": [{"name": "X"}, {"name": "A"}, {"name": "F"}, {"name": "B"}, {"name": "Y"},
                      {"name": "E"}, {"name": "C"}, {"name": "HUB"}],
            "links": [{"a": "HUB", "b": "A"}, {"a": "HUB", "b": "B"}, {"a": "HUB", "b": "C"},
                      {"a": "A", "b": "E"}, {"a": "E", "b": "F"}, {"a": "X", "b": "Y"}]})",
        "parts");
    const net::HostOrder order = net::locality_order(t);
    std::vector<std::string> numbered;
    for (const std::uint32_t host : order.outer) {
        numbered.push_back(t.name(host));
    }
    // The hub, its neighbours in link order, then farther out; the other
    // part after (X: degree 1 like Y, and first in the file).
    EXPECT_EQ(numbered, (std::vector<std::string>{"HUB", "A", "B", "C", "E", "F", "X", "Y"}));
    for (std::uint32_t host = 0; host < t.host_count(); ++host) {
        EXPECT_EQ(order.outer[order.inner[host]], host);
    }
    // Numbering changes no route: C to F through the hub, nothing from A to Y.
    net::Router router(t, Metric::hops);
    const auto route = router.route(*t.find_host("C"), *t.find_host("F"));
    ASSERT_TRUE(route);
    EXPECT_EQ(names(t, *route), (std::vector<std::string>{"C", "HUB", "A", "E", "F"}));
    EXPECT_FALSE(router.route(*t.find_host("A"), *t.find_host("Y")));
}
