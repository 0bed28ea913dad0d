// A comparison's results as tables: one row per run (runs.csv), one row per
// topology and routing mode with means and 95% confidence intervals
// (table.csv, table.md), per-host load (hosts.csv) and the pooled latency
// distribution (latency.csv), which tools/plot_compare.py draws.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "compare/comparison.hpp"
#include "compare/interval.hpp"

namespace smtpsim::compare {

// What values a metric can take, which its intervals respect.
enum class Bounds {
    proportion,    // of a run's recipients, in [0, 1]: Wilson's interval (compare/interval.hpp)
    fraction,      // another share in [0, 1]: Student's t cut to [0, 1]
    non_negative,  // a latency, a count, bytes: Student's t cut at 0
};

// A metric of the summary table: its CSV column, its heading, the decimals
// table.md shows, how a run gives it, and its bounds.
struct TableMetric {
    std::string key;
    std::string heading;
    int decimals;
    std::function<double(const RunMetrics&)> value;
    Bounds bounds = Bounds::non_negative;
};
// Depends on the spec for the "delivered within" deadlines.
std::vector<TableMetric> table_metrics(const ComparisonSpec& spec);

// One topology in one routing mode at one grid point, over its seeds.
struct VariantSummary {
    std::size_t point = 0;
    std::size_t topology = 0;
    mta::RoutingMode routing = mta::RoutingMode::next_hop;
    std::vector<Estimate> estimates;  // in table_metrics() order
    // Seed by seed minus the baseline's run with the same seed, in the same order.
    std::vector<Estimate> differences;
    std::size_t baseline = 0;  // the baseline's index in the summary
};
// In the order of the records (topology, then mode).
std::vector<VariantSummary> summarize(const Comparison& comparison,
                                      const std::vector<RunRecord>& records);

std::string runs_csv(const Comparison& comparison, const std::vector<RunRecord>& records);
std::string table_csv(const Comparison& comparison, const std::vector<VariantSummary>& summary);
std::string table_markdown(const Comparison& comparison,
                           const std::vector<VariantSummary>& summary);

}  // namespace smtpsim::compare
