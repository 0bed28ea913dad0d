// Link rates ("56kbit/s") and storage sizes ("10MB", "2GiB") as exact integers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/quantity.hpp"

namespace smtpsim::net {

// bit/s, kbit/s, Mbit/s, Gbit/s (decimal: 1 kbit/s = 1000 bit/s), with an
// optional fraction that must come to whole bits per second ("1.5Mbit/s").
// Throws core::QuantityError. Zero is accepted here; callers decide.
std::uint64_t parse_rate(std::string_view text);
std::string format_rate(std::uint64_t bits_per_second);

// B, kB, MB, GB (decimal) and KiB, MiB, GiB (binary), whole bytes.
std::uint64_t parse_size(std::string_view text);
std::string format_size(std::uint64_t bytes);

}  // namespace smtpsim::net
