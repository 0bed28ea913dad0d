// Routing on Boost.Graph: searches from the destination, then the tie-break rule.
#include "net/routing.hpp"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths_no_color_map.hpp>
#include <numeric>

#include "core/ascii.hpp"
#include "smtp/path.hpp"

namespace smtpsim::net {
namespace {

// Thrown by a visitor to end a search early, the way Boost.Graph's FAQ does it.
struct SearchDone {};

template <class G>
struct StopAtDiscovery : boost::default_bfs_visitor {
    HostId stop;
    std::vector<std::int64_t>* distance;
    void tree_edge(typename boost::graph_traits<G>::edge_descriptor e, const G& g) const {
        (*distance)[boost::target(e, g)] = (*distance)[boost::source(e, g)] + 1;
        if (boost::target(e, g) == stop) {
            throw SearchDone{};
        }
    }
};

template <class G>
struct StopAtSettled : boost::default_dijkstra_visitor {
    HostId stop;
    void examine_vertex(typename boost::graph_traits<G>::vertex_descriptor v, const G&) const {
        if (v == stop) {
            throw SearchDone{};
        }
    }
};

std::int64_t arc_weight(Metric metric, std::int64_t latency_ns) {
    return metric == Metric::hops ? 1 : latency_ns;
}

}  // namespace

std::string_view to_string(Metric metric) {
    switch (metric) {
        case Metric::hops:
            return "hops";
        case Metric::latency:
            return "latency";
    }
    return "hops";
}

std::optional<Metric> parse_metric(std::string_view text) {
    if (text == "hops") {
        return Metric::hops;
    }
    if (text == "latency") {
        return Metric::latency;
    }
    return std::nullopt;
}

std::string source_route(const Topology& topology, const Route& route,
                         std::string_view local_part) {
    smtp::Path path;
    for (std::size_t i = 1; i + 1 < route.hosts.size(); ++i) {
        path.route.push_back(topology.name(route.hosts[i]));
    }
    path.mailbox = {std::string(local_part), topology.name(route.hosts.back())};
    return path.format();
}

Router::Router(const Topology& topology, Metric metric, std::size_t cached_tables)
    : topology_(topology), metric_(metric), capacity_(std::max<std::size_t>(cached_tables, 1)) {
    std::vector<std::uint32_t> order(topology.host_count());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return core::iless(topology.name(a), topology.name(b));
    });
    invalidate();
    rank_.resize(order.size());
    for (std::uint32_t position = 0; position < order.size(); ++position) {
        rank_[order[position]] = position;
    }
}

std::vector<std::int64_t> Router::distances_to(HostId destination,
                                               std::optional<HostId> stop) const {
    std::vector<std::int64_t> distance(topology_.host_count(), unreached);
    distance[destination] = 0;
    // Without a stop the search runs to the end: stop at a vertex it never reaches.
    const HostId stop_at = stop.value_or(boost::graph_traits<Graph>::null_vertex());
    const auto index = boost::get(boost::vertex_index, up_links_);
    try {
        if (metric_ == Metric::hops) {
            StopAtDiscovery<Csr> visitor;
            visitor.stop = stop_at;
            visitor.distance = &distance;
            boost::breadth_first_search(up_links_, destination, boost::visitor(visitor));
        } else {
            StopAtSettled<Csr> visitor;
            visitor.stop = stop_at;
            boost::dijkstra_shortest_paths_no_color_map(
                up_links_, destination,
                boost::weight_map(boost::get(&Arc::latency_ns, up_links_))
                    .distance_map(boost::make_iterator_property_map(distance.begin(), index))
                    .visitor(visitor));
        }
    } catch (const SearchDone&) {
        // `stop` is settled: every host on a shortest path from it has its exact distance.
    }
    return distance;
}

std::optional<Router::Step> Router::step(const std::vector<std::int64_t>& distance,
                                         HostId at) const {
    std::optional<Step> best;
    if (distance[at] == unreached || distance[at] == 0) {
        return best;
    }
    for (const Step e :
         boost::make_iterator_range(boost::out_edges(static_cast<std::uint32_t>(at), up_links_))) {
        const HostId neighbour = boost::target(e, up_links_);
        if (distance[neighbour] == unreached ||
            distance[neighbour] + arc_weight(metric_, up_links_[e].latency_ns) != distance[at]) {
            continue;
        }
        if (!best || rank_[neighbour] < rank_[boost::target(*best, up_links_)]) {
            best = e;
        }
    }
    return best;
}

std::optional<Route> Router::route(HostId from, HostId to) const {
    const std::vector<std::int64_t> distance = distances_to(to, from);
    if (distance[from] == unreached) {
        return std::nullopt;
    }
    Route route{{from}, core::Time::zero()};
    HostId at = from;
    while (at != to) {
        const Step arc = *step(distance, at);
        route.latency += core::Time::ns(up_links_[arc].latency_ns);
        at = boost::target(arc, up_links_);
        route.hosts.push_back(at);
    }
    return route;
}

std::optional<HostId> Router::next_hop(HostId at, HostId destination) {
    auto found = by_destination_.find(destination);
    if (found == by_destination_.end()) {
        const std::vector<std::int64_t> distance = distances_to(destination, std::nullopt);
        Table table{destination, std::vector<std::uint32_t>(topology_.host_count(), no_next)};
        for (HostId v = 0; v < topology_.host_count(); ++v) {
            if (const auto arc = step(distance, v)) {
                table.next[v] = boost::target(*arc, up_links_);
            }
        }
        if (tables_.size() == capacity_) {
            by_destination_.erase(tables_.back().destination);
            tables_.pop_back();
        }
        tables_.push_front(std::move(table));
        found = by_destination_.emplace(destination, tables_.begin()).first;
    } else {
        tables_.splice(tables_.begin(), tables_, found->second);
    }
    const std::uint32_t next = found->second->next[at];
    if (next == no_next) {
        return std::nullopt;
    }
    return HostId{next};
}

void Router::invalidate() {
    tables_.clear();
    by_destination_.clear();
    const Graph& g = topology_.graph();
    std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
    std::vector<Arc> latencies;
    arcs.reserve(2 * topology_.link_count());
    latencies.reserve(2 * topology_.link_count());
    for (const LinkId e : boost::make_iterator_range(boost::edges(g))) {
        if (!g[e].up) {
            continue;
        }
        const auto a = static_cast<std::uint32_t>(boost::source(e, g));
        const auto b = static_cast<std::uint32_t>(boost::target(e, g));
        arcs.emplace_back(a, b);
        arcs.emplace_back(b, a);
        latencies.push_back({g[e].latency.count_ns()});
        latencies.push_back({g[e].latency.count_ns()});
    }
    up_links_ = Csr(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(),
                    latencies.begin(), topology_.host_count());
}

}  // namespace smtpsim::net
