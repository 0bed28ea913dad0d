// Shortest routes between hosts, by hop count or by latency, and the next
// hops of hop-by-hop routing.
//
// Tie-breaking, the one rule everywhere: of the neighbours of a host that lie
// on a shortest path to the destination, the next hop is the one whose name
// comes first in case-insensitive ASCII order. A route is the chain of next
// hops from its origin, so route() and next_hop() always agree, and neither
// depends on the order of hosts or links in the file. These are exactly the
// next hops of a whole shortest-path tree towards the destination, the way
// routes were once computed (tests/net/tree_router.hpp, checked against on
// every pair of many graphs full of equal-cost routes).
//
// How. A router answers one (origin, destination) pair at a time with a
// bidirectional search (route_search.hpp): breadth-first by hops, Dijkstra
// by latency, from both ends, until every host on a shortest route has its
// final distance from one end or the other; the hosts on shortest routes are
// marked, and the route is walked from the origin taking, at each host, the
// first-ranked neighbour one step farther along a shortest route. That is the
// neighbour the whole tree would pick, since every host after it is again on
// a shortest route, so ties come out as they always did. The next hops of
// every host on the route found are kept in a cache keyed by (destination,
// host): the relays along it then find theirs in constant time.
//
// Memory: the graph of up links (12 bytes per direction of a link), a rank
// and a number each way per host (12 bytes: the search numbers hosts so that
// neighbours are near each other in memory, route_search.hpp), the search's
// scratch state (20 bytes per host) and its
// frontiers, plus the cache: at most CacheBudget::next_hops entries of 12
// bytes in a table at most half full, so at most 24 bytes per entry (24 MiB
// for the default 2^20). O(hosts + links + budget), never a table per
// destination: 8.4 MB for 100,000 hosts and 196,000 links, plus the cache.
// When the cache is full it is emptied and fills again from the next
// searches (cheaper than least-recently-used bookkeeping, and a search costs
// tens of microseconds). Figures: results/bench/routing.md.
//
// Only links that are up are used: a router keeps them in a compact
// compressed_sparse_row_graph (both directions of each link, with its
// latency), built when it is made and again by invalidate(), which is to be
// called after links change state (a host that is down is one whose links
// are down). It does not see later changes otherwise. A destination as far as
// the largest core::Time (about 292 years of latency) or farther counts as
// unreachable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "net/next_hop_cache.hpp"
#include "net/route_search.hpp"
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

// Each host's position when the names are sorted ignoring ASCII case: the
// tie-break order.
std::vector<std::uint32_t> name_ranks(const Topology& topology);

// How many next hops a router keeps at most. A type of its own, so that a
// count of anything else (hosts, destinations' tables) is not taken for it.
struct CacheBudget {
    // 2^20 next hops: 12 bytes each, in a table at most half full (at most 24 MiB).
    static constexpr std::size_t default_next_hops = std::size_t{1} << 20;
    std::size_t next_hops = default_next_hops;  // at least 1
};

class Router {
  public:
    // With the default budget the next hops of 100,000 mails between random
    // hosts of a 100,000-host scale-free topology all stay cached (870,000
    // of them by latency). A smaller budget only costs searches again, never
    // a different route; a larger one costs at most 24 bytes per next hop.
    Router(const Topology& topology, Metric metric, CacheBudget budget = {});
    Router(const Router&) = delete;  // its search refers to its own graph and ranks
    Router& operator=(const Router&) = delete;

    // The shortest route, or nothing when `to` cannot be reached from `from`.
    // Follows cached next hops; a search where there are none.
    std::optional<Route> route(HostId from, HostId to);

    // The neighbour `at` forwards mail for `destination` to, or nothing when
    // `at` is the destination or cannot reach it. Without a cached answer,
    // one search for the route from `at`, whose next hops are all cached.
    std::optional<HostId> next_hop(HostId at, HostId destination);

    // Forget the cached next hops and look at the links' states again (after links went down or
    // up).
    void invalidate();

    Metric metric() const { return metric_; }
    std::size_t cached_next_hops() const { return cache_.size(); }
    // Bytes held: the graph of up links, the name ranks, the search's
    // scratch state and the cache.
    std::size_t memory_bytes() const;

  private:
    // One search from `from` to `to`: its route into found_ and its next hops
    // (or "none" for `from`) into the cache. False when there is none.
    bool search(HostId from, HostId to);
    // The latency of the link a route takes from `at` to its neighbour `next`.
    core::Time link_latency(HostId at, HostId next) const;

    const Topology& topology_;
    Metric metric_;
    // The search numbers hosts by locality_order(); everything else here, the
    // cache and found_ included, by HostId.
    HostOrder order_;
    UpLinks up_links_;                 // numbered by order_
    std::vector<std::uint32_t> rank_;  // by order_: position of the name in case-insensitive order
    RouteSearch search_;
    NextHopCache cache_;
    std::vector<std::uint32_t> found_;  // the last route searched
};

}  // namespace smtpsim::net
