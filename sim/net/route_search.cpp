// The bidirectional search, the marking of hosts on shortest routes, and the
// walk by the tie rule (see route_search.hpp for why each step is exact).
#include "net/route_search.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <numeric>

namespace smtpsim::net {
namespace {

using detail::FrontierEntry;
using Arc = boost::graph_traits<UpLinks>::edge_descriptor;

constexpr std::int64_t unreached = std::numeric_limits<std::int64_t>::max();
constexpr std::uint32_t no_host = std::numeric_limits<std::uint32_t>::max();

constexpr std::uint32_t reached_flag[2] = {1, 2};  // has a tentative distance on that side
constexpr std::uint32_t settled_flag[2] = {4, 8};  // its distance on that side is final
constexpr std::uint32_t on_route_flag = 16;        // forward-settled and on a shortest route

// a + b for distances (both non-negative): `unreached` when it does not fit.
std::int64_t plus(std::int64_t a, std::int64_t b) {
    return a > unreached - b ? unreached : a + b;
}

struct HopWeight {
    std::int64_t operator()(Arc) const { return 1; }
};

struct LatencyWeight {
    const UpLinks* links;
    std::int64_t operator()(Arc arc) const { return (*links)[arc].latency_ns; }
};

// Breadth-first: hosts in the order reached. With unit weights their
// distances never decrease along the queue, so the front is the nearest, and
// a host's distance is final as soon as it is reached.
class Fifo {
  public:
    static constexpr bool final_when_reached = true;
    explicit Fifo(std::vector<FrontierEntry>& items) : items_(items) { items_.clear(); }
    void push(FrontierEntry entry) { items_.push_back(entry); }
    bool empty() const { return head_ == items_.size(); }
    std::size_t size() const { return items_.size() - head_; }
    const FrontierEntry& top() const { return items_[head_]; }
    void pop() { ++head_; }

  private:
    std::vector<FrontierEntry>& items_;
    std::size_t head_ = 0;
};

// Dijkstra: a binary heap, nearest on top; a host's distance is final when
// it comes off the top. A host whose distance shrinks is pushed again; its
// older entry surfaces after it is settled and is dropped.
class Heap {
  public:
    static constexpr bool final_when_reached = false;
    explicit Heap(std::vector<FrontierEntry>& items) : items_(items) { items_.clear(); }
    void push(FrontierEntry entry) {
        items_.push_back(entry);
        std::push_heap(items_.begin(), items_.end(), Farther{});
    }
    bool empty() const { return items_.empty(); }
    std::size_t size() const { return items_.size(); }
    const FrontierEntry& top() const { return items_.front(); }
    void pop() {
        std::pop_heap(items_.begin(), items_.end(), Farther{});
        items_.pop_back();
    }

  private:
    struct Farther {
        bool operator()(const FrontierEntry& a, const FrontierEntry& b) const {
            return a.distance > b.distance;
        }
    };
    std::vector<FrontierEntry>& items_;
};

}  // namespace

UpLinks up_links_of(const Topology& topology) {
    HostOrder identity;
    identity.inner.resize(topology.host_count());
    std::iota(identity.inner.begin(), identity.inner.end(), 0U);
    identity.outer = identity.inner;
    return up_links_of(topology, identity);
}

UpLinks up_links_of(const Topology& topology, const HostOrder& order) {
    const Graph& g = topology.graph();
    std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
    std::vector<UpArc> latencies;
    arcs.reserve(2 * topology.link_count());
    latencies.reserve(2 * topology.link_count());
    for (const LinkId e : boost::make_iterator_range(boost::edges(g))) {
        if (!g[e].up) {
            continue;
        }
        const std::uint32_t a = order.inner[boost::source(e, g)];
        const std::uint32_t b = order.inner[boost::target(e, g)];
        arcs.emplace_back(a, b);
        arcs.emplace_back(b, a);
        latencies.push_back({g[e].latency.count_ns()});
        latencies.push_back({g[e].latency.count_ns()});
    }
    return UpLinks(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(),
                   latencies.begin(), topology.host_count());
}

HostOrder locality_order(const Topology& topology) {
    const Graph& g = topology.graph();
    const auto hosts = static_cast<std::uint32_t>(topology.host_count());
    std::vector<std::uint32_t> by_degree(hosts);
    std::iota(by_degree.begin(), by_degree.end(), 0U);
    std::sort(by_degree.begin(), by_degree.end(), [&](std::uint32_t a, std::uint32_t b) {
        const auto degree_a = boost::out_degree(a, g);
        const auto degree_b = boost::out_degree(b, g);
        return degree_a != degree_b ? degree_a > degree_b : a < b;
    });
    HostOrder order{std::vector<std::uint32_t>(hosts, no_host), {}};
    order.outer.reserve(hosts);
    for (const std::uint32_t root : by_degree) {
        if (order.inner[root] != no_host) {
            continue;
        }
        order.inner[root] = static_cast<std::uint32_t>(order.outer.size());
        order.outer.push_back(root);
        for (std::size_t next = order.outer.size() - 1; next < order.outer.size(); ++next) {
            for (const HostId neighbour :
                 boost::make_iterator_range(boost::adjacent_vertices(order.outer[next], g))) {
                if (order.inner[neighbour] == no_host) {
                    order.inner[neighbour] = static_cast<std::uint32_t>(order.outer.size());
                    order.outer.push_back(static_cast<std::uint32_t>(neighbour));
                }
            }
        }
    }
    return order;
}

RouteSearch::RouteSearch(const UpLinks& links, std::span<const std::uint32_t> rank)
    : links_(links), rank_(rank), tags_(rank.size(), 0), distances_(rank.size()) {}

bool RouteSearch::by_hops(std::uint32_t from, std::uint32_t to, std::vector<std::uint32_t>& route) {
    Fifo frontier[2]{Fifo(queues_[forward]), Fifo(queues_[backward])};
    return search(from, to, HopWeight{}, frontier, route);
}

bool RouteSearch::by_latency(std::uint32_t from, std::uint32_t to,
                             std::vector<std::uint32_t>& route) {
    Heap frontier[2]{Heap(queues_[forward]), Heap(queues_[backward])};
    return search(from, to, LatencyWeight{&links_}, frontier, route);
}

std::size_t RouteSearch::memory_bytes() const {
    return tags_.capacity() * sizeof(std::uint32_t) + distances_.capacity() * sizeof(Distances) +
           meetings_.capacity() * sizeof(Meeting) + marked_.capacity() * sizeof(std::uint32_t) +
           (queues_[forward].capacity() + queues_[backward].capacity()) * sizeof(FrontierEntry);
}

void RouteSearch::begin() {
    if (++stamp_ == max_stamp) {  // once in 2^27 searches: forget every stamp
        std::fill(tags_.begin(), tags_.end(), 0);
        stamp_ = 1;
    }
    meetings_.clear();
}

std::uint32_t RouteSearch::flags(std::uint32_t host) const {
    const std::uint32_t tag = tags_[host];
    return (tag >> flag_bits) == stamp_ ? tag & flag_mask : 0;
}

void RouteSearch::add_flags(std::uint32_t host, std::uint32_t flags) {
    std::uint32_t& tag = tags_[host];
    tag = ((tag >> flag_bits) == stamp_ ? tag : stamp_ << flag_bits) | flags;
}

template <class Weight, class Frontier>
bool RouteSearch::search(std::uint32_t from, std::uint32_t to, Weight weight,
                         Frontier (&frontier)[2], std::vector<std::uint32_t>& route) {
    route.clear();
    if (from == to) {
        route.push_back(from);
        return true;
    }
    begin();
    for (const auto& [side, host] : {std::pair{forward, from}, std::pair{backward, to}}) {
        distances_[host][side] = 0;
        add_flags(host, reached_flag[side] | settled_flag[side]);
        frontier[side].push({0, host});
    }
    const std::int64_t length = meet(weight, frontier);
    if (length == unreached) {
        return false;
    }
    mark_on_route(weight, length);
    walk(weight, from, to, length, route);
    return true;
}

// Expands one host at a time, on the side that has scanned fewer links so
// far (in a scale-free graph the next hub costs more than a frontier's size
// tells), until the nearest hosts left on the two sides are together as far
// apart as the shortest route found (breadth-first) or farther (Dijkstra):
// then every host on a shortest route has its final distance on at least one
// side. Returns the length.
template <class Weight, class Frontier>
std::int64_t RouteSearch::meet(Weight weight, Frontier (&frontier)[2]) {
    std::int64_t shortest = unreached;
    std::size_t links_scanned[2] = {0, 0};
    while (true) {
        std::int64_t nearest[2];
        for (const int side : {forward, backward}) {
            while (!Frontier::final_when_reached && !frontier[side].empty() &&
                   frontier[side].top().distance != distances_[frontier[side].top().host][side]) {
                frontier[side].pop();  // an entry left behind by a shorter one, already expanded
            }
            nearest[side] = frontier[side].empty() ? unreached : frontier[side].top().distance;
        }
        const std::int64_t apart = plus(nearest[forward], nearest[backward]);
        if (nearest[forward] == unreached || nearest[backward] == unreached || apart > shortest ||
            (Frontier::final_when_reached && apart == shortest)) {
            return shortest;
        }
        const int side = links_scanned[forward] <= links_scanned[backward] ? forward : backward;
        const std::uint32_t host = frontier[side].top().host;
        frontier[side].pop();
        links_scanned[side] += boost::out_degree(host, links_);
        expand(weight, host, side, frontier[side], nearest[1 - side], shortest);
    }
}

// Settles `host` on `side` and relaxes its links. A link to a host the
// other side has reached makes a route; one no longer than `shortest` is
// kept in meetings_, and `shortest` follows.
template <class Weight, class Frontier>
void RouteSearch::expand(Weight weight, std::uint32_t host, int side, Frontier& frontier,
                         std::int64_t other_nearest, std::int64_t& shortest) {
    add_flags(host, settled_flag[side]);
    const std::int64_t here = distances_[host][side];
    const int other = 1 - side;
    for (const Arc arc : boost::make_iterator_range(boost::out_edges(host, links_))) {
        const std::uint32_t next = boost::target(arc, links_);
        const std::int64_t step = weight(arc);
        const std::int64_t distance = plus(here, step);
        if (distance == unreached) {
            continue;
        }
        const std::uint32_t next_flags = flags(next);
        if ((next_flags & reached_flag[other]) != 0) {
            const std::int64_t length = plus(distance, distances_[next][other]);
            if (length <= shortest) {
                shortest = length;
                meetings_.push_back(side == forward ? Meeting{host, next, step}
                                                    : Meeting{next, host, step});
            }
        }
        // A host the other side has not settled is at least `other_nearest`
        // from the other end: no shortest route passes it at this distance.
        const bool too_far = !Frontier::final_when_reached &&
                             (next_flags & settled_flag[other]) == 0 &&
                             plus(distance, other_nearest) > shortest;
        if (too_far) {
            continue;
        }
        // Breadth-first, a host reached on this side is never nearer again.
        const bool reached = (next_flags & reached_flag[side]) != 0;
        if (!reached || (!Frontier::final_when_reached && distance < distances_[next][side])) {
            distances_[next][side] = distance;
            add_flags(next, Frontier::final_when_reached ? reached_flag[side] | settled_flag[side]
                                                         : reached_flag[side]);
            frontier.push({distance, next});
        }
    }
}

// Marks the forward-settled hosts on a shortest route of `length`: those
// with a link of such a route to a backward-settled host (every such link
// was met by the search with both distances final, and kept), then, back
// towards the origin, every forward-settled host a link's weight nearer
// than a marked neighbour. (A host on a shortest route that is not
// backward-settled reaches one through forward-settled hosts on it.)
template <class Weight>
void RouteSearch::mark_on_route(Weight weight, std::int64_t length) {
    marked_.clear();
    for (const Meeting& meeting : meetings_) {
        if ((flags(meeting.forward_host) & (settled_flag[forward] | on_route_flag)) ==
                settled_flag[forward] &&
            (flags(meeting.backward_host) & settled_flag[backward]) != 0 &&
            plus(plus(distances_[meeting.forward_host][forward], meeting.weight),
                 distances_[meeting.backward_host][backward]) == length) {
            add_flags(meeting.forward_host, on_route_flag);
            marked_.push_back(meeting.forward_host);
        }
    }
    while (!marked_.empty()) {
        const std::uint32_t host = marked_.back();
        marked_.pop_back();
        for (const Arc arc : boost::make_iterator_range(boost::out_edges(host, links_))) {
            const std::uint32_t previous = boost::target(arc, links_);
            if ((flags(previous) & (settled_flag[forward] | on_route_flag)) ==
                    settled_flag[forward] &&
                plus(distances_[previous][forward], weight(arc)) == distances_[host][forward]) {
                add_flags(previous, on_route_flag);
                marked_.push_back(previous);
            }
        }
    }
}

// From the origin, the neighbour that ranks first among those one step
// farther along a shortest route, until the destination.
template <class Weight>
void RouteSearch::walk(Weight weight, std::uint32_t from, std::uint32_t to, std::int64_t length,
                       std::vector<std::uint32_t>& route) const {
    route.push_back(from);
    std::uint32_t at = from;
    while (at != to) {
        // Known distance to the destination: any neighbour that much nearer by its link will do.
        const bool near_side = (flags(at) & settled_flag[backward]) != 0;
        const std::int64_t to_go = distances_[at][backward];
        const std::int64_t come = distances_[at][forward];
        std::uint32_t best = no_host;
        for (const Arc arc : boost::make_iterator_range(boost::out_edges(at, links_))) {
            const std::uint32_t next = boost::target(arc, links_);
            const std::uint32_t next_flags = flags(next);
            if (next_flags == 0 || (best != no_host && rank_[next] >= rank_[best])) {
                continue;
            }
            const std::int64_t step = weight(arc);
            const bool backward_known = (next_flags & settled_flag[backward]) != 0;
            const bool next_step =
                near_side ? backward_known && plus(distances_[next][backward], step) == to_go
                          : ((next_flags & on_route_flag) != 0 &&
                             distances_[next][forward] == plus(come, step)) ||
                                (backward_known &&
                                 plus(plus(come, step), distances_[next][backward]) == length);
            if (next_step) {
                best = next;
            }
        }
        assert(best != no_host);  // a host on a shortest route has a next step on one
        at = best;
        route.push_back(at);
    }
}

}  // namespace smtpsim::net
