// Sweeps of a comparison: scenario settings (JSON pointers) that take several
// values, combined into a grid; each grid point is the scenario with those
// values written in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compare/comparison.hpp"

namespace smtpsim::compare {

// "PATH=V1,V2,...", as --set takes it. Throws core::InputError naming --set
// when PATH is not a JSON pointer or is a setting other options make (/seed,
// /routing, /topology), or when a value is empty or given twice (as JSON:
// 1 and 1.0 are one value).
Sweep parse_sweep(const std::string& text);

// Throws core::InputError naming --set when two sweeps set the same setting,
// or one a part of the other's.
void check_sweeps(const std::vector<Sweep>& sweeps);

// The number of grid points; nothing when it is more than 2^64.
std::optional<std::uint64_t> grid_points(const std::vector<Sweep>& sweeps);

// Points of the grid: the product of the sweeps' value counts (1 without sweeps).
std::size_t grid_size(const std::vector<Sweep>& sweeps);
// The values at a point; the last sweep varies fastest.
std::vector<std::string> grid_values(const std::vector<Sweep>& sweeps, std::size_t point);
// The tables' column for each sweep (Comparison::sweep_columns).
std::vector<std::string> sweep_columns(const std::vector<Sweep>& sweeps);

// The scenario file's text with each sweep's pointer set to its value at
// `point`. Throws core::InputError naming --set when a pointer leads nowhere in
// the file (a member that is not there before the last part, an element
// beyond its array, a part inside a number or a string).
std::string swept_scenario(const std::string& file, const std::vector<Sweep>& sweeps,
                           std::size_t point);

}  // namespace smtpsim::compare
