// The bounded queue of distance-vector updates per link direction.
#include "mta/update_queue.hpp"

#include <algorithm>
#include <utility>

namespace smtpsim::mta {

bool UpdateQueue::offer(std::size_t direction, Update update) {
    Direction& d = directions_[direction];
    const bool now = !d.on_its_way;
    if (now) {
        d.on_its_way = std::move(update);
    } else if (!d.waiting) {
        d.waiting = std::move(update);
    } else {
        ++replaced_;
        if (update.full) {
            d.waiting = std::move(update);  // the newer vector: the older one is never sent
        } else if (!d.waiting->full) {
            d.waiting->destinations.add(update.destinations);
        }  // else the full vector that waits will carry the changes
    }
    longest_ = std::max(longest_, length(direction));
    return now;
}

Update UpdateQueue::arrived(std::size_t direction) {
    Direction& d = directions_[direction];
    Update done = std::move(*d.on_its_way);
    d.on_its_way = std::move(d.waiting);
    d.waiting.reset();
    return done;
}

Update* UpdateQueue::on_its_way(std::size_t direction) {
    Direction& d = directions_[direction];
    return d.on_its_way ? &*d.on_its_way : nullptr;
}

void UpdateQueue::drop(std::size_t direction) {
    directions_[direction].on_its_way.reset();
}

void UpdateQueue::forget_waiting(std::size_t direction) {
    directions_[direction].waiting.reset();
}

std::size_t UpdateQueue::length(std::size_t direction) const {
    const Direction& d = directions_[direction];
    return (d.on_its_way ? 1 : 0) + (d.waiting ? 1 : 0);
}

}  // namespace smtpsim::mta
