// A count with its noun in printed text: "1 session", "2 sessions".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace smtpsim::core {

// `plural` defaults to `singular` + "s" ("retry", "retries" needs it given).
inline std::string count_of(std::uint64_t n, std::string_view singular,
                            std::string_view plural = {}) {
    std::string text = std::to_string(n) + ' ';
    if (n == 1) {
        return text.append(singular);
    }
    return plural.empty() ? text.append(singular).append("s") : text.append(plural);
}

}  // namespace smtpsim::core
