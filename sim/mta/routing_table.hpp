// One host's distance-vector routing table (RFC 2453 3.9.2's Bellman-Ford
// rule), kept compact: only the destinations the host has heard of since its
// last cold start, in pages of 64 destinations (mta/route_set.hpp) shared
// with the updates on their way, plus a 4-byte timeout stamp a route. A
// table of every host of a large topology is hosts x destinations, so every
// byte of a route counts (README, "Distance-vector routing").
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/enum_names.hpp"
#include "mta/route_set.hpp"
#include "net/topology.hpp"

namespace smtpsim::mta {

// What a host tells a neighbour about the routes it learned from that
// neighbour (RFC 2453 3.4.3).
enum class SplitHorizon {
    none,              // everything, as it is: count-to-infinity happens
    simple,            // nothing about them
    poisoned_reverse,  // that they are at infinity
};
inline constexpr auto split_horizon_names =
    core::enum_names<SplitHorizon>("none", "simple", "poisoned-reverse");

class RoutingTable {
  public:
    using Route = mta::Route;
    static constexpr net::HostId none = Route::none;
    // The routes as they were when an update was sent: the table's own pages,
    // shared until the table next writes to them (copy on write), so that an
    // update on its way costs no copy.
    using Snapshot = std::shared_ptr<const RouteSet>;
    // When a route times out: the number of the host's periodic update at
    // which it is lost unless heard of again, modulo 2^32, compared as RFC
    // 1982 serial numbers (the stamps of live routes are never 2^31 apart:
    // the loader bounds route_timeout by update intervals).
    using Stamp = std::uint32_t;

    RoutingTable(net::HostId self, std::uint32_t infinity);

    // The route to `destination`; none if never heard of since the last cold start.
    std::optional<Route> route(net::HostId destination) const;
    bool reachable(net::HostId destination) const;
    std::optional<Stamp> stamp(net::HostId destination) const;
    // Destinations heard of, itself included.
    std::size_t size() const { return routes_->size(); }
    const RouteSet& routes() const { return *routes_; }
    Snapshot snapshot() const { return routes_; }
    // Bytes the table holds (its capacity), not counting snapshots.
    std::size_t bytes() const;

    // Forgets everything but itself (a cold start), and frees the memory.
    void reset();
    // Bellman-Ford as RIP does it (RFC 2453 3.9.2): `via` says it reaches
    // `destination` at `distance` (the link's cost included). Taken when
    // better, or when it comes from the current next hop (even if worse);
    // either refreshes the route until `expires`. Returns whether it changed.
    bool offer(net::HostId destination, net::HostId via, std::uint32_t distance, Stamp expires);
    // A whole update from neighbour `via` (its routes as it sent them) over a
    // link of `cost`, as offer() of each route after split horizon; the
    // destinations whose routes changed are appended to `changed`, in order.
    void merge(const RouteSet& update, net::HostId via, std::uint32_t cost, SplitHorizon split,
               Stamp expires, std::vector<net::HostId>& changed);
    // The same for a triggered update: some routes, by destination.
    void merge(std::span<const Route> update, net::HostId via, std::uint32_t cost,
               SplitHorizon split, Stamp expires, std::vector<net::HostId>& changed);
    // The route is lost (its next hop's link went down).
    bool lose(net::HostId destination);
    // Loses every route through `neighbour`; appends them to `changed`.
    void lose_via(net::HostId neighbour, std::vector<net::HostId>& changed);
    // Loses every route whose stamp is `now` or earlier (a periodic update's
    // timeout check); appends them to `changed`.
    void expire(Stamp now, std::vector<net::HostId>& changed);
    // Loses every route but to itself; appends them to `changed`.
    void lose_all(std::vector<net::HostId>& changed);

  private:
    enum class Outcome { none, refreshed, changed };
    using Stamps = std::array<Stamp, RouteSet::page_size>;
    // What an offer does to a known route: `route` becomes the new route.
    Outcome judge(Route& route, net::HostId via, std::uint32_t distance) const;
    // The route to `destination` as it would be offered by `via` in an update
    // (split horizon applied); none when left out of the update.
    std::optional<std::uint32_t> advertised(const Route& route, SplitHorizon split,
                                            std::uint32_t cost) const;
    // Whether a page of an update brings a destination this table never heard of.
    bool brings_new(const RouteSet::Page& page, std::uint32_t number, SplitHorizon split,
                    std::uint32_t cost) const;
    // Room for the pages of `update` this table lacks.
    void reserve_for(const RouteSet& update);
    void merge_page(std::size_t index, const RouteSet::PageRef& offered, net::HostId via,
                    std::uint32_t cost, SplitHorizon split, Stamp expires,
                    std::vector<net::HostId>& changed);
    // The pages list, unshared first (an update on its way keeps the old).
    std::vector<RouteSet::PageRef>& own_pages();
    // Page `index` of the table, unshared first (the pages list too).
    RouteSet::Page& writable(std::size_t index);
    std::size_t insert_page(std::size_t index, std::uint32_t number);
    // Where `destination` is: its page's index and its place in the page;
    // the page index is where the page would go when the table lacks it.
    struct Place {
        std::size_t page;
        std::uint32_t slot;
        bool known;  // the page exists and holds the destination
    };
    Place locate(net::HostId destination) const;
    void lose_at(std::size_t page, std::uint32_t slot, std::vector<net::HostId>& changed);
    // Loses each live route (not to itself) for which pred(route, stamp) holds.
    template <typename Pred>
    void lose_if(Pred&& pred, std::vector<net::HostId>& changed);

    net::HostId self_;
    std::uint32_t infinity_;
    std::shared_ptr<RouteSet> routes_;
    std::vector<Stamps> stamps_;  // by page index; the own route's is unused
};

}  // namespace smtpsim::mta
