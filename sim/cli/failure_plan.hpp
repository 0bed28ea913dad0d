// A scenario's failure plan as the report shows it on its time axis: kinds,
// times and host names, with a few words on what each entry does.
#pragma once

#include <vector>

#include "report/run_model.hpp"
#include "scenario/scenario.hpp"

namespace smtpsim::cli {

std::vector<report::PlannedFailure> planned_failures(const scenario::Scenario& scenario);

}  // namespace smtpsim::cli
