// summary.json: a run's figures as the run statistics give them.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "mta/config.hpp"
#include "trace/statistics.hpp"

namespace smtpsim::scenario {

struct RunFacts {
    std::string scenario;
    std::uint64_t seed = 0;
    const mta::SimulationConfig* config = nullptr;
    core::Time sim_time;
    std::uint64_t events = 0;
};

nlohmann::ordered_json make_summary(const RunFacts& facts, const trace::RunStatistics& stats);

}  // namespace smtpsim::scenario
