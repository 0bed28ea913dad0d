// The discrete-event scheduler: events ordered by (time, sequence number),
// cancellable by handle, with no heap allocation per event in the steady state.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "core/event_heap.hpp"
#include "core/inplace_function.hpp"
#include "core/time.hpp"

namespace smtpsim::core {

// A handle to a scheduled event. Cheap to copy; cancelling an empty, expired
// or already cancelled handle does nothing.
class EventId {
  public:
    constexpr EventId() = default;
    constexpr bool empty() const { return key_ == 0; }
    constexpr bool operator==(const EventId&) const = default;

  private:
    friend class Scheduler;
    constexpr explicit EventId(std::uint64_t key) : key_(key) {}
    std::uint64_t key_ = 0;  // the event's sequence number and slot; 0 is no event
};

// Thrown when an event is scheduled before now(): a bug in the caller, never
// reordered. Also thrown past the scheduler's capacity (see below), and for
// an event at Time::max(), where saturated time arithmetic ends: such an
// event would run at the same instant for ever after.
class SchedulingError : public std::logic_error {
  public:
    using std::logic_error::logic_error;
};

class Scheduler {
  public:
    using Callback = InplaceFunction<void(), 24>;

    // Capacity: 2^24 - 1 (16,777,215) events pending at once, 2^40 (about
    // 10^12) events scheduled in one run.
    static constexpr int slot_bits = 24;
    static constexpr std::uint64_t max_pending = (std::uint64_t{1} << slot_bits) - 1;

    // More events than this at one simulated instant can only come from
    // events that schedule each other at no delay, over and over: the run
    // cannot progress. It is one more than the events the scheduler can hold
    // pending at once, so that every event pending when an instant begins
    // may run in it, and each of them schedule one more at the same time.
    static constexpr std::uint64_t max_events_at_one_instant = std::uint64_t{1} << slot_bits;

    Time now() const { return now_; }

    // Schedules `callback` (any callable taking no arguments, at most 24
    // bytes of captures) at absolute time `at` (>= now()).
    template <typename F>
    EventId schedule_at(Time at, F&& callback) {
        const std::uint32_t slot = acquire(at);
        if constexpr (std::is_nothrow_constructible_v<std::decay_t<F>, F&&>) {
            slots_[slot].callback.emplace(std::forward<F>(callback));
        } else {
            try {  // copying the captures may throw: the slot goes back
                slots_[slot].callback.emplace(std::forward<F>(callback));
            } catch (...) {
                release(slot);
                throw;
            }
        }
        return commit(at, slot);
    }
    // Schedules `callback` after `delay` (>= 0) from now().
    template <typename F>
    EventId schedule_after(Time delay, F&& callback) {
        return schedule_at(now_ + delay, std::forward<F>(callback));
    }

    // Cancels a pending event; returns whether it was pending.
    bool cancel(EventId id);
    // Whether the event is still waiting to run.
    bool is_pending(EventId id) const {
        return !id.empty() && slot_of(id.key_) < slots_.size() &&
               slots_[slot_of(id.key_)].key == id.key_;
    }

    // Runs until no events remain or stop() is called.
    void run();
    // Runs every event with time <= `until`, then advances now() to `until`
    // (unless stop() was called first, or the instant stalled). Returns whether
    // stop() or a stall ended it.
    bool run_until(Time until);
    // Runs at most `budget` events with time <= `until`, without advancing
    // now() beyond the last one; returns whether the budget ran out (so that
    // more may remain). Lets a caller look up between batches (progress).
    bool run_some(Time until, std::uint64_t budget);
    // Ends run()/run_until() after the event that is executing now.
    void stop() { stop_requested_ = true; }

    // The time of the earliest pending event, if any (for a caller that
    // paces the run against a clock: smtpsim serve).
    std::optional<Time> next_time();
    // The most events run at one simulated instant (max_events_at_one_instant
    // unless set; a test sets less). When an instant would exceed it, run(),
    // run_until() and run_some() end before its next event, and stalled()
    // says so until the next run.
    void limit_events_at_one_instant(std::uint64_t limit) { instant_limit_ = limit; }
    std::uint64_t events_at_one_instant_limit() const { return instant_limit_; }
    bool stalled() const { return stalled_; }

    std::size_t pending() const { return heap_.size() - stale_; }
    std::uint64_t executed() const { return executed_; }
    bool empty() const { return pending() == 0; }

  private:
    // A pending event's slot holds its key; a free slot holds the index of
    // the next free one (a key without a sequence number, which no handle
    // matches), so the free slots form a list through the slab.
    struct Slot {
        Callback callback;
        std::uint64_t key = 0;
    };
    // Ends the free list: the one slot index never used.
    static constexpr std::uint32_t no_slot = max_pending;

    static std::uint32_t slot_of(std::uint64_t key) {
        return static_cast<std::uint32_t>(key & max_pending);
    }
    bool stale(const detail::EventKey& e) const { return slots_[slot_of(e.key)].key != e.key; }

    // The hot path is inline: every event passes through these.
    std::uint32_t acquire(Time at) {
        if (at < now_ || at == Time::max()) [[unlikely]] {
            throw_past(at);
        }
        const std::uint32_t slot = free_head_;
        if (slot == no_slot) [[unlikely]] {
            return add_slot();
        }
        free_head_ = static_cast<std::uint32_t>(slots_[slot].key);
        return slot;
    }
    EventId commit(Time at, std::uint32_t slot) {
        const std::uint64_t key = (next_sequence_++ << slot_bits) | slot;
        slots_[slot].key = key;
        heap_.push(detail::EventKey{at.count_ns(), key});
        return EventId{key};
    }
    void release(std::uint32_t slot) {
        slots_[slot].key = free_head_;
        free_head_ = slot;
    }
    // Runs events with time <= limit, at most `budget` of them, until stop();
    // returns how many ran.
    std::uint64_t run_events(std::int64_t limit, std::uint64_t budget);
    std::uint32_t add_slot();
    [[noreturn]] void throw_past(Time at) const;
    void compact();

    detail::EventHeap heap_;  // earliest (time, sequence) on top
    std::vector<Slot> slots_;
    std::uint32_t free_head_ = no_slot;
    Time now_;
    std::uint64_t next_sequence_ = 1;  // keys of pending events are >= 2^24
    std::uint64_t executed_ = 0;
    std::size_t stale_ = 0;  // cancelled entries still in the heap
    bool stop_requested_ = false;
    std::uint64_t instant_events_ = 0;  // events run at now() so far
    std::uint64_t instant_limit_ = max_events_at_one_instant;
    bool stalled_ = false;
};

}  // namespace smtpsim::core
