// Duration parsing and printing for simulated time.
#include "core/time.hpp"

#include "core/quantity.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace smtpsim::core {
namespace {

// A unit is matched as the whole suffix after the number.
constexpr std::array<QuantityUnit, 7> units{{{"ns", 1},
                                             {"us", 1'000},
                                             {"ms", 1'000'000},
                                             {"s", 1'000'000'000},
                                             {"min", 60'000'000'000},
                                             {"h", 3'600'000'000'000},
                                             {"d", 86'400'000'000'000}}};

}  // namespace

Time parse_duration(std::string_view text) {
    static constexpr QuantityKind kind{"duration",
                                       "250ms",
                                       units,
                                       "ns, us, ms, s, min, h, d",
                                       "too large for simulated time (at most about 292 years)",
                                       "finer than the 1ns resolution of simulated time"};
    try {
        return Time::ns(parse_quantity(text, kind));
    } catch (const QuantityError& e) {
        throw DurationError(e.what());
    }
}

Time Time::scaled(double factor) const {
    const double ns = static_cast<double>(ns_) * factor;
    if (std::isnan(ns)) {
        return zero();
    }
    // 2^63 is the first double beyond the range; every double below it converts exactly.
    if (ns >= 0x1p63) {
        return max();
    }
    if (ns <= -0x1p63) {
        return lowest();
    }
    return Time{std::llround(ns)};
}

std::string format_duration(Time t) {
    return format_quantity(t.count_ns(), units, "0s");
}

std::string format_seconds(Time t) {
    const bool negative = t.count_ns() < 0;
    // The magnitude as unsigned: -lowest() does not fit in 64 signed bits.
    const std::uint64_t n = negative ? 0 - static_cast<std::uint64_t>(t.count_ns())
                                     : static_cast<std::uint64_t>(t.count_ns());
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s%llu.%09llu", negative ? "-" : "",
                  static_cast<unsigned long long>(n / 1'000'000'000),
                  static_cast<unsigned long long>(n % 1'000'000'000));
    return buf;
}

}  // namespace smtpsim::core
