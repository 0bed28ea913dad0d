// Shortest routes between hosts (Boost.Graph BFS by hop count, Dijkstra by
// latency) and lazily computed next-hop tables for hop-by-hop routing.
//
// Tie-breaking, the one rule everywhere: of the neighbours of a host that lie
// on a shortest path to the destination, the next hop is the one whose name
// comes first in case-insensitive ASCII order. A route is the chain of next
// hops from its origin, so route() and next_hop() always agree, and neither
// depends on the order of hosts or links in the file.
//
// Only links that are up are used: a router keeps them in a compact
// compressed_sparse_row_graph (both directions of each link, with its
// latency), built when it is made and again by invalidate(), which is to be
// called after links change state. It does not see later changes otherwise.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/time.hpp"
#include "net/topology.hpp"

namespace smtpsim::net {

enum class Metric { hops, latency };

std::string_view to_string(Metric metric);
std::optional<Metric> parse_metric(std::string_view text);  // "hops" or "latency"

struct Route {
    std::vector<HostId> hosts;  // origin first, destination last
    core::Time latency;         // sum of the links' latencies along the route
    std::size_t hops() const { return hosts.size() - 1; }
};

// The RFC 821 source route for mail to `local_part` at the route's
// destination: the hosts after the origin and before the destination
// ("<@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>"), written by smtp::Path.
std::string source_route(const Topology& topology, const Route& route, std::string_view local_part);

class Router {
  public:
    // `cached_tables`: how many destinations' next-hop tables to keep (least
    // recently used ones are dropped); each is 4 bytes per host.
    Router(const Topology& topology, Metric metric, std::size_t cached_tables = 64);

    // The shortest route, or nothing when `to` cannot be reached from `from`.
    // One search from `to`, stopped as soon as `from` is settled; nothing cached.
    std::optional<Route> route(HostId from, HostId to) const;

    // The neighbour `at` forwards mail for `destination` to, or nothing when
    // `at` is the destination or cannot reach it. The first question about a
    // destination builds its table (one shortest-path tree towards it).
    std::optional<HostId> next_hop(HostId at, HostId destination);

    // Forget the cached tables and look at the links' states again (after links went down or up).
    void invalidate();

    Metric metric() const { return metric_; }
    std::size_t cached_table_count() const { return tables_.size(); }

  private:
    struct Arc {
        std::int64_t latency_ns;
    };
    using Csr =
        boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, Arc,
                                           boost::no_property, std::uint32_t, std::uint32_t>;
    using Step = boost::graph_traits<Csr>::edge_descriptor;

    static constexpr std::int64_t unreached = INT64_MAX;
    // Distances to `destination` of every host, exact for all hosts at least
    // as close as `stop` when given (the search ends when `stop` is settled).
    std::vector<std::int64_t> distances_to(HostId destination, std::optional<HostId> stop) const;
    // The arc from `at` to its next hop by the tie-break rule, if any.
    std::optional<Step> step(const std::vector<std::int64_t>& distance, HostId at) const;

    const Topology& topology_;
    Metric metric_;
    Csr up_links_;
    std::vector<std::uint32_t> rank_;  // position of each host's name in case-insensitive order
    std::size_t capacity_;
    // Cached next-hop tables, most recently used first.
    struct Table {
        HostId destination;
        std::vector<std::uint32_t> next;  // per host; no_next where there is none
    };
    static constexpr std::uint32_t no_next = UINT32_MAX;
    std::list<Table> tables_;
    std::unordered_map<HostId, std::list<Table>::iterator> by_destination_;
};

}  // namespace smtpsim::net
