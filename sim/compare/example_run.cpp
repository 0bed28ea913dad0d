// The example runs of a comparison's rows, and the check that each is the
// run the table counted.
#include "compare/example_run.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace smtpsim::compare {
namespace {

// The figures both the comparison's record and the example's result hold.
void check_same_run(const scenario::RunResult& example, const RunRecord& first_run,
                    const std::filesystem::path& out) {
    const RunMetrics& m = first_run.metrics;
    const trace::OutcomeTotals& t = example.totals;
    const bool same = t.injected == m.injected && t.recipients == m.recipients &&
                      t.delivered == m.delivered && t.returned == m.returned &&
                      t.unreturnable == m.unreturnable && t.in_flight == m.in_flight &&
                      example.events == m.events && example.sim_time.seconds() == m.sim_time_s &&
                      example.seed == first_run.seed && example.routing == first_run.routing;
    if (!same) {
        throw std::logic_error(
            "the example run in " + out.string() +
            " is not the run of the comparison with the same seed: " + std::to_string(t.delivered) +
            " delivered and " + std::to_string(example.events) + " events against " +
            std::to_string(m.delivered) + " and " + std::to_string(m.events));
    }
}

}  // namespace

std::vector<ExampleRow> example_rows(const Comparison& comparison) {
    std::vector<ExampleRow> rows;
    for (std::size_t point = 0; point < comparison.point_count(); ++point) {
        for (std::size_t t = 0; t < comparison.topologies().size(); ++t) {
            for (const mta::RoutingMode mode : comparison.routings()) {
                rows.push_back({point, t, mode});
            }
        }
    }
    return rows;
}

std::size_t first_run_index(const Comparison& comparison, const ExampleRow& row) {
    const auto& modes = comparison.routings();
    const auto mode = static_cast<std::size_t>(std::find(modes.begin(), modes.end(), row.routing) -
                                               modes.begin());
    // Comparison::run_at: index (case * modes + mode) * seeds + replication.
    const std::size_t topology_case = row.point * comparison.topologies().size() + row.topology;
    return (topology_case * modes.size() + mode) * comparison.spec().seeds;
}

scenario::RunResult run_example(const Comparison& comparison, const ExampleRow& row,
                                const core::OutputFolder& out, const RunRecord& first_run) {
    const TopologyCase& c = comparison.topology_case(row.point, row.topology);
    scenario::Scenario scenario = c.scenario;
    scenario.config.keep_mail_text = c.keep_mail_text;
    scenario::RunOptions options;
    options.seed = comparison.seed(0);
    options.routing = row.routing;
    options.out = out.path();
    options.out_folder = out;
    scenario::RunResult result = scenario::run_scenario(scenario, options);
    check_same_run(result, first_run, out.path());
    return result;
}

}  // namespace smtpsim::compare
