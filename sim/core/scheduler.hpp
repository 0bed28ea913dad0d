// The discrete-event scheduler: events ordered by (time, sequence number),
// cancellable by handle, with no heap allocation per event in the steady state.
#pragma once

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
    constexpr bool empty() const { return generation_ == 0; }
    constexpr bool operator==(const EventId&) const = default;

private:
    friend class Scheduler;
    constexpr EventId(std::uint32_t slot, std::uint32_t generation)
        : slot_(slot), generation_(generation) {}
    std::uint32_t slot_ = 0;
    std::uint32_t generation_ = 0;  // 0 is never a live generation
};

// Thrown when an event is scheduled before now(): a bug in the caller, never reordered.
class SchedulingError : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

class Scheduler {
public:
    using Callback = InplaceFunction<void(), 48>;

    Time now() const { return now_; }

    // Schedules `callback` at absolute time `at` (>= now()).
    EventId schedule_at(Time at, Callback callback);
    // Schedules `callback` after `delay` (>= 0) from now().
    EventId schedule_after(Time delay, Callback callback) {
        return schedule_at(now_ + delay, std::move(callback));
    }

    // Cancels a pending event; returns whether it was pending.
    bool cancel(EventId id);
    // Whether the event is still waiting to run.
    bool is_pending(EventId id) const;

    // Runs until no events remain or stop() is called.
    void run();
    // Runs every event with time <= `until`, then advances now() to `until`
    // (unless stop() was called first). Returns whether stop() ended it.
    bool run_until(Time until);
    // Ends run()/run_until() after the event that is executing now.
    void stop() { stop_requested_ = true; }

    std::size_t pending() const { return live_; }
    std::uint64_t executed() const { return executed_; }
    bool empty() const { return live_ == 0; }

private:
    struct Entry {
        std::int64_t time;
        std::uint64_t sequence;
        std::uint32_t slot;
        std::uint32_t generation;
    };
    struct Slot {
        Callback callback;
        std::uint32_t generation = 1;
        bool in_use = false;
    };

    static bool before(const Entry& a, const Entry& b) {
        return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
    }
    bool stale(const Entry& e) const {
        const Slot& s = slots_[e.slot];
        return !s.in_use || s.generation != e.generation;
    }
    void release(std::uint32_t slot);
    void push(const Entry& e);
    void pop();
    void sift_down(std::size_t hole, Entry e);
    void drop_stale_top();
    void compact();
    bool step(std::int64_t limit);

    std::vector<Entry> heap_;  // a 4-ary min-heap by (time, sequence)
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> free_slots_;
    Time now_;
    std::uint64_t next_sequence_ = 0;
    std::uint64_t executed_ = 0;
    std::size_t live_ = 0;
    std::size_t stale_ = 0;
    bool stop_requested_ = false;
};

}  // namespace smtpsim::core
