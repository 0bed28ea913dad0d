// SHA-256 (FIPS 180-4), for the hashes a report's Content-Security-Policy
// names its own scripts by.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace smtpsim::core {

// The 32-byte SHA-256 digest of `bytes`.
std::array<std::uint8_t, 32> sha256(std::string_view bytes);

}  // namespace smtpsim::core
