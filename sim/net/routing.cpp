// The router: tie-break ranks, the graph of up links, the cache of next hops
// in front of the route search.
#include "net/routing.hpp"

#include <algorithm>
#include <cassert>
#include <numeric>

#include "core/ascii.hpp"
#include "smtp/path.hpp"

namespace smtpsim::net {

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

std::vector<std::uint32_t> name_ranks(const Topology& topology) {
    std::vector<std::uint32_t> order(topology.host_count());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return core::iless(topology.name(a), topology.name(b));
    });
    std::vector<std::uint32_t> rank(order.size());
    for (std::uint32_t position = 0; position < order.size(); ++position) {
        rank[order[position]] = position;
    }
    return rank;
}

namespace {

std::vector<std::uint32_t> inner_ranks(const Topology& topology, const HostOrder& order) {
    const std::vector<std::uint32_t> by_host = name_ranks(topology);
    std::vector<std::uint32_t> rank(by_host.size());
    for (std::size_t inner = 0; inner < rank.size(); ++inner) {
        rank[inner] = by_host[order.outer[inner]];
    }
    return rank;
}

}  // namespace

Router::Router(const Topology& topology, Metric metric, CacheBudget budget)
    : topology_(topology),
      metric_(metric),
      order_(locality_order(topology)),
      up_links_(up_links_of(topology, order_)),
      rank_(inner_ranks(topology, order_)),
      search_(up_links_, rank_),
      cache_(budget.next_hops) {
    assert(topology.host_count() < NextHopCache::no_host);  // hosts fit in 32 bits, and "none"
}

std::optional<HostId> Router::next_hop(HostId at, HostId destination) {
    if (at == destination) {
        return std::nullopt;
    }
    const NextHopCache::Found cached = cache_.find(destination, at);
    if (!cached.stored) {
        return search(at, destination) ? std::optional<HostId>(found_[1]) : std::nullopt;
    }
    return cached.next == NextHopCache::no_host ? std::nullopt : std::optional<HostId>(cached.next);
}

std::optional<Route> Router::route(HostId from, HostId to) {
    Route route{{from}, core::Time::zero()};
    // Cached next hops while there are some, then the rest of a search's route.
    for (HostId at = from; at != to; at = route.hosts.back()) {
        const NextHopCache::Found cached = cache_.find(to, at);
        if (!cached.stored) {
            if (!search(at, to)) {
                return std::nullopt;
            }
            route.hosts.insert(route.hosts.end(), found_.begin() + 1, found_.end());
            break;
        }
        if (cached.next == NextHopCache::no_host) {
            return std::nullopt;  // only ever at the origin: a next hop can reach `to`
        }
        route.hosts.push_back(cached.next);
    }
    for (std::size_t i = 0; i + 1 < route.hosts.size(); ++i) {
        route.latency += link_latency(route.hosts[i], route.hosts[i + 1]);
    }
    return route;
}

bool Router::search(HostId from, HostId to) {
    const auto origin = static_cast<std::uint32_t>(from);
    const auto destination = static_cast<std::uint32_t>(to);
    const std::uint32_t inner_from = order_.inner[origin];
    const std::uint32_t inner_to = order_.inner[destination];
    const bool found = metric_ == Metric::hops ? search_.by_hops(inner_from, inner_to, found_)
                                               : search_.by_latency(inner_from, inner_to, found_);
    for (std::uint32_t& host : found_) {
        host = order_.outer[host];
    }
    if (!found) {
        cache_.store(destination, origin, NextHopCache::no_host);
        return false;
    }
    for (std::size_t i = 0; i + 1 < found_.size(); ++i) {
        cache_.store(destination, found_[i], found_[i + 1]);
    }
    return true;
}

core::Time Router::link_latency(HostId at, HostId next) const {
    // Of parallel links, the one a search takes: the lightest by the metric,
    // the first of equals.
    std::optional<std::int64_t> best_weight;
    std::int64_t latency = 0;
    const std::uint32_t inner_next = order_.inner[next];
    for (const auto arc :
         boost::make_iterator_range(boost::out_edges(order_.inner[at], up_links_))) {
        if (boost::target(arc, up_links_) != inner_next) {
            continue;
        }
        const std::int64_t arc_latency = up_links_[arc].latency_ns;
        const std::int64_t weight = metric_ == Metric::hops ? 1 : arc_latency;
        if (!best_weight || weight < *best_weight) {
            best_weight = weight;
            latency = arc_latency;
        }
    }
    return core::Time::ns(latency);
}

void Router::invalidate() {
    cache_.clear();
    up_links_ = up_links_of(topology_, order_);
}

std::size_t Router::memory_bytes() const {
    // The CSR graph: a row start per host, a target and a latency per arc.
    const std::size_t links = (boost::num_vertices(up_links_) + 1) * sizeof(std::uint32_t) +
                              boost::num_edges(up_links_) * (sizeof(std::uint32_t) + sizeof(UpArc));
    const std::size_t order =
        (order_.inner.capacity() + order_.outer.capacity()) * sizeof(std::uint32_t);
    return links + order + rank_.capacity() * sizeof(std::uint32_t) + search_.memory_bytes() +
           cache_.memory_bytes() + found_.capacity() * sizeof(std::uint32_t);
}

}  // namespace smtpsim::net
