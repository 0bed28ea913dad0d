// The event scheduler: a 4-ary heap of small entries pointing into a slab of
// callbacks; cancelled entries are dropped lazily and compacted in bulk.
#include "core/scheduler.hpp"

#include <algorithm>

namespace smtpsim::core {

namespace {
constexpr std::size_t arity = 4;
}

EventId Scheduler::schedule_at(Time at, Callback callback) {
    if (at < now_) {
        throw SchedulingError("event scheduled at " + format_seconds(at) + "s, before now (" +
                              format_seconds(now_) + "s)");
    }
    std::uint32_t slot;
    if (!free_slots_.empty()) {
        slot = free_slots_.back();
        free_slots_.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(slots_.size());
        slots_.emplace_back();
    }
    Slot& s = slots_[slot];
    s.callback = std::move(callback);
    s.in_use = true;
    ++live_;
    push(Entry{at.count_ns(), next_sequence_++, slot, s.generation});
    return EventId{slot, s.generation};
}

bool Scheduler::is_pending(EventId id) const {
    if (id.empty() || id.slot_ >= slots_.size()) {
        return false;
    }
    const Slot& s = slots_[id.slot_];
    return s.in_use && s.generation == id.generation_;
}

bool Scheduler::cancel(EventId id) {
    if (!is_pending(id)) {
        return false;
    }
    slots_[id.slot_].callback.reset();
    release(id.slot_);
    ++stale_;
    if (stale_ > 1024 && stale_ > live_) {
        compact();
    }
    return true;
}

void Scheduler::release(std::uint32_t slot) {
    Slot& s = slots_[slot];
    s.in_use = false;
    if (++s.generation == 0) {
        s.generation = 1;  // 0 marks the empty handle
    }
    free_slots_.push_back(slot);
    --live_;
}

void Scheduler::push(const Entry& e) {
    std::size_t hole = heap_.size();
    heap_.push_back(e);
    while (hole > 0) {
        const std::size_t parent = (hole - 1) / arity;
        if (!before(e, heap_[parent])) {
            break;
        }
        heap_[hole] = heap_[parent];
        hole = parent;
    }
    heap_[hole] = e;
}

void Scheduler::sift_down(std::size_t hole, Entry e) {
    const std::size_t n = heap_.size();
    for (;;) {
        const std::size_t first = hole * arity + 1;
        if (first >= n) {
            break;
        }
        std::size_t best = first;
        const std::size_t last = std::min(first + arity, n);
        for (std::size_t c = first + 1; c < last; ++c) {
            if (before(heap_[c], heap_[best])) {
                best = c;
            }
        }
        if (!before(heap_[best], e)) {
            break;
        }
        heap_[hole] = heap_[best];
        hole = best;
    }
    heap_[hole] = e;
}

void Scheduler::pop() {
    const Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) {
        sift_down(0, last);
    }
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
    if (heap_.size() > 1) {
        for (std::size_t i = (heap_.size() - 2) / arity + 1; i-- > 0;) {
            sift_down(i, heap_[i]);
        }
    }
}

// Runs the earliest event if its time is <= limit; returns whether one ran.
bool Scheduler::step(std::int64_t limit) {
    drop_stale_top();
    if (heap_.empty() || heap_.front().time > limit) {
        return false;
    }
    const Entry top = heap_.front();
    pop();
    // Move the callback out first: it may schedule events and grow the slab.
    Callback callback = std::move(slots_[top.slot].callback);
    release(top.slot);
    now_ = Time::ns(top.time);
    ++executed_;
    callback();
    return true;
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

}  // namespace smtpsim::core
