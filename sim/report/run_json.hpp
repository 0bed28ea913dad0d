// The run model as the page's data: one JSON object of columns (an array per
// field, texts as indexes into one string table), so that a run of 100,000
// sessions stays a few megabytes and loads with one JSON.parse.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/run_model.hpp"
#include "report/topology_svg.hpp"

namespace smtpsim::report {

nlohmann::json run_data(const RunModel& model, const TopologyLinks& links,
                        const std::optional<std::vector<PlannedFailure>>& failure_plan);

}  // namespace smtpsim::report
