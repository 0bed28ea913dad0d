// The compact routing table: sorted routes, merged with whole updates in one
// pass, copied only when an update on its way still shares them.
#include "mta/routing_table.hpp"

#include <algorithm>

namespace smtpsim::mta {

static_assert(sizeof(RoutingTable::Route) == 12, "a route is three 32-bit words");

RoutingTable::RoutingTable(net::HostId self, std::uint32_t infinity)
    : self_(self), infinity_(infinity) {
    reset();
}

void RoutingTable::reset() {
    const auto self = static_cast<std::uint32_t>(self_);
    routes_ = std::make_shared<Routes>(Routes{Route{self, self, 0}});
    stamps_ = std::vector<Stamp>(1, 0);
}

std::size_t RoutingTable::find(net::HostId destination) const {
    const auto it =
        std::lower_bound(routes_->begin(), routes_->end(), destination,
                         [](const Route& route, net::HostId d) { return route.destination < d; });
    return static_cast<std::size_t>(it - routes_->begin());
}

std::optional<RoutingTable::Route> RoutingTable::route(net::HostId destination) const {
    const std::size_t i = find(destination);
    if (i < routes_->size() && (*routes_)[i].destination == destination) {
        return (*routes_)[i];
    }
    return std::nullopt;
}

bool RoutingTable::reachable(net::HostId destination) const {
    const auto r = route(destination);
    return r && r->next != none;
}

std::optional<RoutingTable::Stamp> RoutingTable::stamp(net::HostId destination) const {
    const std::size_t i = find(destination);
    if (i < routes_->size() && (*routes_)[i].destination == destination) {
        return stamps_[i];
    }
    return std::nullopt;
}

std::size_t RoutingTable::bytes() const {
    return routes_->capacity() * sizeof(Route) + stamps_.capacity() * sizeof(Stamp);
}

RoutingTable::Routes& RoutingTable::own() {
    if (routes_.use_count() > 1) {
        routes_ = std::make_shared<Routes>(*routes_);  // an update on its way keeps the old
    }
    return *routes_;
}

RoutingTable::Outcome RoutingTable::judge(Route& route, net::HostId via,
                                          std::uint32_t distance) const {
    if (route.next == via) {
        if (distance == route.distance) {
            return Outcome::refreshed;
        }
        // From the next hop itself: believed, even if worse; at infinity, lost.
        route.next = distance >= infinity_ ? none : static_cast<std::uint32_t>(via);
        route.distance = std::min(distance, infinity_);
        return Outcome::changed;
    }
    if (distance >= infinity_ || (route.next != none && distance >= route.distance)) {
        return Outcome::none;
    }
    route.next = static_cast<std::uint32_t>(via);
    route.distance = distance;
    return Outcome::changed;
}

std::optional<std::uint32_t> RoutingTable::advertised(const Route& route, SplitHorizon split,
                                                      std::uint32_t cost) const {
    // Split horizon is about the receiver (this table's host): the sender's
    // routes whose next hop is the receiver (RFC 2453 3.4.3).
    const bool learned_here = route.next == self_ && route.destination != self_;
    if (learned_here && split == SplitHorizon::simple) {
        return std::nullopt;
    }
    const std::uint32_t distance =
        learned_here && split == SplitHorizon::poisoned_reverse ? infinity_ : route.distance;
    return std::min(distance + cost, infinity_);
}

bool RoutingTable::offer(net::HostId destination, net::HostId via, std::uint32_t distance,
                         Stamp expires) {
    if (destination == self_) {
        return false;
    }
    distance = std::min(distance, infinity_);
    const std::size_t i = find(destination);
    if (i < routes_->size() && (*routes_)[i].destination == destination) {
        Route route = (*routes_)[i];
        const Outcome outcome = judge(route, via, distance);
        if (outcome == Outcome::none) {
            return false;
        }
        stamps_[i] = expires;
        if (outcome == Outcome::refreshed) {
            return false;
        }
        own()[i] = route;
        return true;
    }
    if (distance >= infinity_) {
        return false;  // never heard of, and unreachable: nothing to keep
    }
    Routes& routes = own();
    routes.insert(
        routes.begin() + static_cast<std::ptrdiff_t>(i),
        Route{static_cast<std::uint32_t>(destination), static_cast<std::uint32_t>(via), distance});
    stamps_.insert(stamps_.begin() + static_cast<std::ptrdiff_t>(i), expires);
    return true;
}

void RoutingTable::merge(const Routes& update, net::HostId via, std::uint32_t cost,
                         SplitHorizon split, Stamp expires, std::vector<net::HostId>& changed) {
    // First how many destinations are new, so that the table grows at most
    // once, to its exact size.
    const Routes& routes = *routes_;
    std::size_t added = 0;
    std::size_t i = 0;
    for (const Route& offered : update) {
        while (i < routes.size() && routes[i].destination < offered.destination) {
            ++i;
        }
        if (i < routes.size() && routes[i].destination == offered.destination) {
            continue;
        }
        const auto distance = advertised(offered, split, cost);
        added += distance && *distance < infinity_ ? 1 : 0;
    }
    if (added == 0) {
        merge_in_place(update, via, cost, split, expires, changed);
    } else {
        merge_growing(update, via, cost, split, expires, added, changed);
    }
}

void RoutingTable::merge_in_place(const Routes& update, net::HostId via, std::uint32_t cost,
                                  SplitHorizon split, Stamp expires,
                                  std::vector<net::HostId>& changed) {
    std::size_t i = 0;
    for (const Route& offered : update) {
        const Routes& routes = *routes_;
        while (i < routes.size() && routes[i].destination < offered.destination) {
            ++i;
        }
        if (i == routes.size() || routes[i].destination != offered.destination ||
            offered.destination == self_) {
            continue;
        }
        const auto distance = advertised(offered, split, cost);
        if (!distance) {
            continue;
        }
        Route route = routes[i];
        const Outcome outcome = judge(route, via, *distance);
        if (outcome == Outcome::none) {
            continue;
        }
        stamps_[i] = expires;
        if (outcome == Outcome::changed) {
            own()[i] = route;
            changed.push_back(offered.destination);
        }
    }
}

void RoutingTable::merge_growing(const Routes& update, net::HostId via, std::uint32_t cost,
                                 SplitHorizon split, Stamp expires, std::size_t added,
                                 std::vector<net::HostId>& changed) {
    const Routes& routes = *routes_;
    Routes merged;
    std::vector<Stamp> stamps;
    merged.reserve(routes.size() + added);
    stamps.reserve(routes.size() + added);
    std::size_t i = 0;
    for (const Route& offered : update) {
        for (; i < routes.size() && routes[i].destination < offered.destination; ++i) {
            merged.push_back(routes[i]);
            stamps.push_back(stamps_[i]);
        }
        const bool known = i < routes.size() && routes[i].destination == offered.destination;
        const auto distance =
            offered.destination == self_ ? std::nullopt : advertised(offered, split, cost);
        if (known) {
            Route route = routes[i];
            Stamp stamp = stamps_[i];
            ++i;
            const Outcome outcome = distance ? judge(route, via, *distance) : Outcome::none;
            if (outcome != Outcome::none) {
                stamp = expires;
            }
            if (outcome == Outcome::changed) {
                changed.push_back(offered.destination);
            }
            merged.push_back(route);
            stamps.push_back(stamp);
        } else if (distance && *distance < infinity_) {
            merged.push_back(
                Route{offered.destination, static_cast<std::uint32_t>(via), *distance});
            stamps.push_back(expires);
            changed.push_back(offered.destination);
        }
    }
    merged.insert(merged.end(), routes.begin() + static_cast<std::ptrdiff_t>(i), routes.end());
    stamps.insert(stamps.end(), stamps_.begin() + static_cast<std::ptrdiff_t>(i), stamps_.end());
    if (routes_.use_count() == 1) {
        *routes_ = std::move(merged);
    } else {
        routes_ = std::make_shared<Routes>(std::move(merged));
    }
    stamps_ = std::move(stamps);
}

bool RoutingTable::lose(net::HostId destination) {
    const std::size_t i = find(destination);
    if (destination == self_ || i == routes_->size() || (*routes_)[i].destination != destination ||
        (*routes_)[i].next == none) {
        return false;
    }
    std::vector<net::HostId> changed;
    lose_at(i, changed);
    return true;
}

void RoutingTable::lose_at(std::size_t index, std::vector<net::HostId>& changed) {
    Route& route = own()[index];
    route.next = none;
    route.distance = infinity_;
    changed.push_back(route.destination);
}

void RoutingTable::lose_via(net::HostId neighbour, std::vector<net::HostId>& changed) {
    for (std::size_t i = 0; i < routes_->size(); ++i) {
        const Route& route = (*routes_)[i];
        if (route.next == neighbour && route.destination != self_) {
            lose_at(i, changed);
        }
    }
}

void RoutingTable::expire(Stamp now, std::vector<net::HostId>& changed) {
    for (std::size_t i = 0; i < routes_->size(); ++i) {
        const Route& route = (*routes_)[i];
        // Serial arithmetic (RFC 1982): the stamp is `now` or before.
        const bool due = static_cast<std::int32_t>(stamps_[i] - now) <= 0;
        if (route.destination != self_ && route.next != none && due) {
            lose_at(i, changed);
        }
    }
}

void RoutingTable::lose_all(std::vector<net::HostId>& changed) {
    for (std::size_t i = 0; i < routes_->size(); ++i) {
        const Route& route = (*routes_)[i];
        if (route.destination != self_ && route.next != none) {
            lose_at(i, changed);
        }
    }
}

}  // namespace smtpsim::mta
