#include "core/scheduler.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "core/random.hpp"

using smtpsim::core::EventId;
using smtpsim::core::RandomStream;
using smtpsim::core::Scheduler;
using smtpsim::core::SchedulingError;
using smtpsim::core::Time;

namespace {
struct Log {
    std::vector<std::pair<std::int64_t, std::string>> entries;
    void at(const Scheduler& s, std::string what) {
        entries.emplace_back(s.now().count_ns(), std::move(what));
    }
};

// A handle that names no pending event: not pending, and cancelling it does
// nothing (in particular, not to the event that now holds its slot).
void expect_cancels_nothing(Scheduler& s, EventId id) {
    EXPECT_FALSE(s.is_pending(id));
    EXPECT_FALSE(s.cancel(id));
}
}  // namespace

TEST(scheduler, runs_events_in_time_order) {
    Scheduler s;
    Log log;
    s.schedule_at(Time::ns(30), [&] { log.at(s, "c"); });
    s.schedule_at(Time::ns(10), [&] { log.at(s, "a"); });
    s.schedule_at(Time::ns(20), [&] { log.at(s, "b"); });
    s.run();
    using E = std::vector<std::pair<std::int64_t, std::string>>;
    EXPECT_EQ(log.entries, (E{{10, "a"}, {20, "b"}, {30, "c"}}));
    EXPECT_EQ(s.executed(), 3u);
    EXPECT_TRUE(s.empty());
}

TEST(scheduler, same_time_events_run_in_the_order_scheduled) {
    Scheduler s;
    std::string order;
    for (char c = 'a'; c <= 'z'; ++c) {
        s.schedule_at(Time::ns(5), [&order, c] { order += c; });
    }
    s.run();
    EXPECT_EQ(order, "abcdefghijklmnopqrstuvwxyz");
}

TEST(scheduler, events_scheduled_while_running_keep_fifo_ties) {
    Scheduler s;
    std::string order;
    s.schedule_at(Time::ns(5), [&] {
        order += 'a';
        s.schedule_after(Time::zero(), [&] { order += 'c'; });
    });
    s.schedule_at(Time::ns(5), [&] { order += 'b'; });
    s.run();
    EXPECT_EQ(order, "abc");
}

TEST(scheduler, cancel_removes_a_pending_event) {
    Scheduler s;
    std::string order;
    EventId b = s.schedule_at(Time::ns(2), [&] { order += 'b'; });
    s.schedule_at(Time::ns(1), [&] { order += 'a'; });
    s.schedule_at(Time::ns(3), [&] { order += 'c'; });
    EXPECT_TRUE(s.is_pending(b));
    EXPECT_TRUE(s.cancel(b));
    EXPECT_FALSE(s.is_pending(b));
    EXPECT_EQ(s.pending(), 2u);
    s.run();
    EXPECT_EQ(order, "ac");
}

TEST(scheduler, cancelling_twice_or_after_running_does_nothing) {
    Scheduler s;
    int runs = 0;
    EventId id = s.schedule_at(Time::ns(1), [&] { ++runs; });
    s.run();
    EXPECT_EQ(runs, 1);
    EXPECT_FALSE(s.cancel(id));  // already ran
    EventId other = s.schedule_after(Time::ns(1), [&] { ++runs; });
    EXPECT_TRUE(s.cancel(other));
    EXPECT_FALSE(s.cancel(other));      // twice
    EXPECT_FALSE(s.cancel(EventId{}));  // empty handle
    s.run();
    EXPECT_EQ(runs, 1);
}

TEST(scheduler, a_handle_this_scheduler_never_gave_out_cancels_nothing) {
    Scheduler other;
    for (int i = 0; i < 5; ++i) {  // sequence numbers 1 to 5, all in slot 0
        other.cancel(other.schedule_at(Time::ns(1), [] {}));
    }
    const EventId known_slot = other.schedule_at(Time::ns(1), [] {});  // slot 0, sequence 6
    EventId unknown_slot;
    for (int i = 0; i < 10; ++i) {
        unknown_slot = other.schedule_at(Time::ns(1), [] {});  // slots 1 to 10
    }
    Scheduler s;
    int runs = 0;
    for (int i = 0; i < 3; ++i) {  // slots 0 to 2, sequence numbers 1 to 3
        s.schedule_at(Time::ns(1), [&runs] { ++runs; });
    }
    expect_cancels_nothing(s, known_slot);
    expect_cancels_nothing(s, unknown_slot);
    EXPECT_EQ(s.pending(), 3u);
    s.run();
    EXPECT_EQ(runs, 3);
}

TEST(scheduler, a_stale_handle_does_not_cancel_the_slots_next_event) {
    Scheduler s;
    int runs = 0;
    EventId old = s.schedule_at(Time::ns(1), [&] { ++runs; });
    s.cancel(old);
    EventId fresh = s.schedule_at(Time::ns(2), [&] { ++runs; });  // reuses the slot
    EXPECT_FALSE(s.cancel(old));
    EXPECT_TRUE(s.is_pending(fresh));
    s.run();
    EXPECT_EQ(runs, 1);
}

TEST(scheduler, an_event_can_cancel_a_later_one) {
    Scheduler s;
    std::string order;
    EventId timeout;
    s.schedule_at(Time::ns(1), [&] {
        order += 'r';
        s.cancel(timeout);
    });
    timeout = s.schedule_at(Time::ns(9), [&] { order += 't'; });
    s.run();
    EXPECT_EQ(order, "r");
    EXPECT_EQ(s.now(), Time::ns(1));
}

TEST(scheduler, run_until_includes_an_event_exactly_at_the_stop_time) {
    Scheduler s;
    std::string order;
    s.schedule_at(Time::ns(10), [&] { order += 'a'; });
    s.schedule_at(Time::ns(20), [&] { order += 'b'; });
    s.schedule_at(Time::ns(21), [&] { order += 'c'; });
    EXPECT_FALSE(s.run_until(Time::ns(20)));
    EXPECT_EQ(order, "ab");
    EXPECT_EQ(s.now(), Time::ns(20));
    EXPECT_EQ(s.pending(), 1u);
    s.run_until(Time::ns(100));
    EXPECT_EQ(order, "abc");
    EXPECT_EQ(s.now(), Time::ns(100));  // advances to the bound even with nothing left
}

TEST(scheduler, stop_ends_the_run_after_the_current_event) {
    Scheduler s;
    std::string order;
    s.schedule_at(Time::ns(1), [&] {
        order += 'a';
        s.stop();
    });
    s.schedule_at(Time::ns(1), [&] { order += 'b'; });
    s.run();
    EXPECT_EQ(order, "a");
    EXPECT_EQ(s.pending(), 1u);
    s.run();
    EXPECT_EQ(order, "ab");
}

TEST(scheduler, scheduling_into_the_past_is_an_error) {
    Scheduler s;
    s.schedule_at(Time::ns(50), [] {});
    s.run();
    EXPECT_THROW(s.schedule_at(Time::ns(49), [] {}), SchedulingError);
    EXPECT_THROW(s.schedule_after(Time::ns(-1), [] {}), SchedulingError);
    EXPECT_THROW(s.run_until(Time::ns(10)), SchedulingError);
    EXPECT_NO_THROW(s.schedule_at(Time::ns(50), [] {}));
}

TEST(scheduler, many_cancellations_keep_order_after_compaction) {
    Scheduler s;
    std::vector<std::int64_t> ran;
    std::vector<EventId> ids;
    for (int i = 0; i < 10'000; ++i) {
        const std::int64_t t = (i * 7919) % 10'007;
        ids.push_back(
            s.schedule_at(Time::ns(t), [&ran, &s] { ran.push_back(s.now().count_ns()); }));
    }
    for (int i = 0; i < 10'000; i += 3) {
        s.cancel(ids[i]);
    }
    for (int i = 0; i < 10'000; i += 3) {
        s.cancel(ids[i]);  // twice: must not unbalance the counts
    }
    EXPECT_EQ(s.pending(), 10'000u - 3334u);
    s.run();
    EXPECT_EQ(ran.size(), 10'000u - 3334u);
    EXPECT_TRUE(std::is_sorted(ran.begin(), ran.end()));
}

TEST(scheduler, run_some_runs_batches_without_passing_the_limit) {
    Scheduler s;
    std::string order;
    for (int i = 1; i <= 5; ++i) {
        s.schedule_at(Time::ns(i * 10), [&order, i] { order += std::to_string(i); });
    }
    EXPECT_TRUE(s.run_some(Time::ns(40), 2));  // 10, 20: the budget ran out
    EXPECT_EQ(order, "12");
    EXPECT_EQ(s.now(), Time::ns(20));
    EXPECT_TRUE(s.run_some(Time::ns(40), 2));   // 30, 40
    EXPECT_FALSE(s.run_some(Time::ns(40), 2));  // nothing left at or before 40
    EXPECT_EQ(order, "1234");
    EXPECT_EQ(s.now(), Time::ns(40));  // not advanced to the limit
    EXPECT_FALSE(s.run_some(Time::max(), 10));
    EXPECT_EQ(order, "12345");
    EXPECT_TRUE(s.empty());
}

TEST(scheduler, an_event_at_the_end_of_time_is_an_error_not_a_loop) {
    // Saturated time arithmetic ends at Time::max(); an event there would be
    // followed by more at the same instant for ever.
    Scheduler s;
    s.schedule_at(Time::d(100'000), [] {});
    s.run();
    EXPECT_THROW(s.schedule_after(Time::d(100'000), [] {}), SchedulingError);
    EXPECT_THROW(s.schedule_at(Time::max(), [] {}), SchedulingError);
    EXPECT_NO_THROW(s.schedule_at(Time::max() - Time::ns(1), [] {}));
}

TEST(scheduler, same_time_events_keep_fifo_order_across_compactions) {
    // 30,000 events at ten instants, scheduled in shuffled time order; many
    // are cancelled, before and while the scheduler runs in small batches,
    // so that the heap is compacted several times.
    Scheduler s;
    std::mt19937_64 random(3);
    constexpr int count = 30'000;
    enum : char { pending, cancelled, done };
    std::vector<char> state(count, pending);
    std::vector<EventId> ids;
    std::vector<std::int64_t> times;
    std::vector<std::pair<std::int64_t, int>> ran;  // (time, scheduling order)
    auto cancel_some = [&](int tries) {
        for (int k = 0; k < tries; ++k) {
            const auto j = static_cast<std::size_t>(random() % ids.size());
            ASSERT_EQ(s.cancel(ids[j]), state[j] == pending) << "event " << j;
            if (state[j] == pending) {
                state[j] = cancelled;
            }
        }
    };
    auto run = [&](int i) {
        EXPECT_EQ(state[i], pending) << "event " << i;
        state[i] = done;
        ran.emplace_back(s.now().count_ns(), i);
    };
    for (int i = 0; i < count; ++i) {
        times.push_back(static_cast<std::int64_t>(100 + random() % 10));
        ids.push_back(s.schedule_at(Time::ns(times.back()), [&run, i] { run(i); }));
        if (i % 3 != 0) {
            cancel_some(1);
        }
    }
    while (s.run_some(Time::max(), 997)) {
        cancel_some(300);
    }
    EXPECT_TRUE(s.empty());
    EXPECT_EQ(std::count(state.begin(), state.end(), pending), 0);
    EXPECT_EQ(static_cast<std::size_t>(std::count(state.begin(), state.end(), done)), ran.size());
    EXPECT_GT(ran.size(), 1'000u);
    for (const auto& [time, i] : ran) {
        EXPECT_EQ(time, times[i]);
    }
    EXPECT_TRUE(std::is_sorted(ran.begin(), ran.end()));  // by time, then in the order scheduled
}

TEST(scheduler, a_handle_never_cancels_the_events_that_reuse_its_slot) {
    Scheduler s;
    int runs = 0;
    std::vector<EventId> old;
    EventId current = s.schedule_at(Time::ns(1), [&] { ++runs; });
    for (int round = 0; round < 100; ++round) {
        // Alternately cancelled and run: the next event takes the same slot.
        if (round % 2 == 0) {
            EXPECT_TRUE(s.cancel(current));
        } else {
            s.run();
        }
        old.push_back(current);
        current = s.schedule_after(Time::ns(1), [&] { ++runs; });
        for (const EventId id : old) {
            expect_cancels_nothing(s, id);
            EXPECT_NE(id, current);
        }
        EXPECT_TRUE(s.is_pending(current));
        EXPECT_EQ(s.pending(), 1u);
    }
    s.run();
    EXPECT_EQ(runs, 51);
}

TEST(scheduler, an_event_is_not_pending_while_it_runs) {
    Scheduler s;
    struct Seen {
        EventId self;
        bool pending = true;
        bool cancelled = true;
        std::size_t others = 0;
    } seen;
    seen.self = s.schedule_at(Time::ns(3), [&s, &seen] {
        seen.pending = s.is_pending(seen.self);
        seen.cancelled = s.cancel(seen.self);
        seen.others = s.pending();
    });
    s.schedule_at(Time::ns(4), [] {});
    s.run_until(Time::ns(3));
    EXPECT_FALSE(seen.pending);
    EXPECT_FALSE(seen.cancelled);
    EXPECT_EQ(seen.others, 1u);
    EXPECT_EQ(s.pending(), 1u);
}

TEST(scheduler, run_until_runs_what_events_at_the_bound_schedule_at_the_bound) {
    Scheduler s;
    std::string order;
    auto spawn = [&] {
        order += 'a';
        s.schedule_after(Time::zero(), [&] { order += 'b'; });  // at the bound, after c
        s.schedule_after(Time::ns(1), [&] { order += 'd'; });   // past the bound
    };
    s.schedule_at(Time::ns(10), [&spawn] { spawn(); });
    s.schedule_at(Time::ns(10), [&] { order += 'c'; });
    s.run_until(Time::ns(9));
    EXPECT_EQ(order, "");
    EXPECT_EQ(s.now(), Time::ns(9));
    s.run_until(Time::ns(10));
    EXPECT_EQ(order, "acb");
    EXPECT_EQ(s.now(), Time::ns(10));
    EXPECT_EQ(s.pending(), 1u);
    s.run_until(Time::ns(10));  // again at the same bound: nothing more
    EXPECT_EQ(order, "acb");
    s.run_until(Time::ns(11));
    EXPECT_EQ(order, "acbd");
}

TEST(scheduler, an_exception_from_an_event_leaves_the_rest_in_order) {
    Scheduler s;
    std::string order;
    s.schedule_at(Time::ns(1), [&] { order += 'a'; });
    s.schedule_at(Time::ns(2), [] { throw std::runtime_error("event failed"); });
    s.schedule_at(Time::ns(3), [&] { order += 'c'; });
    s.schedule_at(Time::ns(3), [&] { order += 'd'; });
    EXPECT_THROW(s.run(), std::runtime_error);
    EXPECT_EQ(s.now(), Time::ns(2));
    EXPECT_EQ(s.pending(), 2u);
    s.schedule_at(Time::ns(3), [&] { order += 'e'; });
    s.run();
    EXPECT_EQ(order, "acde");
}

namespace {

// The simplest correct scheduler: an ordered set of (time, sequence, id).
class ReferenceQueue {
  public:
    explicit ReferenceQueue(std::function<void(int)> on_run) : on_run_(std::move(on_run)) {}
    std::int64_t now() const { return now_; }
    std::size_t pending() const { return queue_.size(); }
    void schedule(std::int64_t at, int id) {
        const Entry e{at, sequence_++, id};
        queue_.insert(e);
        entries_[id] = e;
    }
    bool is_pending(int id) const {
        const auto it = entries_.find(id);
        return it != entries_.end() && queue_.contains(it->second);
    }
    bool cancel(int id) { return is_pending(id) && queue_.erase(entries_.at(id)) == 1; }
    void run_until(std::int64_t until) {
        run_some(until, UINT64_MAX);
        now_ = until;
    }
    bool run_some(std::int64_t until, std::uint64_t budget) {
        for (std::uint64_t ran = 0; ran < budget; ++ran) {
            if (queue_.empty() || std::get<0>(*queue_.begin()) > until) {
                return false;
            }
            const Entry e = *queue_.begin();
            queue_.erase(queue_.begin());
            now_ = std::get<0>(e);
            on_run_(std::get<2>(e));
        }
        return true;
    }

  private:
    using Entry = std::tuple<std::int64_t, std::uint64_t, int>;
    std::function<void(int)> on_run_;
    std::set<Entry> queue_;
    std::map<int, Entry> entries_;
    std::int64_t now_ = 0;
    std::uint64_t sequence_ = 0;
};

// The kernel behind the same interface.
class KernelQueue {
  public:
    explicit KernelQueue(std::function<void(int)> on_run) : on_run_(std::move(on_run)) {}
    std::int64_t now() const { return s_.now().count_ns(); }
    std::size_t pending() const { return s_.pending(); }
    void schedule(std::int64_t at, int id) {
        ids_.resize(std::max<std::size_t>(ids_.size(), static_cast<std::size_t>(id) + 1));
        ids_[id] = s_.schedule_at(Time::ns(at), [this, id] { on_run_(id); });
    }
    bool is_pending(int id) const { return s_.is_pending(ids_.at(id)); }
    bool cancel(int id) { return s_.cancel(ids_.at(id)); }
    void run_until(std::int64_t until) { s_.run_until(Time::ns(until)); }
    bool run_some(std::int64_t until, std::uint64_t budget) {
        return s_.run_some(Time::ns(until), budget);
    }

  private:
    std::function<void(int)> on_run_;
    Scheduler s_;
    std::vector<EventId> ids_;
};

// Drives a queue with random work: each event, seeded by its id, schedules
// up to two events (a third of them with no delay, many at equal times)
// and cancels or queries random earlier ones; between batches, the queue is
// refilled to `population` pending events and bulk cancellations trigger
// compactions. Returns everything observed.
template <typename Queue>
std::vector<std::int64_t> drive(std::uint64_t seed, int events, std::size_t population) {
    std::vector<std::int64_t> log;
    int next_id = 0;
    int ran = 0;
    Queue* queue = nullptr;
    auto delay = [](RandomStream& r) -> std::int64_t {
        const auto kind = r.next_u64() % 3;
        return kind == 0   ? 0
               : kind == 1 ? static_cast<std::int64_t>(r.next_u64() % 4)
                           : static_cast<std::int64_t>(r.next_u64() % 1'000);
    };
    // One of the last 3,000 events scheduled: most are still pending.
    auto recent = [&next_id](RandomStream& r) {
        return std::max(0, next_id - 1 - static_cast<int>(r.next_u64() % 3'000));
    };
    auto on_run = [&](int id) {
        RandomStream r(seed * 1'000'003 + static_cast<std::uint64_t>(id));
        log.insert(log.end(), {1, id, queue->now(), static_cast<std::int64_t>(queue->pending())});
        ++ran;
        for (auto n = r.next_u64() % 3; n > 0; --n) {
            queue->schedule(queue->now() + delay(r), next_id++);
        }
        if (r.next_u64() % 4 != 0) {
            const int victim = recent(r);
            log.insert(log.end(), {2, victim, queue->cancel(victim)});
        }
        if (r.next_u64() % 64 == 0) {  // a burst, to compact while an event runs
            for (int k = 0; k < 200; ++k) {
                const int victim = recent(r);
                log.insert(log.end(), {2, victim, queue->cancel(victim)});
            }
        }
        const int probe = static_cast<int>(r.next_u64() % static_cast<std::uint64_t>(next_id));
        log.insert(log.end(), {3, probe, queue->is_pending(probe)});
    };
    Queue q(on_run);
    queue = &q;
    RandomStream r(seed);
    while (ran < events) {
        while (q.pending() < population) {
            q.schedule(q.now() + delay(r), next_id++);
        }
        if (r.next_u64() % 4 == 0) {
            for (int k = 0; k < 3'000; ++k) {
                q.cancel(recent(r));
            }
        }
        if (r.next_u64() % 2 == 0) {
            q.run_until(q.now() + static_cast<std::int64_t>(r.next_u64() % 300));
        } else {
            const std::uint64_t budget = r.next_u64() % 500;
            log.insert(
                log.end(),
                {4, q.run_some(q.now() + static_cast<std::int64_t>(r.next_u64() % 300), budget)});
        }
        log.insert(log.end(), {5, q.now(), static_cast<std::int64_t>(q.pending())});
    }
    return log;
}

}  // namespace

namespace {
void expect_same_as_reference(std::uint64_t seed, int events, std::size_t population) {
    const auto expected = drive<ReferenceQueue>(seed, events, population);
    const auto actual = drive<KernelQueue>(seed, events, population);
    ASSERT_EQ(actual.size(), expected.size()) << "seed " << seed;
    const auto [a, e] = std::mismatch(actual.begin(), actual.end(), expected.begin());
    EXPECT_TRUE(a == actual.end())
        << "seed " << seed << ": first difference at log entry " << (a - actual.begin());
}
}  // namespace

TEST(scheduler, matches_a_reference_ordering_under_random_scheduling_and_cancelling) {
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
        expect_same_as_reference(seed, 60'000, 2'000);
    }
}

TEST(scheduler, matches_the_reference_with_a_hundred_thousand_events_pending) {
    // Past the first levels of the heap, where it prefetches, and through
    // several doublings of its storage; about a hundred events per instant.
    expect_same_as_reference(4, 300'000, 100'000);
}

TEST(scheduler, a_hundred_thousand_events_at_one_instant_run_in_the_order_scheduled) {
    Scheduler s;
    constexpr int count = 100'000;
    std::vector<int> ran;
    std::vector<EventId> ids;
    // Slots are reused out of order (cancelled events give theirs back), so
    // the order scheduled is not the order of the slots.
    for (int i = 0; i < count; ++i) {
        ids.push_back(s.schedule_at(Time::ns(7), [&ran, i] { ran.push_back(i); }));
        if (i % 5 == 4) {
            EXPECT_TRUE(s.cancel(ids[static_cast<std::size_t>(i - 2 - i % 3)]));
        }
    }
    EXPECT_EQ(s.pending(), static_cast<std::size_t>(count - count / 5));
    s.run();
    ASSERT_EQ(ran.size(), static_cast<std::size_t>(count - count / 5));
    EXPECT_TRUE(std::is_sorted(ran.begin(), ran.end()));
    EXPECT_TRUE(std::adjacent_find(ran.begin(), ran.end()) == ran.end());
}

TEST(scheduler, a_callback_that_fails_to_copy_leaves_nothing_scheduled) {
    struct Fragile {
        bool* fail;
        explicit Fragile(bool* f) : fail(f) {}
        Fragile(const Fragile& other) : fail(other.fail) {
            if (*fail) {
                throw std::runtime_error("copy failed");
            }
        }
        Fragile(Fragile&&) noexcept = default;
        void operator()() const {}
    };
    Scheduler s;
    bool fail = true;
    const Fragile callback(&fail);
    EXPECT_THROW(s.schedule_at(Time::ns(1), callback), std::runtime_error);
    EXPECT_TRUE(s.empty());
    fail = false;
    int runs = 0;
    const EventId id = s.schedule_at(Time::ns(2), [&runs] { ++runs; });
    s.schedule_at(Time::ns(3), callback);
    EXPECT_TRUE(s.is_pending(id));
    EXPECT_EQ(s.pending(), 2u);
    s.run();
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(s.executed(), 2u);
}

TEST(scheduler, next_time_is_the_earliest_pending_event_past_cancelled_ones) {
    Scheduler s;
    EXPECT_FALSE(s.next_time().has_value());
    const EventId first = s.schedule_at(Time::ns(10), [] {});
    s.schedule_at(Time::ns(30), [] {});
    EXPECT_EQ(s.next_time(), Time::ns(10));
    s.cancel(first);
    EXPECT_EQ(s.next_time(), Time::ns(30));
    EXPECT_EQ(s.pending(), 1u);
    s.run();
    EXPECT_FALSE(s.next_time().has_value());
}

namespace {
// An event that schedules itself again at no delay: it never lets time move.
struct Again {
    Scheduler* s;
    int* runs;
    void operator()() const {
        ++*runs;
        s->schedule_after(Time::zero(), Again{s, runs});
    }
};
}  // namespace

TEST(scheduler, stalls_at_an_instant_that_runs_more_events_than_its_limit) {
    Scheduler s;
    s.limit_events_at_one_instant(1000);
    int runs = 0;
    int later = 0;
    s.schedule_at(Time::s(1), [&later] { ++later; });
    s.schedule_at(Time::ms(5), Again{&s, &runs});
    s.run();
    EXPECT_TRUE(s.stalled());
    EXPECT_EQ(runs, 1000);
    EXPECT_EQ(s.now(), Time::ms(5));
    EXPECT_EQ(later, 0);
    EXPECT_EQ(s.pending(), 2u);            // the looping event stays, unrun
    EXPECT_TRUE(s.run_until(Time::s(2)));  // still stuck: it says so
    // Events at many instants never stall, however many there are.
    Scheduler t;
    t.limit_events_at_one_instant(10);
    int ticks = 0;
    struct Tick {
        Scheduler* t;
        int* ticks;
        void operator()() const {
            if (++*ticks < 100) {
                t->schedule_after(Time::ns(1), Tick{t, ticks});
            }
        }
    };
    t.schedule_at(Time::zero(), Tick{&t, &ticks});
    t.run();
    EXPECT_FALSE(t.stalled());
    EXPECT_EQ(ticks, 100);
    EXPECT_EQ(Scheduler::max_events_at_one_instant, 16'777'216u);
}
