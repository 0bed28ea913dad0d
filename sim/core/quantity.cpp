// Quantity parsing shared by durations (core/time) and rates and sizes (net/units).
#include "core/quantity.hpp"

#include <limits>
#include <string>

namespace smtpsim::core {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

__extension__ using wide = __int128;  // exact remainders times ten

}  // namespace

std::int64_t parse_quantity(std::string_view text, const QuantityKind& kind) {
    const auto fail = [&](std::string_view why) {
        throw QuantityError("invalid " + std::string(kind.noun) + " \"" + std::string(text) +
                            "\": " + std::string(why));
    };
    const std::string example = "\"" + std::string(kind.example) + "\"";
    if (text.empty()) {
        fail("empty; expected a number and a unit such as " + example);
    }
    if (text[0] == '-') {
        fail("negative " + std::string(kind.noun) + "s are not allowed");
    }
    if (text[0] == '+') {
        fail("expected a digit at the start");
    }
    std::size_t i = 0;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
    }
    const std::string_view int_digits = text.substr(0, i);
    std::string_view frac_digits;
    if (i < text.size() && text[i] == '.') {
        ++i;
        const std::size_t frac_begin = i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
        }
        frac_digits = text.substr(frac_begin, i - frac_begin);
        if (frac_digits.empty()) {
            fail("expected digits after the decimal point");
        }
    }
    if (int_digits.empty() && frac_digits.empty()) {
        fail("expected a number at the start, such as " + example);
    }
    const std::string_view unit_name = text.substr(i);
    if (unit_name.empty()) {
        fail("missing unit; expected one of " + std::string(kind.unit_names));
    }
    const QuantityUnit* unit = nullptr;
    for (const QuantityUnit& u : kind.units) {
        if (u.name == unit_name) {
            unit = &u;
        }
    }
    if (unit == nullptr) {
        fail("unknown unit \"" + std::string(unit_name) + "\"; expected one of " +
             std::string(kind.unit_names));
    }

    constexpr std::int64_t limit = std::numeric_limits<std::int64_t>::max();
    std::int64_t whole = 0;
    for (char c : int_digits) {
        const int digit = c - '0';
        if (whole > (limit - digit) / 10) {
            fail(kind.too_large);
        }
        whole = whole * 10 + digit;
    }
    if (whole > limit / unit->scale) {
        fail(kind.too_large);
    }
    std::int64_t total = whole * unit->scale;

    // The fraction: each digit is worth scale/10^k of the smallest unit, which must stay whole.
    std::int64_t place = unit->scale;
    for (char c : frac_digits) {
        const int digit = c - '0';
        if (place % 10 != 0) {
            if (digit != 0) {
                fail(kind.too_fine);
            }
            continue;
        }
        place /= 10;
        const std::int64_t add = digit * place;
        if (total > limit - add) {
            fail(kind.too_large);
        }
        total += add;
    }
    return total;
}

std::string format_quantity(std::int64_t value, std::span<const QuantityUnit> units,
                            std::string_view zero) {
    // The magnitude in 128 bits: -INT64_MIN does not fit in 64.
    wide n = value;
    std::string sign;
    if (n < 0) {
        sign = "-";
        n = -n;
    }
    if (n == 0) {
        return std::string(zero);
    }
    // Every unit no larger than the value gives an exact candidate when its
    // fraction is a finite decimal; the shortest wins, the larger unit on ties.
    std::string best;
    for (auto it = units.rbegin(); it != units.rend(); ++it) {
        if (n < it->scale) {
            continue;
        }
        std::string text = std::to_string(static_cast<std::uint64_t>(n / it->scale));
        wide rem = n % it->scale;
        if (rem != 0) {
            std::string frac;
            for (int k = 0; k < 12 && rem != 0; ++k) {
                rem *= 10;
                frac += static_cast<char>('0' + static_cast<int>(rem / it->scale));
                rem %= it->scale;
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

}  // namespace smtpsim::core
