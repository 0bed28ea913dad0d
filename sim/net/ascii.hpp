// Case-insensitive ASCII comparison for host names, mailboxes and list names
// (RFC 821 3.7 and 4.1.2: domains are case-insensitive; see HostProps for mailboxes).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace smtpsim::net {

constexpr char to_upper_ascii(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
}

inline std::string to_upper_ascii(std::string_view text) {
    std::string upper(text);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](char c) { return to_upper_ascii(c); });
    return upper;
}

constexpr bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return to_upper_ascii(x) == to_upper_ascii(y);
           });
}

// Case-insensitive "less": the order host names are ranked in for tie-breaking.
constexpr bool iless(std::string_view a, std::string_view b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return to_upper_ascii(x) < to_upper_ascii(y);
    });
}

}  // namespace smtpsim::net
