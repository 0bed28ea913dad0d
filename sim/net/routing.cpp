// Routing on Boost.Graph: searches from the destination, then the tie-break rule.
#include "net/routing.hpp"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/property_map/transform_value_property_map.hpp>
#include <numeric>

#include "net/ascii.hpp"

namespace smtpsim::net {
namespace {

struct LinkIsUp {
    const Graph* graph = nullptr;
    bool operator()(LinkId e) const { return (*graph)[e].up; }
};
using UpGraph = boost::filtered_graph<Graph, LinkIsUp>;

// Thrown by a visitor to end a search early, the way Boost.Graph's FAQ does it.
struct SearchDone {};

struct StopAtDiscovery : boost::default_bfs_visitor {
    HostId stop;
    std::vector<std::int64_t>* distance;
    void tree_edge(LinkId e, const UpGraph& g) const {
        (*distance)[boost::target(e, g)] = (*distance)[boost::source(e, g)] + 1;
        if (boost::target(e, g) == stop) {
            throw SearchDone{};
        }
    }
};

struct StopAtSettled : boost::default_dijkstra_visitor {
    HostId stop;
    void examine_vertex(HostId v, const UpGraph&) const {
        if (v == stop) {
            throw SearchDone{};
        }
    }
};

std::int64_t link_weight(Metric metric, const LinkProps& link) {
    return metric == Metric::hops ? 1 : link.latency.count_ns();
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
    std::vector<std::string_view> relays;
    for (std::size_t i = 1; i + 1 < route.hosts.size(); ++i) {
        relays.push_back(topology.name(route.hosts[i]));
    }
    return format_source_route(relays,
                               Mailbox{std::string(local_part), topology.name(route.hosts.back())});
}

Router::Router(const Topology& topology, Metric metric, std::size_t cached_tables)
    : topology_(topology), metric_(metric), capacity_(std::max<std::size_t>(cached_tables, 1)) {
    std::vector<std::uint32_t> order(topology.host_count());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return iless(topology.name(a), topology.name(b));
    });
    rank_.resize(order.size());
    for (std::uint32_t position = 0; position < order.size(); ++position) {
        rank_[order[position]] = position;
    }
}

std::vector<std::int64_t> Router::distances_to(HostId destination,
                                               std::optional<HostId> stop) const {
    const Graph& g = topology_.graph();
    const UpGraph up(g, LinkIsUp{&g});
    std::vector<std::int64_t> distance(topology_.host_count(), unreached);
    distance[destination] = 0;
    try {
        if (metric_ == Metric::hops) {
            StopAtDiscovery visitor;
            visitor.stop = stop.value_or(destination);
            visitor.distance = &distance;
            boost::breadth_first_search(up, destination, boost::visitor(visitor));
        } else {
            StopAtSettled visitor;
            visitor.stop = stop.value_or(boost::graph_traits<Graph>::null_vertex());
            const auto weight = boost::make_transform_value_property_map(
                [](const LinkProps& link) { return link.latency.count_ns(); },
                boost::get(boost::edge_bundle, g));
            boost::dijkstra_shortest_paths(
                up, destination,
                boost::weight_map(weight)
                    .distance_map(boost::make_iterator_property_map(
                        distance.begin(), boost::get(boost::vertex_index, g)))
                    .visitor(visitor));
        }
    } catch (const SearchDone&) {
        // `stop` is settled: every host on a shortest path from it has its exact distance.
    }
    return distance;
}

std::optional<HostId> Router::step(const std::vector<std::int64_t>& distance, HostId at) const {
    const Graph& g = topology_.graph();
    std::optional<HostId> best;
    if (distance[at] == unreached || distance[at] == 0) {
        return best;
    }
    for (const LinkId e : boost::make_iterator_range(boost::out_edges(at, g))) {
        const HostId neighbour = boost::target(e, g);
        const LinkProps& link = g[e];
        if (!link.up || distance[neighbour] == unreached ||
            distance[neighbour] + link_weight(metric_, link) != distance[at]) {
            continue;
        }
        if (!best || rank_[neighbour] < rank_[*best]) {
            best = neighbour;
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
        const HostId next = *step(distance, at);
        route.latency += topology_.link(boost::edge(at, next, topology_.graph()).first).latency;
        route.hosts.push_back(next);
        at = next;
    }
    return route;
}

std::optional<HostId> Router::next_hop(HostId at, HostId destination) {
    auto found = by_destination_.find(destination);
    if (found == by_destination_.end()) {
        const std::vector<std::int64_t> distance = distances_to(destination, std::nullopt);
        Table table{destination, std::vector<std::uint32_t>(topology_.host_count(), no_next)};
        for (HostId v = 0; v < topology_.host_count(); ++v) {
            if (const auto next = step(distance, v)) {
                table.next[v] = static_cast<std::uint32_t>(*next);
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
}

}  // namespace smtpsim::net
