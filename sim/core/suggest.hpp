// "Did you mean": the name of a set that is nearest to a misspelt one, for
// messages about unknown fields, options and subcommands.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace smtpsim::core {

// Levenshtein distance, ignoring ASCII case.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, when it is a near miss (at most two edits
// away); the first of equals wins.
template <class Range>
std::optional<std::string> nearest(std::string_view word, const Range& candidates) {
    std::optional<std::string> best;
    std::size_t best_distance = 3;  // suggest only near misses
    for (const auto& candidate : candidates) {
        const std::string_view name(candidate);
        if (const std::size_t d = edit_distance(word, name); d < best_distance) {
            best_distance = d;
            best = std::string(name);
        }
    }
    return best;
}

}  // namespace smtpsim::core
