// The cells every comparison table shares: numbers and text as CSV cells, and
// the keys of a row (topology, routing mode, swept values).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compare/comparison.hpp"

namespace smtpsim::compare::detail {

// NaN (a metric the run cannot have) is an empty cell.
std::string csv_number(double x, int digits = 10);
// Quoted when it holds a comma, a quote or a line break.
std::string csv_text(std::string_view text);

// "topology,routing" and a column per sweep.
std::string key_header(const Comparison& comparison);
std::string key_cells(const Comparison& comparison, std::size_t point, std::size_t topology,
                      mta::RoutingMode routing);

// The records of one grid point, topology and mode: consecutive, seeds in order.
template <typename F>
void for_each_variant(const Comparison& comparison, const std::vector<RunRecord>& records, F&& f) {
    const std::size_t seeds = comparison.spec().seeds;
    for (std::size_t start = 0; start + seeds <= records.size(); start += seeds) {
        f(std::span<const RunRecord>(records.data() + start, seeds));
    }
}

}  // namespace smtpsim::compare::detail
