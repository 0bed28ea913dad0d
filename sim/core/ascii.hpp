// ASCII case folding, the one place it is written: host names, mailboxes,
// list names and SMTP verbs compare without regard to case (RFC 821 2, 4.1.2),
// and a case-insensitive hash lets tables find a name without copying it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace smtpsim::core {

constexpr char to_upper_ascii(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

constexpr char to_lower_ascii(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
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

// `text` starts with `prefix`, ignoring case.
constexpr bool istarts_with(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// Hash and equality that ignore ASCII case, for unordered containers keyed by
// names; both are transparent, so a std::string_view finds a std::string key
// without a copy.
struct IHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
        std::uint64_t h = 14695981039346656037ULL;  // FNV-1a
        for (const char c : text) {
            h = (h ^ static_cast<unsigned char>(to_upper_ascii(c))) * 1099511628211ULL;
        }
        return static_cast<std::size_t>(h);
    }
};

struct IEqual {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const noexcept { return iequals(a, b); }
};

}  // namespace smtpsim::core
