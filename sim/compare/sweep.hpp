// Sweeps of a comparison: scenario settings (JSON pointers) that take several
// values, combined into a grid; each grid point is the scenario with those
// values written in.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "compare/comparison.hpp"

namespace smtpsim::compare {

// "PATH=V1,V2,...", as --set takes it. Throws core::InputError naming --set.
Sweep parse_sweep(const std::string& text);

// Points of the grid: the product of the sweeps' value counts (1 without sweeps).
std::size_t grid_size(const std::vector<Sweep>& sweeps);
// The values at a point; the last sweep varies fastest.
std::vector<std::string> grid_values(const std::vector<Sweep>& sweeps, std::size_t point);
// The tables' column for each sweep (Comparison::sweep_columns).
std::vector<std::string> sweep_columns(const std::vector<Sweep>& sweeps);

// The scenario file's text with each sweep's pointer set to its value at
// `point`. Throws core::InputError when a pointer leads nowhere in the file.
std::string swept_scenario(const std::string& file, const std::vector<Sweep>& sweeps,
                           std::size_t point);

}  // namespace smtpsim::compare
