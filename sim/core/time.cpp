// Duration parsing and printing for simulated time.
#include "core/time.hpp"

#include <array>
#include <cstdio>
#include <limits>

namespace smtpsim::core {
namespace {

struct Unit {
    std::string_view name;
    std::int64_t ns;
};

// A unit is matched as the whole suffix after the number.
constexpr std::array<Unit, 7> units{{{"ns", 1},
                                     {"us", 1'000},
                                     {"ms", 1'000'000},
                                     {"s", 1'000'000'000},
                                     {"min", 60'000'000'000},
                                     {"h", 3'600'000'000'000},
                                     {"d", 86'400'000'000'000}}};

[[noreturn]] void fail(std::string_view text, std::string_view why) {
    throw DurationError("invalid duration \"" + std::string(text) + "\": " + std::string(why));
}

__extension__ using wide = __int128;  // exact remainders times ten

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

Time parse_duration(std::string_view text) {
    if (text.empty()) {
        fail(text, "empty; expected a number and a unit such as \"250ms\"");
    }
    std::size_t i = 0;
    if (text[0] == '-') {
        fail(text, "negative durations are not allowed");
    }
    if (text[0] == '+') {
        fail(text, "expected a digit at the start");
    }
    const std::size_t int_begin = i;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
    }
    std::string_view int_digits = text.substr(int_begin, i - int_begin);
    std::string_view frac_digits;
    if (i < text.size() && text[i] == '.') {
        ++i;
        const std::size_t frac_begin = i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
        }
        frac_digits = text.substr(frac_begin, i - frac_begin);
        if (frac_digits.empty()) {
            fail(text, "expected digits after the decimal point");
        }
    }
    if (int_digits.empty() && frac_digits.empty()) {
        fail(text, "expected a number at the start, such as \"250ms\"");
    }
    const std::string_view unit_name = text.substr(i);
    if (unit_name.empty()) {
        fail(text, "missing unit; expected one of ns, us, ms, s, min, h, d");
    }
    const Unit* unit = nullptr;
    for (const Unit& u : units) {
        if (u.name == unit_name) {
            unit = &u;
        }
    }
    if (unit == nullptr) {
        fail(text, "unknown unit \"" + std::string(unit_name) +
                       "\"; expected one of ns, us, ms, s, min, h, d");
    }

    constexpr std::int64_t limit = std::numeric_limits<std::int64_t>::max();
    std::int64_t whole = 0;
    for (char c : int_digits) {
        const int digit = c - '0';
        if (whole > (limit - digit) / 10) {
            fail(text, "too large for simulated time (at most about 292 years)");
        }
        whole = whole * 10 + digit;
    }
    if (whole > limit / unit->ns) {
        fail(text, "too large for simulated time (at most about 292 years)");
    }
    std::int64_t total = whole * unit->ns;

    // The fraction: each digit is worth unit/10^k nanoseconds, which must stay whole.
    std::int64_t place = unit->ns;
    for (char c : frac_digits) {
        const int digit = c - '0';
        if (place % 10 != 0) {
            if (digit != 0) {
                fail(text, "finer than the 1ns resolution of simulated time");
            }
            continue;
        }
        place /= 10;
        const std::int64_t add = digit * place;
        if (total > limit - add) {
            fail(text, "too large for simulated time (at most about 292 years)");
        }
        total += add;
    }
    return Time::ns(total);
}

std::string format_duration(Time t) {
    std::int64_t n = t.count_ns();
    std::string sign;
    if (n < 0) {
        sign = "-";
        n = -n;
    }
    if (n == 0) {
        return "0s";
    }
    // Every unit no larger than the value gives an exact candidate when its
    // fraction is a finite decimal; the shortest wins, the larger unit on ties.
    std::string best;
    for (auto it = units.rbegin(); it != units.rend(); ++it) {
        if (n < it->ns) {
            continue;
        }
        std::string text = std::to_string(n / it->ns);
        wide rem = n % it->ns;
        if (rem != 0) {
            std::string frac;
            for (int k = 0; k < 12 && rem != 0; ++k) {
                rem *= 10;
                frac += static_cast<char>('0' + static_cast<int>(rem / it->ns));
                rem %= it->ns;
            }
            if (rem != 0) {
                continue;  // not a finite decimal in this unit (thirds of a minute)
            }
            text += "." + frac;
        }
        text += it->name;
        if (best.empty() || text.size() < best.size()) {
            best = std::move(text);
        }
    }
    return sign + best;
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
