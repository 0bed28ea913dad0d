// Routing as a simulation uses it: mail between random (origin, destination)
// pairs, each relay asking for its next hop until the mail arrives, on
// scale-free topologies of 1,000, 10,000 and 100,000 hosts, by hops and by
// latency, with a new router (cold) and with one that has routed the same
// mail before (warm). The reference router (one whole shortest-path tree and
// a table of 4 bytes per host for each destination, all kept, as simulations
// used to) as the baseline, where that fits in memory.
// Figures and how to reproduce them: results/bench/routing.md.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <vector>

#include "../net/tree_router.hpp"
#include "core/random.hpp"
#include "net/generators.hpp"
#include "net/routing.hpp"

using namespace smtpsim;

namespace {

// `smtpsim topology generate scale-free --hosts H --seed 1 --users 5
//  --latency 5ms..50ms --bandwidth 1Mbit/s..100Mbit/s`
const net::Topology& scale_free(std::size_t hosts) {
    static std::map<std::size_t, std::unique_ptr<net::Topology>> made;
    auto& topology = made[hosts];
    if (!topology) {
        net::GeneratorOptions options;
        options.kind = net::GeneratorKind::scale_free;
        options.hosts = hosts;
        options.seed = 1;
        options.users = 5;
        options.latency = {core::Time::ms(5), core::Time::ms(50)};
        options.bandwidth = {1'000'000, 100'000'000};
        topology = std::make_unique<net::Topology>(net::generate(options));
    }
    return *topology;
}

// (origin, destination) of each mail, the same for every router.
std::vector<std::pair<net::HostId, net::HostId>> random_pairs(std::size_t hosts,
                                                              std::size_t mails) {
    core::RandomStream random(42, "bench", "mail");
    std::vector<std::pair<net::HostId, net::HostId>> pairs;
    while (pairs.size() < mails) {
        const net::HostId origin = random.choice(hosts);
        pairs.emplace_back(origin, random.choice(hosts));
    }
    return pairs;
}

// Every mail hop by hop, as relays ask: returns the next-hop look-ups made
// (one per hop, and one at the destination).
template <class Router>
std::size_t deliver_all(Router& router,
                        const std::vector<std::pair<net::HostId, net::HostId>>& pairs) {
    std::size_t lookups = 0;
    for (const auto& [from, to] : pairs) {
        ++lookups;
        for (auto at = router.next_hop(from, to); at; at = router.next_hop(*at, to)) {
            ++lookups;
        }
    }
    return lookups;
}

// Arguments: hosts, metric (0 hops, 1 latency), mails. Cold: a new router
// delivers every mail once. Warm: the same router delivers them all a second
// time (what is timed), every next hop then in its cache.
template <class Router>
void mail_routes(benchmark::State& state, bool warm, auto make_router, auto memory_bytes) {
    const net::Topology& t = scale_free(static_cast<std::size_t>(state.range(0)));
    const auto pairs = random_pairs(t.host_count(), static_cast<std::size_t>(state.range(2)));
    std::size_t lookups = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::unique_ptr<Router> router = make_router(t, static_cast<net::Metric>(state.range(1)));
        if (warm) {
            deliver_all(*router, pairs);
        }
        state.ResumeTiming();
        lookups += deliver_all(*router, pairs);
        state.PauseTiming();
        state.counters["router_MB"] = static_cast<double>(memory_bytes(*router)) / 1e6;
        if constexpr (requires { router->cached_next_hops(); }) {
            state.counters["cached"] = static_cast<double>(router->cached_next_hops());
        }
        router.reset();
        state.ResumeTiming();
    }
    state.counters["lookups_per_s"] =
        benchmark::Counter(static_cast<double>(lookups), benchmark::Counter::kIsRate);
    state.counters["mails_per_s"] = benchmark::Counter(
        static_cast<double>(state.range(2)), benchmark::Counter::kIsIterationInvariantRate);
}

void router(benchmark::State& state, bool warm) {
    mail_routes<net::Router>(
        state, warm,
        [](const net::Topology& t, net::Metric metric) {
            return std::make_unique<net::Router>(t, metric);
        },
        [](const net::Router& r) { return r.memory_bytes(); });
}

void reference_tables(benchmark::State& state, bool warm) {
    mail_routes<reference::TreeRouter>(
        state, warm,
        [](const net::Topology& t, net::Metric metric) {
            return std::make_unique<reference::TreeRouter>(t, metric, t.host_count());
        },
        [](const reference::TreeRouter& r) { return r.memory_bytes(); });
}

// 100,000 mails on up to 100,000 hosts.
BENCHMARK_CAPTURE(router, cold, false)
    ->ArgNames({"hosts", "latency", "mails"})
    ->ArgsProduct({{1'000, 10'000, 100'000}, {0, 1}, {100'000}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK_CAPTURE(router, warm, true)
    ->ArgNames({"hosts", "latency", "mails"})
    ->ArgsProduct({{1'000, 10'000, 100'000}, {0, 1}, {100'000}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
// The tables of 100,000 hosts would take 40 GB, those of 10,000 hosts 400 MB
// and a search of the whole graph each: 10,000 mails, on 1,000 and 10,000 hosts.
BENCHMARK_CAPTURE(reference_tables, cold, false)
    ->ArgNames({"hosts", "latency", "mails"})
    ->ArgsProduct({{1'000, 10'000}, {0, 1}, {10'000}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
