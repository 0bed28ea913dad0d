// The paged routes of a distance-vector table: lookups and listing (the
// table writes them, mta/routing_table.cpp).
#include "mta/route_set.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace smtpsim::mta {

static_assert(sizeof(RouteSet::Page) == 8 + 8 * RouteSet::page_size,
              "a page is its bitmap and two 32-bit words a destination");

RouteSet::RouteSet(std::initializer_list<Route> routes) {
    for (const Route& route : routes) {
        const std::uint32_t number = route.destination / page_size;
        if (pages_.empty() || pages_.back().number != number) {
            pages_.push_back(PageRef{number, std::make_shared<Page>()});
        }
        Page& page = *pages_.back().page;
        const std::uint32_t slot = route.destination % page_size;
        page.present |= std::uint64_t{1} << slot;
        page.next[slot] = route.next;
        page.distance[slot] = route.distance;
        ++size_;
    }
}

std::size_t RouteSet::page_index(std::uint32_t number) const {
    const auto it =
        std::lower_bound(pages_.begin(), pages_.end(), number,
                         [](const PageRef& ref, std::uint32_t n) { return ref.number < n; });
    return static_cast<std::size_t>(it - pages_.begin());
}

std::optional<Route> RouteSet::find(net::HostId destination) const {
    const auto number = static_cast<std::uint32_t>(destination / page_size);
    const auto slot = static_cast<std::uint32_t>(destination % page_size);
    const std::size_t i = page_index(number);
    if (i == pages_.size() || pages_[i].number != number ||
        (pages_[i].page->present >> slot & 1u) == 0) {
        return std::nullopt;
    }
    const Page& page = *pages_[i].page;
    return Route{static_cast<std::uint32_t>(destination), page.next[slot], page.distance[slot]};
}

std::vector<Route> RouteSet::list() const {
    std::vector<Route> routes;
    routes.reserve(size_);
    for_each([&routes](const Route& route) { routes.push_back(route); });
    return routes;
}

std::size_t DestinationSet::size() const {
    std::size_t n = 0;
    for (const Bits& bits : pages_) {
        n += static_cast<std::size_t>(std::popcount(bits.mask));
    }
    return n;
}

void DestinationSet::add(net::HostId destination) {
    const auto number = static_cast<std::uint32_t>(destination / RouteSet::page_size);
    const std::uint64_t bit = std::uint64_t{1} << (destination % RouteSet::page_size);
    // Changes come mostly in order (a merge's are): the last page first.
    if (!pages_.empty() && pages_.back().number == number) {
        pages_.back().mask |= bit;
        return;
    }
    const auto it = std::lower_bound(pages_.begin(), pages_.end(), number,
                                     [](const Bits& b, std::uint32_t n) { return b.number < n; });
    if (it != pages_.end() && it->number == number) {
        it->mask |= bit;
    } else {
        pages_.insert(it, Bits{number, bit});
    }
}

void DestinationSet::add(const DestinationSet& other) {
    std::vector<Bits> both;
    both.reserve(pages_.size() + other.pages_.size());
    auto a = pages_.begin();
    auto b = other.pages_.begin();
    while (a != pages_.end() || b != other.pages_.end()) {
        if (b == other.pages_.end() || (a != pages_.end() && a->number < b->number)) {
            both.push_back(*a++);
        } else if (a == pages_.end() || b->number < a->number) {
            both.push_back(*b++);
        } else {
            both.push_back(Bits{a->number, a->mask | b->mask});
            ++a;
            ++b;
        }
    }
    pages_ = std::move(both);
}

void DestinationSet::clear() {
    std::vector<Bits>().swap(pages_);
}

}  // namespace smtpsim::mta
