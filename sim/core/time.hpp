// Simulated time: a signed count of nanoseconds in a strong type, and the
// parsing and printing of durations with units ("250ms", "1.5s", "4d").
#pragma once

#include <compare>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace smtpsim::core {

// One type serves for instants (nanoseconds since the start of the run) and
// for durations, as ns-3's Time does; both are exact integers.
class Time {
  public:
    constexpr Time() = default;
    static constexpr Time ns(std::int64_t n) { return Time{n}; }
    static constexpr Time us(std::int64_t n) { return Time{n * 1'000}; }
    static constexpr Time ms(std::int64_t n) { return Time{n * 1'000'000}; }
    static constexpr Time s(std::int64_t n) { return Time{n * 1'000'000'000}; }
    static constexpr Time min(std::int64_t n) { return s(n * 60); }
    static constexpr Time h(std::int64_t n) { return s(n * 3600); }
    static constexpr Time d(std::int64_t n) { return s(n * 86400); }
    static constexpr Time zero() { return Time{0}; }
    static constexpr Time max() { return Time{INT64_MAX}; }

    constexpr std::int64_t count_ns() const { return ns_; }
    constexpr double seconds() const { return static_cast<double>(ns_) / 1e9; }

    constexpr auto operator<=>(const Time&) const = default;
    constexpr Time operator+(Time o) const { return Time{ns_ + o.ns_}; }
    constexpr Time operator-(Time o) const { return Time{ns_ - o.ns_}; }
    constexpr Time& operator+=(Time o) {
        ns_ += o.ns_;
        return *this;
    }
    constexpr Time& operator-=(Time o) {
        ns_ -= o.ns_;
        return *this;
    }
    constexpr Time operator*(std::int64_t k) const { return Time{ns_ * k}; }

  private:
    constexpr explicit Time(std::int64_t n) : ns_(n) {}
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
