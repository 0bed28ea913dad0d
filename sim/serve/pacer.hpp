// Real time for a simulation: simulated time follows a wall clock scaled by
// a speed (10: ten simulated seconds per wall second). Events are run when
// the wall clock reaches them; how late each one ran is measured, and what
// happens when they fall behind is the lag policy's:
//   best-effort  late events run back to back until the simulation has
//                caught up with the wall clock;
//   strict       a late event holds the simulated clock back by its
//                lateness: simulated time then runs behind the wall clock,
//                and events keep their simulated spacing instead of being
//                run back to back (summary: how far behind it fell);
//   hard=MS      an event more than MS milliseconds late ends the run with
//                an error (as ns-3's real-time hard limit).
// The wall clock is given, so that tests can drive it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/scheduler.hpp"
#include "core/time.hpp"

namespace smtpsim::serve {

using WallTime = std::chrono::nanoseconds;  // on a monotonic clock

enum class LagPolicy { best_effort, strict, hard };

struct LagOptions {
    LagPolicy policy = LagPolicy::best_effort;
    WallTime hard_limit{0};  // for LagPolicy::hard
};

// "best-effort", "strict", "hard=MS" (MS a whole number, at least 1); nothing
// for anything else.
std::optional<LagOptions> parse_lag(std::string_view text);
std::string lag_name(const LagOptions& lag);

// An event ran later than --lag hard=MS allows.
class LagExceeded : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct LagStatistics {
    std::uint64_t events = 0;  // events run
    std::uint64_t late = 0;    // of them, more than late_threshold late
    double total_ms = 0;       // of every event's lateness
    double max_ms = 0;
    double behind_s = 0;  // strict: how far simulated time fell behind in all
    double mean_ms() const { return events == 0 ? 0.0 : total_ms / static_cast<double>(events); }
};

class Pacer {
  public:
    // An event counts as late when it runs more than this after its time.
    static constexpr WallTime late_threshold = std::chrono::milliseconds(1);

    // `speed` > 0; `wall` reads the monotonic wall clock.
    Pacer(double speed, LagOptions lag, std::function<WallTime()> wall);

    // Simulated time `sim` is now on the wall clock.
    void start(core::Time sim);
    // The simulated instant the wall clock says it is (never before `floor`).
    core::Time sim_now(core::Time floor) const;
    // When, on the wall clock, simulated time `t` is due.
    WallTime due(core::Time t) const;

    // Runs every event the wall clock has reached (and none after `stop`),
    // measuring how late each ran, then brings the scheduler's clock to the
    // wall clock's instant, so that what comes from outside now is stamped
    // no earlier than the simulation's current instant. Throws LagExceeded.
    void advance(core::Scheduler& scheduler, std::optional<core::Time> stop);

    const LagStatistics& statistics() const { return stats_; }
    // For summary.json and the periodic report.
    nlohmann::ordered_json summary() const;
    double speed() const { return speed_; }

  private:
    void record(WallTime late, std::uint64_t events);

    double speed_;
    LagOptions lag_;
    std::function<WallTime()> wall_;
    WallTime wall_start_{0};
    core::Time sim_start_;
    LagStatistics stats_;
};

}  // namespace smtpsim::serve
