// The event scheduler: a binary heap (the standard library's heap algorithms)
// of small entries pointing into a slab of callbacks; cancelled entries are
// dropped lazily when they surface and compacted in bulk when they pile up.
#include "core/scheduler.hpp"

#include <algorithm>

namespace smtpsim::core {

void Scheduler::throw_past(Time at) const {
    if (at == Time::max()) {
        throw SchedulingError("event scheduled at the end of simulated time (" +
                              format_seconds(at) + "s): a time overflowed");
    }
    throw SchedulingError("event scheduled at " + format_seconds(at) + "s, before now (" +
                          format_seconds(now_) + "s)");
}

void Scheduler::throw_full() const {
    throw SchedulingError("more than 16,777,216 events pending at once");
}

bool Scheduler::cancel(EventId id) {
    if (!is_pending(id)) {
        return false;
    }
    const std::uint32_t slot = slot_of(id.key_);
    slots_[slot].callback.reset();
    release(slot);
    ++stale_;
    if (stale_ > 1024 && stale_ > live_) {
        compact();
    }
    return true;
}

void Scheduler::drop_stale_top() {
    while (!heap_.empty() && stale(heap_.front())) {
        pop();
        --stale_;
    }
}

void Scheduler::compact() {
    std::erase_if(heap_, [this](const Entry& e) { return stale(e); });
    stale_ = 0;
    std::make_heap(heap_.begin(), heap_.end(), Later{});
}

void Scheduler::run() {
    stop_requested_ = false;
    while (!stop_requested_ && step(Time::max().count_ns())) {
    }
}

bool Scheduler::run_until(Time until) {
    if (until < now_) {
        throw SchedulingError("run_until(" + format_seconds(until) + "s) is before now (" +
                              format_seconds(now_) + "s)");
    }
    stop_requested_ = false;
    while (!stop_requested_ && step(until.count_ns())) {
    }
    if (stop_requested_) {
        return true;
    }
    now_ = until;
    return false;
}

bool Scheduler::run_some(Time until, std::uint64_t budget) {
    stop_requested_ = false;
    for (std::uint64_t ran = 0; ran < budget; ++ran) {
        if (stop_requested_ || !step(until.count_ns())) {
            return false;
        }
    }
    return true;
}

}  // namespace smtpsim::core
