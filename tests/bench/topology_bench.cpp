// Topology at scale: load a generated 100,000-host small world (about 300,000
// links) from JSON, then answer 10,000 random route queries by hops and by
// latency, and next-hop questions towards a few busy destinations.
// Figures and how to reproduce them: results/bench/topology.md.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "core/random.hpp"
#include "net/generators.hpp"
#include "net/routing.hpp"
#include "net/topology_io.hpp"

using namespace smtpsim;

namespace {

constexpr std::size_t hosts = 100'000;
constexpr std::size_t queries = 10'000;

// The topology file, written once per run of the program.
const std::string& topology_file() {
    static const std::string path = [] {
        net::GeneratorOptions options;
        options.kind = net::GeneratorKind::small_world;
        options.hosts = hosts;
        options.degree = 6;
        options.latency = {core::Time::ms(1), core::Time::ms(50)};
        options.bandwidth = {56'000, 10'000'000};
        const std::string file =
            (std::filesystem::temp_directory_path() / "smtpsim_topology_bench.json").string();
        std::ofstream out(file);
        net::write_topology_json(out, net::generate(options));
        return file;
    }();
    return path;
}

const net::Topology& topology() {
    static const net::Topology loaded = net::load_topology(topology_file());
    return loaded;
}

// `count` (origin, destination) pairs; destinations among the first `destinations` hosts.
std::vector<std::pair<net::HostId, net::HostId>> random_pairs(std::size_t count,
                                                              std::size_t destinations) {
    core::RandomStream stream(42, "bench", "queries");
    std::vector<std::pair<net::HostId, net::HostId>> pairs(count);
    for (auto& [from, to] : pairs) {
        from = stream.choice(hosts);
        to = stream.choice(destinations);
    }
    return pairs;
}

void load(benchmark::State& state) {
    const std::string& file = topology_file();
    for (auto _ : state) {
        const net::Topology t = net::load_topology(file);
        benchmark::DoNotOptimize(t.link_count());
        state.counters["hosts"] = static_cast<double>(t.host_count());
        state.counters["links"] = static_cast<double>(t.link_count());
    }
}
BENCHMARK(load)->Unit(benchmark::kMillisecond)->Iterations(3);

// A router's set-up: names ranked for tie-breaks, links that are up in a CSR graph.
void router_setup(benchmark::State& state) {
    const net::Topology& t = topology();
    for (auto _ : state) {
        const net::Router router(t, net::Metric::hops);
        benchmark::DoNotOptimize(&router);
    }
}
BENCHMARK(router_setup)->Unit(benchmark::kMillisecond)->Iterations(3);

// Random route queries, each one bidirectional search (net/route_search.hpp):
// 10,000 by hops (BFS); 1,000 by latency (Dijkstra), as when each query was a
// search from the destination that took seconds in all.
void route_queries(benchmark::State& state) {
    const net::Topology& t = topology();
    const auto metric = static_cast<net::Metric>(state.range(0));
    net::Router router(t, metric);
    const auto pairs = random_pairs(metric == net::Metric::hops ? queries : queries / 10, hosts);
    for (auto _ : state) {
        std::size_t total_hops = 0;
        for (const auto& [from, to] : pairs) {
            total_hops += router.route(from, to)->hops();
        }
        state.counters["mean_hops"] = static_cast<double>(total_hops) / pairs.size();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pairs.size()));
}
BENCHMARK(route_queries)
    ->ArgName("latency")
    ->Arg(static_cast<int>(net::Metric::hops))
    ->Arg(static_cast<int>(net::Metric::latency))
    ->Unit(benchmark::kSecond)
    ->Iterations(1);

// 10,000 next-hop questions from random hosts towards 50 destinations: a
// search for each question the cache cannot answer yet.
void next_hop_queries(benchmark::State& state) {
    const net::Topology& t = topology();
    const auto pairs = random_pairs(queries, 50);
    for (auto _ : state) {
        net::Router router(t, static_cast<net::Metric>(state.range(0)));
        for (const auto& [at, destination] : pairs) {
            benchmark::DoNotOptimize(router.next_hop(at, destination));
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * queries));
}
BENCHMARK(next_hop_queries)
    ->ArgName("latency")
    ->Arg(static_cast<int>(net::Metric::hops))
    ->Arg(static_cast<int>(net::Metric::latency))
    ->Unit(benchmark::kSecond)
    ->Iterations(1);

}  // namespace
