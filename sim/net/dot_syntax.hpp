// A check of DOT text before Boost's read_graphviz reads it: the same tokens
// and grammar, so that a syntax error gets its line and column (Boost's
// messages have none), nesting too deep for Boost's recursive parser is
// refused, and so are edge statements between subgraphs that would expand
// to more links than a topology may have.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace smtpsim::net {

// Subgraphs ("{ ... }", "subgraph S { ... }") nest at most this deep.
inline constexpr std::size_t max_dot_depth = 64;
// An edge statement between subgraphs makes a link from every member of one
// to every member of the other; a file may make at most this many links.
inline constexpr std::size_t max_dot_links = 2'000'000;

// Throws core::InputError naming `source` and the line:column of the first
// problem (also a byte that is not UTF-8 text). What passes is a graph
// Boost's read_graphviz (1.74) parses.
void check_dot_syntax(std::string_view text, const std::string& source);

}  // namespace smtpsim::net
