// Expected traffic per link from sampled shortest-path trees (see traffic.hpp).
#include "traffic.hpp"

#include <numeric>
#include <stdexcept>

#include "core/random.hpp"
#include "net/routing.hpp"

namespace smtpsim::partition {
namespace {

// The hosts that reach `destination` over links that are up, nearest first.
void breadth_first(const LinkGraph& graph, std::uint32_t destination,
                   std::vector<std::uint32_t>& order, std::vector<char>& seen) {
    order.clear();
    std::fill(seen.begin(), seen.end(), 0);
    order.push_back(destination);
    seen[destination] = 1;
    for (std::size_t head = 0; head < order.size(); ++head) {
        const std::uint32_t at = order[head];
        for (std::uint32_t i = graph.offsets[at]; i < graph.offsets[at + 1]; ++i) {
            const std::uint32_t other = graph.neighbours[i];
            if (graph.up[graph.via[i]] && !seen[other]) {
                seen[other] = 1;
                order.push_back(other);
            }
        }
    }
}

std::uint32_t link_to(const LinkGraph& graph, std::uint32_t from, std::uint32_t to) {
    for (std::uint32_t i = graph.offsets[from]; i < graph.offsets[from + 1]; ++i) {
        if (graph.neighbours[i] == to && graph.up[graph.via[i]]) {
            return graph.via[i];
        }
    }
    throw std::logic_error("a next hop without a link that is up");
}

}  // namespace

LinkGraph link_graph(const net::Topology& topology) {
    const net::Graph& g = topology.graph();
    const std::size_t hosts = topology.host_count();
    LinkGraph graph;
    std::vector<std::uint32_t> degree(hosts, 0);
    for (auto [it, end] = boost::edges(g); it != end; ++it) {
        const auto a = static_cast<std::uint32_t>(boost::source(*it, g));
        const auto b = static_cast<std::uint32_t>(boost::target(*it, g));
        graph.ends.emplace_back(a, b);
        graph.latency_ns.push_back(g[*it].latency.count_ns());
        graph.up.push_back(g[*it].up ? 1 : 0);
        ++degree[a];
        ++degree[b];
    }
    graph.offsets.assign(hosts + 1, 0);
    std::partial_sum(degree.begin(), degree.end(), graph.offsets.begin() + 1);
    graph.neighbours.resize(graph.offsets.back());
    graph.via.resize(graph.offsets.back());
    std::vector<std::uint32_t> fill(graph.offsets.begin(), graph.offsets.end() - 1);
    for (std::uint32_t link = 0; link < graph.links(); ++link) {
        const auto [a, b] = graph.ends[link];
        graph.neighbours[fill[a]] = b;
        graph.via[fill[a]++] = link;
        graph.neighbours[fill[b]] = a;
        graph.via[fill[b]++] = link;
    }
    return graph;
}

Traffic estimate_traffic(const net::Topology& topology, const LinkGraph& graph, std::size_t samples,
                         std::uint64_t seed, const char* purpose) {
    const std::size_t hosts = graph.hosts();
    net::Router router(topology, net::Metric::hops, net::CacheBudget{1});
    core::RandomStream random(seed, "", purpose);
    std::vector<std::uint32_t> pool(hosts);
    std::iota(pool.begin(), pool.end(), 0U);
    std::vector<double> routes_over(graph.links(), 0.0);
    std::vector<double> through(hosts, 0.0);  // routes passing each host, its own included
    std::vector<std::uint32_t> order;
    std::vector<char> seen(hosts, 0);
    double routes = 0;
    for (std::size_t s = 0; s < samples; ++s) {
        std::swap(pool[s], pool[s + random.choice(hosts - s)]);  // without replacement
        const std::uint32_t destination = pool[s];
        breadth_first(graph, destination, order, seen);
        for (std::uint32_t host : order) {
            through[host] = 1;
        }
        // Farthest first: a host's routes are all counted before it passes them on.
        for (std::size_t i = order.size() - 1; i > 0; --i) {
            const std::uint32_t host = order[i];
            const auto next =
                static_cast<std::uint32_t>(router.next_hop(host, destination).value());
            routes_over[link_to(graph, host, next)] += through[host];
            through[next] += through[host];
        }
        routes += static_cast<double>(order.size() - 1);
    }
    Traffic traffic;
    traffic.destinations = samples;
    traffic.per_link.resize(graph.links());
    for (std::size_t link = 0; link < graph.links(); ++link) {
        traffic.per_link[link] = routes > 0 ? routes_over[link] / routes : 0.0;
        traffic.mean_hops += traffic.per_link[link];
    }
    return traffic;
}

std::vector<double> host_load(const LinkGraph& graph, const Traffic& traffic) {
    std::vector<double> load(graph.hosts(), 0.0);
    for (std::size_t link = 0; link < graph.links(); ++link) {
        load[graph.ends[link].first] += traffic.per_link[link];
        load[graph.ends[link].second] += traffic.per_link[link];
    }
    return load;
}

}  // namespace smtpsim::partition
