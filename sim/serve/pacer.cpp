// Simulated time paced by the wall clock, and the lag it measures.
#include "serve/pacer.hpp"

#include <charconv>
#include <cmath>

namespace smtpsim::serve {

std::optional<LagOptions> parse_lag(std::string_view text) {
    if (text == "best-effort") {
        return LagOptions{LagPolicy::best_effort, WallTime{0}};
    }
    if (text == "strict") {
        return LagOptions{LagPolicy::strict, WallTime{0}};
    }
    constexpr std::string_view hard = "hard=";
    if (!text.starts_with(hard)) {
        return std::nullopt;
    }
    const std::string_view digits = text.substr(hard.size());
    std::uint32_t ms = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || ms == 0 ||
        digits.front() == '+') {
        return std::nullopt;
    }
    return LagOptions{LagPolicy::hard, std::chrono::milliseconds(ms)};
}

std::string lag_name(const LagOptions& lag) {
    switch (lag.policy) {
        case LagPolicy::best_effort:
            return "best-effort";
        case LagPolicy::strict:
            return "strict";
        case LagPolicy::hard:
            return "hard=" + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                lag.hard_limit)
                                                .count());
    }
    return "best-effort";
}

Pacer::Pacer(double speed, LagOptions lag, std::function<WallTime()> wall)
    : speed_(speed), lag_(lag), wall_(std::move(wall)) {
    if (!(speed > 0) || !std::isfinite(speed)) {
        throw std::invalid_argument("the speed must be positive");
    }
}

void Pacer::start(core::Time sim) {
    wall_start_ = wall_();
    sim_start_ = sim;
}

core::Time Pacer::sim_now(core::Time floor) const {
    const long double wall = static_cast<long double>((wall_() - wall_start_).count());
    const long double sim = static_cast<long double>(sim_start_.count_ns()) + wall * speed_;
    // Far beyond any run (292 years): held below the end of simulated time.
    const long double last = static_cast<long double>(core::Time::max().count_ns() - 1);
    const core::Time now = core::Time::ns(static_cast<std::int64_t>(std::min(sim, last)));
    return std::max(now, floor);
}

WallTime Pacer::due(core::Time t) const {
    const long double sim = static_cast<long double>((t - sim_start_).count_ns());
    const long double wall = static_cast<long double>(wall_start_.count()) + sim / speed_;
    const long double last = static_cast<long double>(WallTime::max().count() / 2);
    return WallTime{static_cast<std::int64_t>(std::min(wall, last))};
}

void Pacer::record(WallTime late, std::uint64_t events) {
    const double ms = std::chrono::duration<double, std::milli>(late).count();
    stats_.events += events;
    stats_.total_ms += ms * static_cast<double>(events);
    stats_.max_ms = std::max(stats_.max_ms, ms);
    if (late > late_threshold) {
        stats_.late += events;
    }
}

void Pacer::advance(core::Scheduler& scheduler, std::optional<core::Time> stop) {
    const core::Time end = stop.value_or(core::Time::max());
    for (;;) {
        const std::optional<core::Time> next = scheduler.next_time();
        const core::Time target = std::min(sim_now(scheduler.now()), end);
        if (!next || *next > target) {
            break;
        }
        const WallTime late = std::max(WallTime{0}, wall_() - due(*next));
        if (lag_.policy == LagPolicy::hard && late > lag_.hard_limit) {
            throw LagExceeded(
                "an event due at simulated time " + core::format_seconds(*next) + "s ran " +
                std::to_string(
                    std::chrono::duration_cast<std::chrono::milliseconds>(late).count()) +
                " ms late, more than --lag " + lag_name(lag_) + " allows");
        }
        if (lag_.policy == LagPolicy::strict && late > WallTime{0}) {
            // The clock is held back: this event is on time, and so are
            // those after it, spaced as simulated time spaces them.
            wall_start_ += late;
            stats_.behind_s += std::chrono::duration<double>(late).count();
        }
        const std::uint64_t before = scheduler.executed();
        scheduler.run_until(*next);  // every event of that instant
        record(late, scheduler.executed() - before);
    }
    const core::Time reached = std::min(sim_now(scheduler.now()), end);
    if (reached > scheduler.now()) {
        scheduler.run_until(reached);
    }
}

nlohmann::ordered_json Pacer::summary() const {
    nlohmann::ordered_json j;
    j["speed"] = speed_;
    j["lag_policy"] = lag_name(lag_);
    j["events"] = stats_.events;
    j["late_events"] = stats_.late;
    j["late_threshold_ms"] = std::chrono::duration<double, std::milli>(late_threshold).count();
    j["lag_mean_ms"] = stats_.mean_ms();
    j["lag_max_ms"] = stats_.max_ms;
    if (lag_.policy == LagPolicy::strict) {
        j["behind_s"] = stats_.behind_s;
    }
    return j;
}

}  // namespace smtpsim::serve
