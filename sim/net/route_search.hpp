// One shortest route between two hosts, with the tie rule of routing.hpp,
// found by a bidirectional search that touches only the part of the graph
// around the route: breadth-first by hops, Dijkstra by latency.
//
// How it works. The two sides expand one host at a time, the side that has
// scanned fewer links going next, until the nearest hosts left in the two
// frontiers are together as far apart as the shortest route found, D
// (breadth-first, where a distance is final as soon as it is reached) or
// farther (Dijkstra: strictly, one step past the usual stopping point).
// Then every host on a shortest route has its final distance on at least
// one side. The links where the sides met at length D mark the
// forward-settled hosts that lead onto the backward side; from them, the
// hosts on a shortest route are marked back towards the origin. Last, the
// route is walked from the origin: at each host, of the neighbours that are
// the next step of a shortest route, the one whose name ranks first. That is
// the neighbour a whole search from the destination would pick (the next
// step from a host on a shortest route is again on one), so the route is the
// chain of next hops. Dijkstra does not keep a distance that cannot be on a
// route of length D (it plus the other side's nearest is more than D).
//
// Work is proportional to the links the two sides scan, and bound by memory
// reads: every link scanned reads its far host's tag. Scratch state is 20
// bytes per host, allocated once: a tag (4 bytes, in an array of its own,
// small enough to stay in the cache) and two distances (16 bytes, read only
// for hosts a search reached). The tag holds the number of the search that
// last touched the host, so nothing is cleared between searches.
//
// Distances are int64 nanoseconds (or hops). A sum that would reach the
// largest value saturates and counts as unreachable: a destination about 292
// years of latency away or more has no route.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <span>
#include <vector>

#include "net/topology.hpp"

namespace smtpsim::net {

struct UpArc {
    std::int64_t latency_ns;
};
// Both directions of every link that is up, with its latency.
using UpLinks =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, UpArc,
                                       boost::no_property, std::uint32_t, std::uint32_t>;
UpLinks up_links_of(const Topology& topology);

// A numbering of the hosts that keeps neighbours near each other: each
// connected part breadth-first from its host of highest degree (the first
// of equals by id), the parts in that order. A search that numbers its
// hosts this way reads the scratch state of hosts close together in
// memory: fewer cache misses than in the file's order, where a host's
// neighbours are anywhere. `inner[host]` is its number, `outer` the inverse.
struct HostOrder {
    std::vector<std::uint32_t> inner;
    std::vector<std::uint32_t> outer;
};
HostOrder locality_order(const Topology& topology);
// As up_links_of, with hosts numbered by `order`.
UpLinks up_links_of(const Topology& topology, const HostOrder& order);

namespace detail {
// A host in a search's frontier, at a tentative distance.
struct FrontierEntry {
    std::int64_t distance;
    std::uint32_t host;
};
}  // namespace detail

class RouteSearch {
  public:
    // `rank`: each host's position in the tie-break order. Both are kept by
    // reference and read at every search.
    RouteSearch(const UpLinks& links, std::span<const std::uint32_t> rank);

    // The hosts of the route from `from` to `to`, both included, into
    // `route`; false (and `route` empty) when there is none.
    bool by_hops(std::uint32_t from, std::uint32_t to, std::vector<std::uint32_t>& route);
    bool by_latency(std::uint32_t from, std::uint32_t to, std::vector<std::uint32_t>& route);

    std::size_t memory_bytes() const;

  private:
    static constexpr int forward = 0;
    static constexpr int backward = 1;
    // A host's tag: the search that last touched it (older tags are stale)
    // above five flag bits.
    static constexpr std::uint32_t flag_bits = 5;
    static constexpr std::uint32_t flag_mask = (1u << flag_bits) - 1;
    static constexpr std::uint32_t max_stamp = 1u << (32 - flag_bits);

    // What a search knows of a host: its tag, in an array of its own (the
    // one read for every link scanned: 4 bytes a host, so that it stays in
    // the cache), and its distances, read only for hosts the search reached.
    struct Distances {
        std::int64_t side[2] = {0, 0};  // from the origin, to the destination
        std::int64_t& operator[](int s) { return side[s]; }
        std::int64_t operator[](int s) const { return side[s]; }
    };

    // A link between a forward- and a backward-reached host that made a
    // route no longer than the shortest found so far.
    struct Meeting {
        std::uint32_t forward_host;
        std::uint32_t backward_host;
        std::int64_t weight;
    };

    template <class Weight, class Frontier>
    bool search(std::uint32_t from, std::uint32_t to, Weight weight, Frontier (&frontier)[2],
                std::vector<std::uint32_t>& route);
    template <class Weight, class Frontier>
    std::int64_t meet(Weight weight, Frontier (&frontier)[2]);
    template <class Weight, class Frontier>
    void expand(Weight weight, std::uint32_t host, int side, Frontier& frontier,
                std::int64_t other_nearest, std::int64_t& shortest);
    template <class Weight>
    void mark_on_route(Weight weight, std::int64_t length);
    template <class Weight>
    void walk(Weight weight, std::uint32_t from, std::uint32_t to, std::int64_t length,
              std::vector<std::uint32_t>& route) const;

    void begin();
    std::uint32_t flags(std::uint32_t host) const;  // none for a host this search has not touched
    void add_flags(std::uint32_t host, std::uint32_t flags);

    const UpLinks& links_;
    std::span<const std::uint32_t> rank_;
    std::uint32_t stamp_ = 0;
    std::vector<std::uint32_t> tags_;
    std::vector<Distances> distances_;
    std::vector<Meeting> meetings_;
    std::vector<std::uint32_t> marked_;  // hosts on a route whose neighbours are still to see
    std::vector<detail::FrontierEntry> queues_[2];  // the frontiers' storage, reused
};

}  // namespace smtpsim::net
