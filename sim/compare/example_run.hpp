// A row's example run: the run of the row's first seed made again with every
// file `smtpsim run` writes (transcript, events, hops, outcomes, summary,
// delivered mail), so that a comparison's report can link each row of its
// table to the report of that very run.
#pragma once

#include <cstddef>
#include <filesystem>
#include <vector>

#include "compare/comparison.hpp"
#include "core/output_folder.hpp"
#include "scenario/run.hpp"

namespace smtpsim::compare {

// A row of the comparison's table: one grid point, topology and mode.
struct ExampleRow {
    std::size_t point = 0;
    std::size_t topology = 0;
    mta::RoutingMode routing = mta::RoutingMode::next_hop;
};

// Every row, in the table's order (point, then topology, then mode).
std::vector<ExampleRow> example_rows(const Comparison& comparison);

// Where the run of the row's first seed is among Comparison::run's records.
std::size_t first_run_index(const Comparison& comparison, const ExampleRow& row);

// Runs the row's first seed again, writing its files into `out` as
// scenario::run_scenario does (files of an earlier run there that this one
// does not write are removed). The same scenario, seed and mode make the same
// run (determinism): its counts, events and end time are checked against
// `first_run`, that run's record in the comparison, and a difference throws
// std::logic_error. Throws core::InputError when `out` cannot be used.
scenario::RunResult run_example(const Comparison& comparison, const ExampleRow& row,
                                const core::OutputFolder& out, const RunRecord& first_run);

}  // namespace smtpsim::compare
