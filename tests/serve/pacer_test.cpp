// The real-time pacer on a wall clock the test moves by hand.
#include "serve/pacer.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace smtpsim;
using core::Time;
using serve::LagOptions;
using serve::LagPolicy;
using serve::Pacer;
using serve::WallTime;
using std::chrono::milliseconds;

namespace {

struct Clocked {
    WallTime wall{0};
    core::Scheduler scheduler;
    std::vector<std::pair<std::int64_t, std::int64_t>> ran;  // (simulated ms, wall ms)

    Pacer pacer(double speed, LagOptions lag) {
        return Pacer(speed, lag, [this] { return wall; });
    }
    void event_at(Time t) {
        scheduler.schedule_at(t, [this] {
            ran.emplace_back(scheduler.now().count_ns() / 1'000'000,
                             std::chrono::duration_cast<milliseconds>(wall).count());
        });
    }
};

}  // namespace

TEST(pacer, parses_the_lag_policies_and_refuses_anything_else) {
    EXPECT_EQ(serve::parse_lag("best-effort")->policy, LagPolicy::best_effort);
    EXPECT_EQ(serve::parse_lag("strict")->policy, LagPolicy::strict);
    EXPECT_EQ(serve::parse_lag("hard=250")->hard_limit, milliseconds(250));
    for (const char* bad : {"", "hard", "hard=", "hard=0", "hard=-1", "hard=+5", "hard=1x",
                            "Strict", "hard=99999999999"}) {
        EXPECT_FALSE(serve::parse_lag(bad).has_value()) << bad;
    }
    EXPECT_EQ(serve::lag_name(*serve::parse_lag("hard=7")), "hard=7");
}

TEST(pacer, simulated_time_follows_the_wall_clock_times_the_speed) {
    Clocked c;
    Pacer pacer = c.pacer(10, {});
    c.event_at(Time::s(5));  // due at wall 0.5 s
    pacer.start(Time::zero());
    c.wall = milliseconds(400);
    pacer.advance(c.scheduler, std::nullopt);
    EXPECT_TRUE(c.ran.empty());
    EXPECT_EQ(c.scheduler.now(), Time::s(4));  // what comes in now is stamped 4 s
    EXPECT_EQ(pacer.due(Time::s(5)), milliseconds(500));
    c.wall = milliseconds(500);
    pacer.advance(c.scheduler, std::nullopt);
    EXPECT_EQ(c.ran, (std::vector<std::pair<std::int64_t, std::int64_t>>{{5000, 500}}));
    EXPECT_EQ(pacer.statistics().events, 1u);
    EXPECT_EQ(pacer.statistics().late, 0u);
}

TEST(pacer, best_effort_runs_late_events_back_to_back_and_counts_them) {
    Clocked c;
    Pacer pacer = c.pacer(1, {});
    c.event_at(Time::s(1));
    c.event_at(Time::s(2));
    c.event_at(Time::s(3));
    pacer.start(Time::zero());
    c.wall = milliseconds(2500);  // the first two are late by 1.5 s and 0.5 s
    pacer.advance(c.scheduler, std::nullopt);
    EXPECT_EQ(c.ran.size(), 2u);
    EXPECT_EQ(pacer.statistics().late, 2u);
    EXPECT_DOUBLE_EQ(pacer.statistics().max_ms, 1500);
    EXPECT_DOUBLE_EQ(pacer.statistics().mean_ms(), 1000);
    EXPECT_EQ(c.scheduler.now(), Time::ms(2500));
}

TEST(pacer, strict_holds_the_simulated_clock_back_instead_of_catching_up) {
    Clocked c;
    Pacer pacer = c.pacer(1, {LagPolicy::strict, WallTime{0}});
    c.event_at(Time::s(1));
    c.event_at(Time::s(2));
    pacer.start(Time::zero());
    c.wall = milliseconds(2500);  // 1.5 s late: the clock slides by 1.5 s
    pacer.advance(c.scheduler, std::nullopt);
    EXPECT_EQ(c.ran.size(), 1u);  // the second is now due at wall 3.5 s
    EXPECT_EQ(c.scheduler.now(), Time::s(1));
    EXPECT_EQ(pacer.due(Time::s(2)), milliseconds(3500));
    EXPECT_DOUBLE_EQ(pacer.statistics().behind_s, 1.5);
    c.wall = milliseconds(3500);
    pacer.advance(c.scheduler, std::nullopt);
    EXPECT_EQ(c.ran.size(), 2u);
    EXPECT_EQ(pacer.statistics().late, 1u);
}

TEST(pacer, hard_stops_once_an_event_is_later_than_its_limit) {
    Clocked c;
    Pacer pacer = c.pacer(1, {LagPolicy::hard, milliseconds(100)});
    c.event_at(Time::s(1));
    c.event_at(Time::s(2));
    pacer.start(Time::zero());
    c.wall = milliseconds(1050);  // 50 ms late: within the limit
    pacer.advance(c.scheduler, std::nullopt);
    EXPECT_EQ(c.ran.size(), 1u);
    c.wall = milliseconds(2150);
    EXPECT_THROW(pacer.advance(c.scheduler, std::nullopt), serve::LagExceeded);
    EXPECT_EQ(c.ran.size(), 1u);  // the late event did not run
}

TEST(pacer, never_runs_past_the_stop_time) {
    Clocked c;
    Pacer pacer = c.pacer(1, {});
    c.event_at(Time::s(1));
    c.event_at(Time::s(3));
    pacer.start(Time::zero());
    c.wall = milliseconds(5000);
    pacer.advance(c.scheduler, Time::s(2));
    EXPECT_EQ(c.ran.size(), 1u);
    EXPECT_EQ(c.scheduler.now(), Time::s(2));
}
