// Rate and size units on top of core::parse_quantity.
#include "net/units.hpp"

#include <array>

namespace smtpsim::net {
namespace {

constexpr std::array<core::QuantityUnit, 4> rate_units{
    {{"bit/s", 1}, {"kbit/s", 1'000}, {"Mbit/s", 1'000'000}, {"Gbit/s", 1'000'000'000}}};

constexpr std::array<core::QuantityUnit, 7> size_units{{{"B", 1},
                                                        {"kB", 1'000},
                                                        {"KiB", 1'024},
                                                        {"MB", 1'000'000},
                                                        {"MiB", 1'048'576},
                                                        {"GB", 1'000'000'000},
                                                        {"GiB", 1'073'741'824}}};

constexpr core::QuantityKind rate_kind{"rate",
                                       "56kbit/s",
                                       rate_units,
                                       "bit/s, kbit/s, Mbit/s, Gbit/s",
                                       "too large a rate",
                                       "finer than 1 bit/s"};

constexpr core::QuantityKind size_kind{"size",
                                       "10MB",
                                       size_units,
                                       "B, kB, MB, GB, KiB, MiB, GiB",
                                       "too large a size",
                                       "not a whole number of bytes"};

}  // namespace

std::uint64_t parse_rate(std::string_view text) {
    return static_cast<std::uint64_t>(core::parse_quantity(text, rate_kind));
}

std::string format_rate(std::uint64_t bits_per_second) {
    return core::format_quantity(static_cast<std::int64_t>(bits_per_second), rate_units, "0bit/s");
}

std::uint64_t parse_size(std::string_view text) {
    return static_cast<std::uint64_t>(core::parse_quantity(text, size_kind));
}

std::string format_size(std::uint64_t bytes) {
    return core::format_quantity(static_cast<std::int64_t>(bytes), size_units, "0B");
}

}  // namespace smtpsim::net
