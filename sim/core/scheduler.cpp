// The event scheduler: a 4-ary heap of (time, key) entries pointing into a
// slab of callbacks; cancelled entries are dropped lazily when they surface
// and compacted in bulk when they pile up.
#include "core/scheduler.hpp"

namespace smtpsim::core {

void Scheduler::throw_past(Time at) const {
    if (at == Time::max()) {
        throw SchedulingError("event scheduled at the end of simulated time (" +
                              format_seconds(at) + "s): a time overflowed");
    }
    throw SchedulingError("event scheduled at " + format_seconds(at) + "s, before now (" +
                          format_seconds(now_) + "s)");
}

std::uint32_t Scheduler::add_slot() {
    if (slots_.size() == max_pending) {
        throw SchedulingError("more than 16,777,215 events pending at once");
    }
    slots_.emplace_back();
    return static_cast<std::uint32_t>(slots_.size() - 1);
}

bool Scheduler::cancel(EventId id) {
    if (!is_pending(id)) {
        return false;
    }
    const std::uint32_t slot = slot_of(id.key_);
    slots_[slot].callback.reset();
    release(slot);
    ++stale_;
    if (stale_ > 1024 && stale_ > pending()) {
        compact();
    }
    return true;
}

void Scheduler::compact() {
    heap_.erase_if([this](const detail::EventKey& e) { return stale(e); });
    stale_ = 0;
}

std::uint64_t Scheduler::run_events(std::int64_t limit, std::uint64_t budget) {
    stop_requested_ = false;
    stalled_ = false;
    std::uint64_t ran = 0;
    while (ran < budget && !stop_requested_) {
        if (heap_.empty()) {
            break;
        }
        const detail::EventKey top = heap_.top();
        if (stale_ > 0 && stale(top)) {  // cancelled: dropped when it surfaces
            heap_.pop();
            --stale_;
            continue;
        }
        if (top.time > limit) {
            break;
        }
        if (top.time != now_.count_ns()) {
            instant_events_ = 0;
        } else if (instant_events_ >= instant_limit_) [[unlikely]] {
            stalled_ = true;  // the event stays, for a caller that looks into it
            break;
        }
        heap_.pop();
        if (!heap_.empty()) {
            // Starts fetching the next event's callback, so that the cache
            // miss overlaps this event's work. Written out here: GCC drops a
            // prefetch-only helper function as free of side effects.
            const Slot* next = &slots_[slot_of(heap_.top().key)];
            __builtin_prefetch(next);
            __builtin_prefetch(reinterpret_cast<const char*>(next + 1) - 1);
        }
        // Move the callback out first: it may schedule events and grow the
        // slab. Its slot is free at once, so the events it schedules reuse a
        // slot that is still in the cache.
        const std::uint32_t slot = slot_of(top.key);
        Callback callback = std::move(slots_[slot].callback);
        release(slot);
        now_ = Time::ns(top.time);
        ++instant_events_;
        ++executed_;
        ++ran;
        callback();
    }
    return ran;
}

std::optional<Time> Scheduler::next_time() {
    while (!heap_.empty()) {
        const detail::EventKey top = heap_.top();
        if (stale_ > 0 && stale(top)) {  // cancelled: dropped here, as when it surfaces
            heap_.pop();
            --stale_;
            continue;
        }
        return Time::ns(top.time);
    }
    return std::nullopt;
}

void Scheduler::run() {
    run_events(Time::max().count_ns(), UINT64_MAX);
}

bool Scheduler::run_until(Time until) {
    if (until < now_) {
        throw SchedulingError("run_until(" + format_seconds(until) + "s) is before now (" +
                              format_seconds(now_) + "s)");
    }
    run_events(until.count_ns(), UINT64_MAX);
    if (stop_requested_ || stalled_) {
        return true;
    }
    if (until != now_) {
        instant_events_ = 0;
    }
    now_ = until;
    return false;
}

bool Scheduler::run_some(Time until, std::uint64_t budget) {
    return run_events(until.count_ns(), budget) == budget;
}

}  // namespace smtpsim::core
