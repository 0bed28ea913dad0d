// summary.json: a run's figures as the run statistics give them.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "mta/config.hpp"
#include "trace/routing_trace.hpp"
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

// The "distance_vector" part of summary.json: the protocol's options, its
// update traffic (not SMTP, so apart from the SMTP figures), the convergence
// after the start and after each topology change, and the mail the hop
// limit stopped.
nlohmann::ordered_json routing_summary(const mta::DistanceVectorOptions& options,
                                       std::uint32_t hop_limit,
                                       const trace::RoutingStatistics& stats);

}  // namespace smtpsim::scenario
