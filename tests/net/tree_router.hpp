// The reference router: the algorithm routing used before it searched one
// pair at a time. For each destination, one whole shortest-path tree towards
// it (Boost.Graph's BFS or Dijkstra) and a table of every host's next hop by
// the tie rule, kept for the `cached_tables` most recently used
// destinations. Tests compare the router with it; the routing benchmark uses
// it as the baseline. Sums of latencies saturate: a host farther than the
// largest int64 is unreachable, as in the router.
#pragma once

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths_no_color_map.hpp>
#include <cstdint>
#include <limits>
#include <list>
#include <optional>
#include <unordered_map>
#include <vector>

#include "net/routing.hpp"

namespace smtpsim::reference {

class TreeRouter {
  public:
    TreeRouter(const net::Topology& topology, net::Metric metric, std::size_t cached_tables)
        : topology_(topology),
          metric_(metric),
          links_(net::up_links_of(topology)),
          rank_(net::name_ranks(topology)),
          capacity_(cached_tables) {}

    std::optional<net::HostId> next_hop(net::HostId at, net::HostId destination) {
        auto found = by_destination_.find(destination);
        if (found == by_destination_.end()) {
            if (tables_.size() == capacity_) {
                by_destination_.erase(tables_.back().destination);
                tables_.pop_back();
            }
            tables_.push_front({destination, table(distances_to(destination))});
            found = by_destination_.emplace(destination, tables_.begin()).first;
        } else {
            tables_.splice(tables_.begin(), tables_, found->second);
        }
        const std::uint32_t next = found->second->next[at];
        return next == none ? std::nullopt : std::optional<net::HostId>(next);
    }

    // Uncached: one full search, then the chain of steps.
    std::optional<net::Route> route(net::HostId from, net::HostId to) const {
        const std::vector<std::int64_t> distance = distances_to(to);
        if (distance[from] == unreached) {
            return std::nullopt;
        }
        net::Route route{{from}, core::Time::zero()};
        for (net::HostId at = from; at != to;) {
            const Arc arc = *step(distance, at);
            route.latency += core::Time::ns(links_[arc].latency_ns);
            at = boost::target(arc, links_);
            route.hosts.push_back(at);
        }
        return route;
    }

    void invalidate() {
        tables_.clear();
        by_destination_.clear();
        links_ = net::up_links_of(topology_);
    }

    // The tables, the graph of up links and the ranks, counted as net::Router counts them.
    std::size_t memory_bytes() const {
        return (tables_.size() + 1) * topology_.host_count() * sizeof(std::uint32_t) +
               (boost::num_vertices(links_) + 1) * sizeof(std::uint32_t) +
               boost::num_edges(links_) * (sizeof(std::uint32_t) + sizeof(net::UpArc));
    }

  private:
    using Arc = boost::graph_traits<net::UpLinks>::edge_descriptor;
    static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    static constexpr std::int64_t unreached = std::numeric_limits<std::int64_t>::max();

    static std::int64_t saturating_plus(std::int64_t a, std::int64_t b) {
        return a > unreached - b ? unreached : a + b;
    }

    std::int64_t weight(Arc arc) const {
        return metric_ == net::Metric::hops ? 1 : links_[arc].latency_ns;
    }

    // Distances to `destination` of every host: a full search.
    std::vector<std::int64_t> distances_to(net::HostId destination) const {
        std::vector<std::int64_t> distance(topology_.host_count(), unreached);
        distance[destination] = 0;
        if (metric_ == net::Metric::hops) {
            auto record = boost::make_bfs_visitor(boost::record_distances(
                boost::make_iterator_property_map(distance.begin(),
                                                  boost::get(boost::vertex_index, links_)),
                boost::on_tree_edge()));
            boost::breadth_first_search(links_, destination, boost::visitor(record));
        } else {
            boost::dijkstra_shortest_paths_no_color_map(
                links_, destination,
                boost::weight_map(boost::get(&net::UpArc::latency_ns, links_))
                    .distance_map(boost::make_iterator_property_map(
                        distance.begin(), boost::get(boost::vertex_index, links_)))
                    .distance_combine(&saturating_plus)
                    .distance_inf(unreached));
        }
        return distance;
    }

    // The arc from `at` to its next hop by the tie rule, if any.
    std::optional<Arc> step(const std::vector<std::int64_t>& distance, net::HostId at) const {
        std::optional<Arc> best;
        if (distance[at] == unreached || distance[at] == 0) {
            return best;
        }
        for (const Arc e :
             boost::make_iterator_range(boost::out_edges(static_cast<std::uint32_t>(at), links_))) {
            const std::uint32_t n = boost::target(e, links_);
            if (distance[n] != unreached &&
                saturating_plus(distance[n], weight(e)) == distance[at] &&
                (!best || rank_[n] < rank_[boost::target(*best, links_)])) {
                best = e;
            }
        }
        return best;
    }

    std::vector<std::uint32_t> table(const std::vector<std::int64_t>& distance) const {
        std::vector<std::uint32_t> next(topology_.host_count(), none);
        for (net::HostId v = 0; v < next.size(); ++v) {
            if (const auto arc = step(distance, v)) {
                next[v] = boost::target(*arc, links_);
            }
        }
        return next;
    }

    struct Table {
        net::HostId destination;
        std::vector<std::uint32_t> next;  // per host; `none` where there is none
    };

    const net::Topology& topology_;
    net::Metric metric_;
    net::UpLinks links_;
    std::vector<std::uint32_t> rank_;
    std::size_t capacity_;
    std::list<Table> tables_;  // most recently used first
    std::unordered_map<net::HostId, std::list<Table>::iterator> by_destination_;
};

}  // namespace smtpsim::reference
