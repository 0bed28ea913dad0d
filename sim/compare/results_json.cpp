// results.json: a comparison's structure and every run, as plain JSON.
#include "compare/results_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "compare/tables.hpp"
#include "core/version.hpp"

namespace smtpsim::compare {
namespace {

using Json = nlohmann::ordered_json;

// NaN (a metric the run cannot have) is null.
Json number(double x) {
    return std::isnan(x) ? Json(nullptr) : Json(x);
}

Json setup(const Comparison& comparison, const std::string& command) {
    Json j;
    j["scenario"] = comparison.scenario_name();
    j["scenario_file"] = comparison.spec().scenario_file;
    j["command"] = command;
    j["version"] = std::string(smtpsim::version);
    j["seeds"] = Json::array();
    for (std::uint32_t k = 0; k < comparison.spec().seeds; ++k) {
        j["seeds"].push_back(comparison.seed(k));
    }
    j["routings"] = Json::array();
    for (mta::RoutingMode mode : comparison.routings()) {
        j["routings"].push_back(std::string(mta::routing_mode_name(mode)));
    }
    j["topologies"] = Json::array();
    for (const TopologyCase& t : comparison.topologies()) {
        j["topologies"].push_back({{"label", t.label}, {"file", t.file}});
    }
    j["sweeps"] = Json::array();
    for (std::size_t i = 0; i < comparison.spec().sweeps.size(); ++i) {
        const Sweep& s = comparison.spec().sweeps[i];
        j["sweeps"].push_back({{"pointer", s.pointer},
                               {"column", comparison.sweep_columns()[i]},
                               {"values", s.values}});
    }
    if (const auto& outage = comparison.spec().busiest_relay_down) {
        j["busiest_relay_down"] = {{"at_s", outage->at.seconds()},
                                   {"for_s", outage->duration.seconds()}};
    }
    j["baseline"] = comparison.baseline_text();
    return j;
}

Json run_json(const Comparison& comparison, const RunRecord& r,
              const std::vector<TableMetric>& metrics) {
    Json j;
    j["topology"] = comparison.topologies()[r.topology].label;
    j["routing"] = std::string(mta::routing_mode_name(r.routing));
    const std::vector<std::string> values = comparison.point_values(r.point);
    for (std::size_t i = 0; i < values.size(); ++i) {
        j[comparison.sweep_columns()[i]] = values[i];
    }
    j["seed"] = r.seed;
    j["failed_host"] = comparison.topology_case(r.point, r.topology).failed_host;
    const RunMetrics& m = r.metrics;
    j["injected"] = m.injected;
    j["recipients"] = m.recipients;
    j["delivered"] = m.delivered;
    j["returned"] = m.returned;
    j["unreturnable"] = m.unreturnable;
    j["in_flight"] = m.in_flight;
    for (const TableMetric& metric : metrics) {
        j[metric.key] = number(metric.value(m));
    }
    j["busiest_link"] = m.busiest_link;
    j["busiest_host"] = m.busiest_host;
    j["sim_time_s"] = m.sim_time_s;
    j["hop_counts"] = r.hop_counts;
    j["hosts"] = Json::array();
    for (const HostLoad& h : r.hosts) {
        j["hosts"].push_back({{"host", h.host},
                              {"sessions", h.sessions},
                              {"bytes", h.bytes},
                              {"accepted", h.accepted},
                              {"peak_queue", h.peak_queue}});
    }
    j["links"] = Json::array();
    for (const LinkLoad& l : r.links) {
        j["links"].push_back({{"link", l.link}, {"utilisation", number(l.utilisation)}});
    }
    return j;
}

}  // namespace

std::string results_json(const Comparison& comparison, const std::vector<RunRecord>& records,
                         const std::string& command) {
    Json j = setup(comparison, command);
    const std::vector<TableMetric> metrics = table_metrics(comparison.spec());
    j["runs"] = Json::array();
    for (const RunRecord& r : records) {
        j["runs"].push_back(run_json(comparison, r, metrics));
    }
    return j.dump(1) + "\n";
}

}  // namespace smtpsim::compare
