// A run's folder read into a RunModel: summary.json (required), then the
// trace: events.jsonl when it is there (sessions, lines, hops, outcomes),
// else hops.jsonl and outcomes.jsonl (no sessions then: the run was made with
// --no-events).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "report/run_model.hpp"

namespace smtpsim::report {

// The run's summary.json, an object. Throws core::InputError when it does not read.
nlohmann::json read_summary(const std::filesystem::path& dir);

// `hosts`: the topology's host names, in its order (they come first in the model).
// Throws core::InputError naming the file and line of anything unreadable,
// and naming the option of a --mail or --host that the run does not have.
RunModel read_run(const std::filesystem::path& dir, const std::vector<std::string>& hosts,
                  const DetailPolicy& policy);

}  // namespace smtpsim::report
