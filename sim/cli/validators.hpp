// CLI11 validators for smtpsim's options: numbers read exactly (no sign
// wrapping round, no clamping), paths that are not empty, and the "did you
// mean" hint for a misspelt subcommand or option.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace smtpsim::cli {

// A whole number in [min, max] written in decimal digits only: "-1",
// "+5", " 7", "1e3" and anything beyond max are refused (CLI11's own
// conversion of unsigned types accepts "-1" as 2^64 - 1 and clamps values
// beyond 2^64 - 1).
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);

// A path option that must name something: "" is refused (it would fall back
// to a default folder silently).
extern const CLI::Validator non_empty_path;

// A routing mode's name: one of mta::routing_mode_names, or "shortest", the
// old name of "source".
CLI::Validator routing_mode_name();

// For a parse error: what the user most likely meant, when an argument is a
// near miss of a subcommand ("rn": run) or of an option of the subcommand it
// follows ("--rouing": --routing); nothing when no argument looks misspelt.
std::optional<std::string> typo_hint(const CLI::App& app, int argc, const char* const* argv);

}  // namespace smtpsim::cli
