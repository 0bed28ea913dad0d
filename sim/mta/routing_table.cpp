// The compact routing table: paged routes, merged with whole updates a page
// at a time, a page copied only when an update on its way still shares it.
#include "mta/routing_table.hpp"

#include <algorithm>

namespace smtpsim::mta {

namespace {

constexpr std::uint32_t page_size = RouteSet::page_size;

bool has(const RouteSet::Page& page, std::uint32_t slot) {
    return (page.present >> slot & 1u) != 0;
}

}  // namespace

RoutingTable::RoutingTable(net::HostId self, std::uint32_t infinity)
    : self_(self), infinity_(infinity) {
    reset();
}

void RoutingTable::reset() {
    const auto self = static_cast<std::uint32_t>(self_);
    routes_ = std::make_shared<RouteSet>(RouteSet{Route{self, self, 0}});
    stamps_ = std::vector<Stamps>(1, Stamps{});
}

RoutingTable::Place RoutingTable::locate(net::HostId destination) const {
    const auto number = static_cast<std::uint32_t>(destination / page_size);
    const auto slot = static_cast<std::uint32_t>(destination % page_size);
    const std::size_t page = routes_->page_index(number);
    const auto& pages = routes_->pages_;
    const bool known =
        page < pages.size() && pages[page].number == number && has(*pages[page].page, slot);
    return Place{page, slot, known};
}

std::optional<RoutingTable::Route> RoutingTable::route(net::HostId destination) const {
    return routes_->find(destination);
}

bool RoutingTable::reachable(net::HostId destination) const {
    const auto r = route(destination);
    return r && r->next != none;
}

std::optional<RoutingTable::Stamp> RoutingTable::stamp(net::HostId destination) const {
    const Place place = locate(destination);
    if (!place.known) {
        return std::nullopt;
    }
    return stamps_[place.page][place.slot];
}

std::size_t RoutingTable::bytes() const {
    return routes_->pages_.size() * sizeof(RouteSet::Page) +
           routes_->pages_.capacity() * sizeof(RouteSet::PageRef) +
           stamps_.capacity() * sizeof(Stamps);
}

std::vector<RouteSet::PageRef>& RoutingTable::own_pages() {
    if (routes_.use_count() > 1) {
        routes_ = std::make_shared<RouteSet>(*routes_);
    }
    return routes_->pages_;
}

RouteSet::Page& RoutingTable::writable(std::size_t index) {
    std::shared_ptr<RouteSet::Page>& page = own_pages()[index].page;
    if (page.use_count() > 1) {
        page = std::make_shared<RouteSet::Page>(*page);
    }
    return *page;
}

std::size_t RoutingTable::insert_page(std::size_t index, std::uint32_t number) {
    auto& pages = own_pages();
    pages.insert(pages.begin() + static_cast<std::ptrdiff_t>(index),
                 RouteSet::PageRef{number, std::make_shared<RouteSet::Page>()});
    stamps_.insert(stamps_.begin() + static_cast<std::ptrdiff_t>(index), Stamps{});
    return index;
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
    const Place place = locate(destination);
    if (place.known) {
        const RouteSet::Page& page = *routes_->pages_[place.page].page;
        Route route{static_cast<std::uint32_t>(destination), page.next[place.slot],
                    page.distance[place.slot]};
        const Outcome outcome = judge(route, via, distance);
        if (outcome == Outcome::none) {
            return false;
        }
        stamps_[place.page][place.slot] = expires;
        if (outcome == Outcome::refreshed) {
            return false;
        }
        RouteSet::Page& own = writable(place.page);
        own.next[place.slot] = route.next;
        own.distance[place.slot] = route.distance;
        return true;
    }
    if (distance >= infinity_) {
        return false;  // never heard of, and unreachable: nothing to keep
    }
    const auto number = static_cast<std::uint32_t>(destination / page_size);
    const auto& pages = routes_->pages_;
    const bool page_there = place.page < pages.size() && pages[place.page].number == number;
    const std::size_t index = page_there ? place.page : insert_page(place.page, number);
    RouteSet::Page& own = writable(index);
    own.present |= std::uint64_t{1} << place.slot;
    own.next[place.slot] = static_cast<std::uint32_t>(via);
    own.distance[place.slot] = distance;
    stamps_[index][place.slot] = expires;
    ++routes_->size_;
    return true;
}

bool RoutingTable::brings_new(const RouteSet::Page& page, std::uint32_t number, SplitHorizon split,
                              std::uint32_t cost) const {
    for (std::uint64_t bits = page.present; bits != 0; bits &= bits - 1) {
        const auto slot = static_cast<std::uint32_t>(std::countr_zero(bits));
        const Route offered{number * page_size + slot, page.next[slot], page.distance[slot]};
        const auto distance = advertised(offered, split, cost);
        if (offered.destination != self_ && distance && *distance < infinity_) {
            return true;
        }
    }
    return false;
}

void RoutingTable::merge(const RouteSet& update, net::HostId via, std::uint32_t cost,
                         SplitHorizon split, Stamp expires, std::vector<net::HostId>& changed) {
    // Both lists of pages are by number: one pass over each. A page this
    // table lacks is made only when the update brings a destination in it;
    // the lists grow at most once, so that they hold no spare capacity.
    reserve_for(update);
    std::size_t index = 0;
    for (const RouteSet::PageRef& offered : update.pages_) {
        const auto& pages = routes_->pages_;
        while (index < pages.size() && pages[index].number < offered.number) {
            ++index;
        }
        if (index == pages.size() || pages[index].number != offered.number) {
            if (!brings_new(*offered.page, offered.number, split, cost)) {
                continue;
            }
            insert_page(index, offered.number);
        }
        merge_page(index, offered, via, cost, split, expires, changed);
    }
}

void RoutingTable::merge(std::span<const Route> update, net::HostId via, std::uint32_t cost,
                         SplitHorizon split, Stamp expires, std::vector<net::HostId>& changed) {
    for (const Route& route : update) {
        const auto distance = advertised(route, split, cost);
        if (distance && offer(route.destination, via, *distance, expires)) {
            changed.push_back(route.destination);
        }
    }
}

void RoutingTable::reserve_for(const RouteSet& update) {
    const auto& pages = routes_->pages_;
    std::size_t missing = 0;
    std::size_t index = 0;
    for (const RouteSet::PageRef& offered : update.pages_) {
        while (index < pages.size() && pages[index].number < offered.number) {
            ++index;
        }
        missing += index == pages.size() || pages[index].number != offered.number ? 1 : 0;
    }
    if (missing == 0 || pages.size() + missing <= pages.capacity()) {
        return;
    }
    own_pages().reserve(routes_->pages_.size() + missing);
    stamps_.reserve(stamps_.size() + missing);
}

void RoutingTable::merge_page(std::size_t index, const RouteSet::PageRef& offered, net::HostId via,
                              std::uint32_t cost, SplitHorizon split, Stamp expires,
                              std::vector<net::HostId>& changed) {
    // As offer() of each route, in order; the page is made writable at the
    // first change only, so that an update that only refreshes copies nothing.
    const RouteSet::Page* mine = routes_->pages_[index].page.get();
    Stamps& stamps = stamps_[index];
    const RouteSet::Page& theirs = *offered.page;
    for (std::uint64_t bits = theirs.present; bits != 0; bits &= bits - 1) {
        const auto slot = static_cast<std::uint32_t>(std::countr_zero(bits));
        const Route route{offered.number * page_size + slot, theirs.next[slot],
                          theirs.distance[slot]};
        const auto distance = advertised(route, split, cost);
        if (route.destination == self_ || !distance) {
            continue;
        }
        const bool known = has(*mine, slot);
        if (!known && *distance >= infinity_) {
            continue;
        }
        Route now{route.destination, static_cast<std::uint32_t>(via), *distance};
        if (known) {
            now = Route{route.destination, mine->next[slot], mine->distance[slot]};
            const Outcome outcome = judge(now, via, *distance);
            if (outcome != Outcome::none) {
                stamps[slot] = expires;
            }
            if (outcome != Outcome::changed) {
                continue;
            }
        } else {
            stamps[slot] = expires;
        }
        RouteSet::Page& own = writable(index);
        mine = &own;
        routes_->size_ += known ? 0 : 1;
        own.present |= std::uint64_t{1} << slot;
        own.next[slot] = now.next;
        own.distance[slot] = now.distance;
        changed.push_back(route.destination);
    }
}

bool RoutingTable::lose(net::HostId destination) {
    const Place place = locate(destination);
    if (destination == self_ || !place.known ||
        routes_->pages_[place.page].page->next[place.slot] == none) {
        return false;
    }
    std::vector<net::HostId> changed;
    lose_at(place.page, place.slot, changed);
    return true;
}

void RoutingTable::lose_at(std::size_t page, std::uint32_t slot,
                           std::vector<net::HostId>& changed) {
    RouteSet::Page& own = writable(page);
    own.next[slot] = none;
    own.distance[slot] = infinity_;
    changed.push_back(routes_->pages_[page].number * page_size + slot);
}

template <typename Pred>
void RoutingTable::lose_if(Pred&& pred, std::vector<net::HostId>& changed) {
    // By index: losing a route may copy the pages list (copy on write).
    for (std::size_t index = 0; index < routes_->pages_.size(); ++index) {
        const std::uint32_t number = routes_->pages_[index].number;
        for (std::uint64_t bits = routes_->pages_[index].page->present; bits != 0;
             bits &= bits - 1) {
            const auto slot = static_cast<std::uint32_t>(std::countr_zero(bits));
            const RouteSet::Page& page = *routes_->pages_[index].page;
            const Route route{number * page_size + slot, page.next[slot], page.distance[slot]};
            if (route.destination != self_ && route.next != none &&
                pred(route, stamps_[index][slot])) {
                lose_at(index, slot, changed);
            }
        }
    }
}

void RoutingTable::lose_via(net::HostId neighbour, std::vector<net::HostId>& changed) {
    lose_if([neighbour](const Route& route, Stamp) { return route.next == neighbour; }, changed);
}

void RoutingTable::expire(Stamp now, std::vector<net::HostId>& changed) {
    // Serial arithmetic (RFC 1982): the stamp is `now` or before.
    lose_if(
        [now](const Route&, Stamp stamp) { return static_cast<std::int32_t>(stamp - now) <= 0; },
        changed);
}

void RoutingTable::lose_all(std::vector<net::HostId>& changed) {
    lose_if([](const Route&, Stamp) { return true; }, changed);
}

}  // namespace smtpsim::mta
