// Exact parsing of "<number><unit>" quantities (durations, rates, sizes): a
// non-negative decimal number with an optional fraction and a unit suffix,
// scaled to a whole count of the smallest unit.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace smtpsim::core {

struct QuantityUnit {
    std::string_view name;  // matched as the whole suffix after the number
    std::int64_t scale;     // how many of the smallest unit one of it is
};

// What a kind of quantity is called and how its errors read.
struct QuantityKind {
    std::string_view noun;     // "duration": "invalid duration \"5x\": ..."
    std::string_view example;  // "250ms"
    std::span<const QuantityUnit> units;
    std::string_view unit_names;  // "ns, us, ms, s, min, h, d"
    std::string_view too_large;   // "too large for simulated time (at most about 292 years)"
    std::string_view too_fine;    // "finer than the 1ns resolution of simulated time"
};

class QuantityError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

// The value in the smallest unit; it must be whole and fit in 63 bits.
// Throws QuantityError with a message a person understands.
std::int64_t parse_quantity(std::string_view text, const QuantityKind& kind);

// The shortest exact text that parse_quantity reads back to the same value,
// with the largest unit that keeps it short ("250ms", "1.5s", "56kbit/s");
// `units` in increasing scale; `zero` is the text for 0 ("0s").
std::string format_quantity(std::int64_t value, std::span<const QuantityUnit> units,
                            std::string_view zero);

}  // namespace smtpsim::core
