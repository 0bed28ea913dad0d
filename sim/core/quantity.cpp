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

constexpr std::int64_t max_quantity = std::numeric_limits<std::int64_t>::max();

// "<digits>[.<digits>]<unit>" taken apart; either run of digits may be empty, not both.
struct QuantityParts {
    std::string_view whole_digits;
    std::string_view fraction_digits;
    std::string_view unit_name;
};

[[noreturn]] void fail(std::string_view text, const QuantityKind& kind, std::string_view why) {
    throw QuantityError("invalid " + std::string(kind.noun) + " \"" + std::string(text) +
                        "\": " + std::string(why));
}

// The digits at the start of `text`.
std::string_view leading_digits(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
    }
    return text.substr(0, i);
}

QuantityParts split_quantity(std::string_view text, const QuantityKind& kind) {
    const std::string example = "\"" + std::string(kind.example) + "\"";
    if (text.empty()) {
        fail(text, kind, "empty; expected a number and a unit such as " + example);
    }
    if (text[0] == '-') {
        fail(text, kind, "negative " + std::string(kind.noun) + "s are not allowed");
    }
    if (text[0] == '+') {
        fail(text, kind, "expected a digit at the start");
    }
    QuantityParts parts;
    parts.whole_digits = leading_digits(text);
    std::size_t i = parts.whole_digits.size();
    if (i < text.size() && text[i] == '.') {
        parts.fraction_digits = leading_digits(text.substr(i + 1));
        if (parts.fraction_digits.empty()) {
            fail(text, kind, "expected digits after the decimal point");
        }
        i += 1 + parts.fraction_digits.size();
    }
    if (parts.whole_digits.empty() && parts.fraction_digits.empty()) {
        fail(text, kind, "expected a number at the start, such as " + example);
    }
    parts.unit_name = text.substr(i);
    if (parts.unit_name.empty()) {
        fail(text, kind, "missing unit; expected one of " + std::string(kind.unit_names));
    }
    return parts;
}

const QuantityUnit& find_unit(std::string_view text, const QuantityKind& kind,
                              std::string_view unit_name) {
    const QuantityUnit* unit = nullptr;
    for (const QuantityUnit& u : kind.units) {
        if (u.name == unit_name) {
            unit = &u;
        }
    }
    if (unit == nullptr) {
        fail(text, kind,
             "unknown unit \"" + std::string(unit_name) + "\"; expected one of " +
                 std::string(kind.unit_names));
    }
    return *unit;
}

// The whole digits in the smallest unit.
std::int64_t scaled_whole(std::string_view text, const QuantityKind& kind, std::string_view digits,
                          const QuantityUnit& unit) {
    std::int64_t whole = 0;
    for (char c : digits) {
        const int digit = c - '0';
        if (whole > (max_quantity - digit) / 10) {
            fail(text, kind, kind.too_large);
        }
        whole = whole * 10 + digit;
    }
    if (whole > max_quantity / unit.scale) {
        fail(text, kind, kind.too_large);
    }
    return whole * unit.scale;
}

// `total` plus the fraction: each digit is worth scale/10^k of the smallest
// unit, which must stay whole.
std::int64_t add_fraction(std::string_view text, const QuantityKind& kind, std::string_view digits,
                          const QuantityUnit& unit, std::int64_t total) {
    std::int64_t place = unit.scale;
    for (char c : digits) {
        const int digit = c - '0';
        if (place % 10 != 0) {
            if (digit != 0) {
                fail(text, kind, kind.too_fine);
            }
            continue;
        }
        place /= 10;
        const std::int64_t add = digit * place;
        if (total > max_quantity - add) {
            fail(text, kind, kind.too_large);
        }
        total += add;
    }
    return total;
}

}  // namespace

std::int64_t parse_quantity(std::string_view text, const QuantityKind& kind) {
    const QuantityParts parts = split_quantity(text, kind);
    const QuantityUnit& unit = find_unit(text, kind, parts.unit_name);
    const std::int64_t whole = scaled_whole(text, kind, parts.whole_digits, unit);
    return add_fraction(text, kind, parts.fraction_digits, unit, whole);
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
