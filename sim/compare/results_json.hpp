// The whole comparison as one JSON document (results.json): what was run
// (scenario, command, version, topologies, modes, seeds, swept values) and
// every run's metrics, per host and per link, for pandas or R to read.
#pragma once

#include <string>
#include <vector>

#include "compare/comparison.hpp"

namespace smtpsim::compare {

// `command`: the command line that makes the files again.
std::string results_json(const Comparison& comparison, const std::vector<RunRecord>& records,
                         const std::string& command);

}  // namespace smtpsim::compare
