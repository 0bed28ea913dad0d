#include "core/scheduler.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using smtpsim::core::EventId;
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
