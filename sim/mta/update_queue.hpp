// The distance-vector updates of each direction of each link, bounded: at
// most one on its way (sent, not yet arrived or lost) and one waiting to be
// sent. A newer vector for the same direction takes the waiting one's place,
// as RIP's triggered updates coalesce (RFC 2453 3.10.1): a full vector
// replaces it, and a triggered one adds its changed destinations to it (a
// full vector waiting already holds them), so however fast the tables change
// (a link flapping every millisecond) a link never holds more than two.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "mta/network.hpp"
#include "mta/routing_table.hpp"

namespace smtpsim::mta {

// One update: the sender's routes as they were when it was sent. A periodic
// update is the whole vector; a triggered one only the routes that changed
// since the last one (RFC 2453 3.10.1: "sending complete routing updates is
// strongly discouraged").
struct Update {
    net::HostId from = 0;
    net::HostId to = 0;
    LinkIndex link = 0;
    RoutingTable::Snapshot routes{};  // a full vector, once sent
    bool full = true;
    DestinationSet destinations{};  // triggered: whose routes it is to carry
    std::vector<Route> changed{};   // triggered, once sent: those routes
};

class UpdateQueue {
  public:
    static constexpr std::size_t bound = 2;  // per direction: one on its way, one waiting

    explicit UpdateQueue(std::size_t links) : directions_(2 * links) {}

    // The direction of `link` from host `from` (its `a` end sends on 0).
    static std::size_t direction(const LinkState& link, LinkIndex index, net::HostId from) {
        return 2 * static_cast<std::size_t>(index) + (from == link.a ? 0 : 1);
    }

    // `update` is to be sent on `direction`: true when it goes now (it is
    // then on its way); false when it waits, in place of any that waited
    // (a triggered one joins a triggered one that waited).
    bool offer(std::size_t direction, Update update);
    // The update on its way has arrived or been lost: it is handed over, and
    // the waiting one, if any, is now on its way (next()).
    Update arrived(std::size_t direction);
    // The update on its way, if any (its routes are filled in as it is sent).
    Update* on_its_way(std::size_t direction);
    // Drops the update on its way before it was sent (the one that waited,
    // when its sender or the link went down meanwhile).
    void drop(std::size_t direction);
    // Forgets the waiting one (its sender went down).
    void forget_waiting(std::size_t direction);

    std::size_t length(std::size_t direction) const;
    std::size_t longest() const { return longest_; }
    // Waiting ones a newer one replaced or joined.
    std::uint64_t replaced() const { return replaced_; }

  private:
    struct Direction {
        std::optional<Update> on_its_way;
        std::optional<Update> waiting;
    };
    std::vector<Direction> directions_;
    std::size_t longest_ = 0;
    std::uint64_t replaced_ = 0;
};

}  // namespace smtpsim::mta
