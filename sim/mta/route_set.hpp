// The routes of one distance-vector table, as the table keeps them and as an
// update carries them: pages of 64 consecutive destinations, only the pages
// the host heard of, each page shared between the table and the updates on
// their way until the table writes to it (copy on write, one page at a time).
// A full page costs 8 bytes a route (the next hop and the distance; the
// destination is the place in the page), so a table of every host of a
// 10,000-host topology is 80 kB, and a change while an update is on its way
// copies 520 bytes, not the table (README, "Distance-vector routing").
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <vector>

#include "net/topology.hpp"

namespace smtpsim::mta {

// A route as a host advertises it: host indexes in 32 bits (topologies have
// at most 10,000,000 hosts).
struct Route {
    static constexpr std::uint32_t none = UINT32_MAX;
    std::uint32_t destination = 0;
    std::uint32_t next = none;  // none: unreachable (heard of, advertised at infinity)
    std::uint32_t distance = 0;
};

class RouteSet {
  public:
    static constexpr std::uint32_t page_size = 64;
    struct Page {
        std::uint64_t present = 0;  // bit i: destination first + i was heard of
        std::array<std::uint32_t, page_size> next{};
        std::array<std::uint32_t, page_size> distance{};
    };
    struct PageRef {
        std::uint32_t number = 0;  // destinations number x 64 to number x 64 + 63
        std::shared_ptr<Page> page;
    };

    RouteSet() = default;
    // Routes sorted by destination (an update written out by hand).
    RouteSet(std::initializer_list<Route> routes);

    std::size_t size() const { return size_; }
    std::optional<Route> find(net::HostId destination) const;
    // Calls f(Route) for each route, by destination.
    template <typename F>
    void for_each(F&& f) const {
        for (const PageRef& ref : pages_) {
            const Page& page = *ref.page;
            for (std::uint64_t bits = page.present; bits != 0; bits &= bits - 1) {
                const auto i = static_cast<std::uint32_t>(std::countr_zero(bits));
                f(Route{ref.number * page_size + i, page.next[i], page.distance[i]});
            }
        }
    }
    std::vector<Route> list() const;
    const std::vector<PageRef>& pages() const { return pages_; }
    // The index of the page `number` in pages(), or where it would go.
    std::size_t page_index(std::uint32_t number) const;

  private:
    friend class RoutingTable;
    std::vector<PageRef> pages_;  // by number
    std::size_t size_ = 0;
};

// A set of destinations (the routes a triggered update is to carry): the
// numbers of their pages with a bit a destination, 16 bytes for each page
// that holds one, whatever the topology's size.
class DestinationSet {
  public:
    bool empty() const { return pages_.empty(); }
    std::size_t size() const;
    void add(net::HostId destination);
    void add(const DestinationSet& other);
    // Empties the set and frees its memory.
    void clear();
    // Calls f(destination) for each, in order.
    template <typename F>
    void for_each(F&& f) const {
        for (const Bits& bits : pages_) {
            for (std::uint64_t b = bits.mask; b != 0; b &= b - 1) {
                f(static_cast<net::HostId>(bits.number * RouteSet::page_size +
                                           static_cast<std::uint32_t>(std::countr_zero(b))));
            }
        }
    }

  private:
    struct Bits {
        std::uint32_t number = 0;
        std::uint64_t mask = 0;
    };
    std::vector<Bits> pages_;  // by number
};

}  // namespace smtpsim::mta
