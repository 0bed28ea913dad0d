// Duration parsing and printing for simulated time.
#include "core/time.hpp"

#include "core/quantity.hpp"

#include <array>
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

std::string format_duration(Time t) {
    return format_quantity(t.count_ns(), units, "0s");
}

std::string format_seconds(Time t) {
    std::int64_t n = t.count_ns();
    const bool negative = n < 0;
    if (negative) {
        n = -n;
    }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s%lld.%09lld", negative ? "-" : "",
                  static_cast<long long>(n / 1'000'000'000),
                  static_cast<long long>(n % 1'000'000'000));
    return buf;
}

}  // namespace smtpsim::core
