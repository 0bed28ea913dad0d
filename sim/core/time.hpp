// Simulated time: a signed count of nanoseconds in a strong type, with
// arithmetic that cannot overflow silently, and the parsing and printing of
// durations with units ("250ms", "1.5s", "4d").
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace smtpsim::core {

// Thrown where a time cannot be represented and saturating would hide a
// mistake: a unit factory given a count beyond about 292 years.
class TimeOverflow : public std::overflow_error {
  public:
    using std::overflow_error::overflow_error;
};

// One type serves for instants (nanoseconds since the start of the run) and
// for durations, as ns-3's Time does; both are exact integers.
//
// Overflow, operation by operation:
// - the unit factories (ns() .. d()) throw TimeOverflow: their argument is a
//   number a program chose, and a wrong one is a bug to report;
// - +, -, += and -= saturate at max() and lowest(): an instant past the end of
//   representable time stays there ("never"), and a sum of durations never
//   wraps round to a negative one;
// - * by a count and scaled() by a factor saturate likewise (a negative
//   factor saturates towards lowest());
// - checked_add(), checked_sub() and checked_mul() give nothing on overflow,
//   for a loader that must refuse the value and name the field.
// Comparisons are exact. Loaders keep every time a scenario sets well inside
// the range (scenario::time_limit), so saturation is a safety net.
class Time {
  public:
    constexpr Time() = default;
    static constexpr Time ns(std::int64_t n) { return Time{n}; }
    static constexpr Time us(std::int64_t n) { return unit(n, 1'000, "us"); }
    static constexpr Time ms(std::int64_t n) { return unit(n, 1'000'000, "ms"); }
    static constexpr Time s(std::int64_t n) { return unit(n, 1'000'000'000, "s"); }
    static constexpr Time min(std::int64_t n) { return unit(n, 60'000'000'000, "min"); }
    static constexpr Time h(std::int64_t n) { return unit(n, 3'600'000'000'000, "h"); }
    static constexpr Time d(std::int64_t n) { return unit(n, 86'400'000'000'000, "d"); }
    static constexpr Time zero() { return Time{0}; }
    static constexpr Time max() { return Time{std::numeric_limits<std::int64_t>::max()}; }
    static constexpr Time lowest() { return Time{std::numeric_limits<std::int64_t>::min()}; }

    constexpr std::int64_t count_ns() const { return ns_; }
    constexpr double seconds() const { return static_cast<double>(ns_) / 1e9; }

    constexpr auto operator<=>(const Time&) const = default;

    // Saturating (see above).
    constexpr Time operator+(Time o) const {
        std::int64_t r = 0;
        return __builtin_add_overflow(ns_, o.ns_, &r) ? (o.ns_ > 0 ? max() : lowest()) : Time{r};
    }
    constexpr Time operator-(Time o) const {
        std::int64_t r = 0;
        return __builtin_sub_overflow(ns_, o.ns_, &r) ? (o.ns_ < 0 ? max() : lowest()) : Time{r};
    }
    constexpr Time& operator+=(Time o) { return *this = *this + o; }
    constexpr Time& operator-=(Time o) { return *this = *this - o; }
    constexpr Time operator*(std::int64_t k) const {
        std::int64_t r = 0;
        return __builtin_mul_overflow(ns_, k, &r) ? ((ns_ < 0) != (k < 0) ? lowest() : max())
                                                  : Time{r};
    }
    // This time times `factor`, rounded to the nearest nanosecond; saturating,
    // and zero for a factor that is not a number.
    Time scaled(double factor) const;

    // Exact, or nothing on overflow.
    static constexpr std::optional<Time> checked_add(Time a, Time b) {
        std::int64_t r = 0;
        return __builtin_add_overflow(a.ns_, b.ns_, &r) ? std::nullopt : std::optional{Time{r}};
    }
    static constexpr std::optional<Time> checked_sub(Time a, Time b) {
        std::int64_t r = 0;
        return __builtin_sub_overflow(a.ns_, b.ns_, &r) ? std::nullopt : std::optional{Time{r}};
    }
    static constexpr std::optional<Time> checked_mul(Time a, std::int64_t k) {
        std::int64_t r = 0;
        return __builtin_mul_overflow(a.ns_, k, &r) ? std::nullopt : std::optional{Time{r}};
    }

  private:
    constexpr explicit Time(std::int64_t n) : ns_(n) {}
    static constexpr Time unit(std::int64_t n, std::int64_t ns_per_unit, const char* name) {
        std::int64_t r = 0;
        if (__builtin_mul_overflow(n, ns_per_unit, &r)) {
            throw TimeOverflow(std::to_string(n) + name +
                               " is beyond simulated time (at most about 292 years)");
        }
        return Time{r};
    }
    std::int64_t ns_ = 0;
};

// Thrown by parse_duration with a message a person understands.
class DurationError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

// Parses "<number><unit>": a non-negative decimal number (digits, optionally a
// fraction) followed by one of ns, us, ms, s, min, h, d. The value must be a
// whole number of nanoseconds and fit in 64 bits. Throws DurationError.
Time parse_duration(std::string_view text);

// The shortest exact text that parse_duration reads back to the same value,
// using the largest unit that keeps it short: "250ms", "1.5s", "4d", "0s".
std::string format_duration(Time t);

// Seconds with nine decimals ("12.000250000"), for trace lines that diff cleanly.
std::string format_seconds(Time t);

}  // namespace smtpsim::core
