// The discrete-event scheduler: events ordered by (time, sequence number),
// cancellable by handle, with no heap allocation per event in the steady state.
#pragma once

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

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

    // Capacity: 2^24 (16,777,216) events pending at once, 2^40 (about 10^12)
    // events scheduled in one run.
    static constexpr int slot_bits = 24;
    static constexpr std::uint64_t max_pending = std::uint64_t{1} << slot_bits;

    Time now() const { return now_; }

    // Schedules `callback` (any callable taking no arguments, at most 24
    // bytes of captures) at absolute time `at` (>= now()).
    template <typename F>
    EventId schedule_at(Time at, F&& callback) {
        const std::uint32_t slot = acquire(at);
        slots_[slot].callback.emplace(std::forward<F>(callback));
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
    // (unless stop() was called first). Returns whether stop() ended it.
    bool run_until(Time until);
    // Runs at most `budget` events with time <= `until`, without advancing
    // now() beyond the last one; returns whether the budget ran out (so that
    // more may remain). Lets a caller look up between batches (progress).
    bool run_some(Time until, std::uint64_t budget);
    // Ends run()/run_until() after the event that is executing now.
    void stop() { stop_requested_ = true; }

    std::size_t pending() const { return live_; }
    std::uint64_t executed() const { return executed_; }
    bool empty() const { return live_ == 0; }

  private:
    // 16 bytes: the key packs the sequence number (high 40 bits) above the
    // slot (low 24 bits), so ordering by (time, key) is ordering by (time,
    // sequence), and the same key in the slot tells a live entry from a
    // cancelled one.
    struct Entry {
        std::int64_t time;
        std::uint64_t key;
    };
    struct Slot {
        Callback callback;
        std::uint64_t key = 0;  // the key of the pending event here; 0 when free
    };
    // std heap algorithms keep the greatest on top, so "greater" means later.
    struct Later {
        bool operator()(const Entry& a, const Entry& b) const {
            return a.time > b.time || (a.time == b.time && a.key > b.key);
        }
    };

    static std::uint32_t slot_of(std::uint64_t key) {
        return static_cast<std::uint32_t>(key & (max_pending - 1));
    }
    bool stale(const Entry& e) const { return slots_[slot_of(e.key)].key != e.key; }

    // The hot path is inline: every event passes through these.
    std::uint32_t acquire(Time at) {
        if (at < now_ || at == Time::max()) [[unlikely]] {
            throw_past(at);
        }
        if (!free_slots_.empty()) {
            const std::uint32_t slot = free_slots_.back();
            free_slots_.pop_back();
            return slot;
        }
        if (slots_.size() == max_pending) [[unlikely]] {
            throw_full();
        }
        slots_.emplace_back();
        return static_cast<std::uint32_t>(slots_.size() - 1);
    }
    EventId commit(Time at, std::uint32_t slot) {
        const std::uint64_t key = (next_sequence_++ << slot_bits) | slot;
        slots_[slot].key = key;
        ++live_;
        heap_.push_back(Entry{at.count_ns(), key});
        std::push_heap(heap_.begin(), heap_.end(), Later{});
        return EventId{key};
    }
    void release(std::uint32_t slot) {
        slots_[slot].key = 0;
        free_slots_.push_back(slot);
        --live_;
    }
    void pop() {
        std::pop_heap(heap_.begin(), heap_.end(), Later{});
        heap_.pop_back();
    }
    // Runs the earliest event if its time is <= limit; returns whether one ran.
    bool step(std::int64_t limit) {
        if (stale_ > 0) {
            drop_stale_top();
        }
        if (heap_.empty() || heap_.front().time > limit) {
            return false;
        }
        const Entry top = heap_.front();
        pop();
        // Move the callback out first: it may schedule events and grow the
        // slab. Its slot is free at once, so the events it schedules reuse a
        // slot that is still in the cache.
        const std::uint32_t slot = slot_of(top.key);
        Callback callback = std::move(slots_[slot].callback);
        release(slot);
        now_ = Time::ns(top.time);
        ++executed_;
        callback();
        return true;
    }
    [[noreturn]] void throw_past(Time at) const;
    [[noreturn]] void throw_full() const;
    void drop_stale_top();
    void compact();

    std::vector<Entry> heap_;  // earliest (time, sequence) on top
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> free_slots_;
    Time now_;
    std::uint64_t next_sequence_ = 1;  // keys are never 0
    std::uint64_t executed_ = 0;
    std::size_t live_ = 0;
    std::size_t stale_ = 0;
    bool stop_requested_ = false;
};

}  // namespace smtpsim::core
