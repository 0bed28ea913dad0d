// The comparison's tables. Numbers are written with fixed precision and in
// the order of the records, so that the files depend only on the results.
#include "compare/tables.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "compare/csv_cells.hpp"
#include "core/stats.hpp"

namespace smtpsim::compare {
namespace {

using detail::csv_number;
using detail::csv_text;
using detail::for_each_variant;
using detail::key_cells;
using detail::key_header;

std::string_view mode_name(mta::RoutingMode mode) {
    return mta::routing_mode_name(mode);
}

// The variant (point, topology, mode) that variant `index` is compared
// with: the baseline's at the same grid point.
std::size_t baseline_variant(const Comparison& comparison, std::size_t index) {
    const std::size_t modes = comparison.routings().size();
    const std::size_t per_point = comparison.topologies().size() * modes;
    const Baseline& baseline = comparison.baseline();
    return index / per_point * per_point + baseline.topology * modes +
           baseline.routing.value_or(index % modes);
}

}  // namespace

namespace {

double as_double(std::uint64_t n) {
    return static_cast<double>(n);
}

}  // namespace

std::vector<TableMetric> table_metrics(const ComparisonSpec& spec) {
    std::vector<TableMetric> metrics{{"delivery_ratio", "delivered", 3,
                                      [](const RunMetrics& m) { return m.delivery_ratio; },
                                      Bounds::proportion}};
    for (std::size_t i = 0; i < spec.within.size(); ++i) {
        const std::string t = whole_unit_duration(spec.within[i]);
        metrics.push_back({"delivered_within_" + t, "within " + t, 3,
                           [i](const RunMetrics& m) { return m.delivered_within[i]; },
                           Bounds::proportion});
    }
    const std::vector<TableMetric> rest{
        {"returned_ratio", "returned", 3, [](const RunMetrics& m) { return m.returned_ratio; },
         Bounds::proportion},
        {"latency_mean_s", "latency of delivered, mean (s)", 3,
         [](const RunMetrics& m) { return m.latency_mean_s; }},
        {"latency_p95_s", "latency of delivered, p95 (s)", 3,
         [](const RunMetrics& m) { return m.latency_p95_s; }},
        {"hops_mean", "hops", 2, [](const RunMetrics& m) { return m.hops_mean; }},
        {"sessions_per_mail", "sessions / mail sent", 2,
         [](const RunMetrics& m) { return m.sessions_per_mail; }},
        {"link_bytes_per_mail", "link bytes / mail sent", 0,
         [](const RunMetrics& m) { return m.link_bytes_per_mail; }},
        {"goodput_bytes_per_s", "goodput (B/s)", 0,
         [](const RunMetrics& m) { return m.goodput_bytes_per_s; }},
        {"busiest_link_utilisation", "busiest link busy", 4,
         [](const RunMetrics& m) { return m.busiest_link_utilisation; }, Bounds::fraction},
        {"peak_queue", "peak queue", 1,
         [](const RunMetrics& m) { return as_double(m.peak_queue); }},
        {"busiest_host_share", "busiest host's sessions", 3,
         [](const RunMetrics& m) { return m.busiest_host_share; }, Bounds::fraction},
        {"notification_latency_mean_s", "notice latency (s)", 3,
         [](const RunMetrics& m) { return m.notification_latency_mean_s; }},
    };
    metrics.insert(metrics.end(), rest.begin(), rest.end());
    return metrics;
}

namespace {

// The estimate of one metric over a variant's runs, within its bounds.
Estimate estimate_metric(const TableMetric& metric, std::span<const RunRecord> runs,
                         std::span<const double> values) {
    switch (metric.bounds) {
        case Bounds::proportion: {
            double recipients = 0;  // of the runs that have the metric
            for (std::size_t k = 0; k < runs.size(); ++k) {
                recipients += std::isnan(values[k]) ? 0 : as_double(runs[k].metrics.recipients);
            }
            return estimate_proportion(values, recipients);
        }
        case Bounds::fraction:
            return bounded(estimate_mean(values), 0, 1);
        case Bounds::non_negative:
            return bounded(estimate_mean(values), 0, std::numeric_limits<double>::infinity());
    }
    return estimate_mean(values);  // not reached: every Bounds is a case above
}

// A difference of two values in [0, 1] lies in [-1, 1]; others are unbounded.
Estimate difference_within_bounds(const TableMetric& metric, Estimate d) {
    return metric.bounds == Bounds::non_negative ? d : bounded(d, -1, 1);
}

}  // namespace

std::vector<VariantSummary> summarize(const Comparison& comparison,
                                      const std::vector<RunRecord>& records) {
    const std::vector<TableMetric> metrics = table_metrics(comparison.spec());
    std::vector<VariantSummary> summary;
    std::vector<std::vector<std::vector<double>>> values;  // variant, metric, seed
    for_each_variant(comparison, records, [&](std::span<const RunRecord> runs) {
        VariantSummary v{
            runs.front().point, runs.front().topology, runs.front().routing, {}, {}, 0};
        auto& metric_values = values.emplace_back();
        for (const TableMetric& metric : metrics) {
            auto& seeds = metric_values.emplace_back();
            for (const RunRecord& r : runs) {
                seeds.push_back(metric.value(r.metrics));
            }
            v.estimates.push_back(estimate_metric(metric, runs, seeds));
        }
        summary.push_back(std::move(v));
    });
    for (std::size_t i = 0; i < summary.size(); ++i) {
        VariantSummary& v = summary[i];
        v.baseline = baseline_variant(comparison, i);
        for (std::size_t m = 0; m < metrics.size(); ++m) {
            v.differences.push_back(difference_within_bounds(
                metrics[m], estimate_difference(values[i][m], values[v.baseline][m])));
        }
    }
    return summary;
}

namespace {

// One run's columns after its keys: (heading, cell).
std::vector<std::pair<std::string, std::string>> run_cells(const Comparison& comparison,
                                                           const RunRecord& r) {
    const RunMetrics& m = r.metrics;
    auto count = [](std::uint64_t n) { return std::to_string(n); };
    std::vector<std::pair<std::string, std::string>> cells{
        {"seed", count(r.seed)},
        {"failed_host", csv_text(comparison.topology_case(r.point, r.topology).failed_host)},
        {"injected", count(m.injected)},
        {"recipients", count(m.recipients)},
        {"delivered", count(m.delivered)},
        {"returned", count(m.returned)},
        {"unreturnable", count(m.unreturnable)},
        {"in_flight", count(m.in_flight)},
        {"delivery_ratio", csv_number(m.delivery_ratio)},
        {"returned_ratio", csv_number(m.returned_ratio)},
        {"latency_mean_s", csv_number(m.latency_mean_s)},
        {"latency_p95_s", csv_number(m.latency_p95_s)},
        {"hops_mean", csv_number(m.hops_mean)},
        {"hops_max", count(m.hops_max)},
        {"sessions", count(m.sessions)},
        {"sessions_per_mail", csv_number(m.sessions_per_mail)},
        {"link_bytes", count(m.link_bytes)},
        {"link_bytes_per_mail", csv_number(m.link_bytes_per_mail)},
        {"delivered_bytes", count(m.delivered_bytes)},
        {"goodput_bytes_per_s", csv_number(m.goodput_bytes_per_s)},
        {"busiest_link", csv_text(m.busiest_link)},
        {"busiest_link_utilisation", csv_number(m.busiest_link_utilisation)},
        {"peak_queue", count(m.peak_queue)},
        {"busiest_host", csv_text(m.busiest_host)},
        {"busiest_host_share", csv_number(m.busiest_host_share)},
        {"notifications", count(m.notifications)},
        {"notification_latency_mean_s", csv_number(m.notification_latency_mean_s)},
        {"events", count(m.events)},
        {"sim_time_s", csv_number(m.sim_time_s)}};
    for (std::size_t i = 0; i < comparison.spec().within.size(); ++i) {
        cells.emplace_back("delivered_within_" + whole_unit_duration(comparison.spec().within[i]),
                           csv_number(m.delivered_within[i]));
    }
    return cells;
}

}  // namespace

std::string runs_csv(const Comparison& comparison, const std::vector<RunRecord>& records) {
    std::string out;
    for (const RunRecord& r : records) {
        const auto cells = run_cells(comparison, r);
        if (out.empty()) {
            out = key_header(comparison);
            for (const auto& [heading, cell] : cells) {
                out += "," + heading;
            }
            out += "\n";
        }
        out += key_cells(comparison, r.point, r.topology, r.routing);
        for (const auto& [heading, cell] : cells) {
            out += "," + cell;
        }
        out += "\n";
    }
    return out;
}

std::string table_csv(const Comparison& comparison, const std::vector<VariantSummary>& summary) {
    const std::vector<TableMetric> metrics = table_metrics(comparison.spec());
    std::string out = key_header(comparison) + ",seeds,failed_host";
    for (const TableMetric& metric : metrics) {
        out += fmt::format(",{0}_mean,{0}_ci95_low,{0}_ci95_high", metric.key);
    }
    for (const TableMetric& metric : metrics) {
        out += fmt::format(",{0}_diff_mean,{0}_diff_ci95_low,{0}_diff_ci95_high", metric.key);
    }
    out += ",baseline\n";
    for (const VariantSummary& v : summary) {
        out += fmt::format("{},{},{}", key_cells(comparison, v.point, v.topology, v.routing),
                           comparison.spec().seeds,
                           csv_text(comparison.topology_case(v.point, v.topology).failed_host));
        for (const Estimate& e : v.estimates) {
            out += fmt::format(",{},{},{}", csv_number(e.mean, 6), csv_number(e.low, 6),
                               csv_number(e.high, 6));
        }
        for (const Estimate& e : v.differences) {
            out += fmt::format(",{},{},{}", csv_number(e.mean, 6), csv_number(e.low, 6),
                               csv_number(e.high, 6));
        }
        const VariantSummary& base = summary[v.baseline];
        out += fmt::format(",{}:{}\n", csv_text(comparison.topologies()[base.topology].label),
                           mode_name(base.routing));
    }
    return out;
}

namespace {

// "mean ± half-width" with the metric's decimals, or "mean [low, high]" when
// the interval is not symmetric (cut by a bound, or Wilson's); "—" where
// there is no mean.
std::string estimate_cell(const Estimate& e, int decimals, bool signed_mean) {
    if (std::isnan(e.mean)) {
        return "—";
    }
    const std::string mean = signed_mean ? fmt::format("{:+.{}f}", e.mean, decimals)
                                         : fmt::format("{:.{}f}", e.mean, decimals);
    if (std::isnan(e.low)) {
        return mean;
    }
    // "-0.000" and "0.000" are one number: a cut at 0 smaller than the decimals shows.
    auto fixed = [decimals](double x) {
        std::string text = fmt::format("{:.{}f}", x, decimals);
        return text.find_first_of("123456789") == std::string::npos && text.front() == '-'
                   ? text.substr(1)
                   : text;
    };
    const std::string low = fixed(e.low);
    const std::string high = fixed(e.high);
    const std::string half = fixed(e.half_width);
    if (low == fixed(e.mean - e.half_width) && high == fixed(e.mean + e.half_width)) {
        return fmt::format("{} ± {}", mean, half);
    }
    return fmt::format("{} [{}, {}]", mean, low, high);
}

std::string markdown_heading_rows(const Comparison& comparison,
                                  const std::vector<TableMetric>& metrics) {
    std::string out = "| topology | routing |";
    std::string rule = "|---|---|";
    for (const std::string& column : comparison.sweep_columns()) {
        out += fmt::format(" {} |", column);
        rule += "---|";
    }
    for (const TableMetric& metric : metrics) {
        out += fmt::format(" {} |", metric.heading);
        rule += "---:|";
    }
    return out + "\n" + rule + "\n";
}

std::string markdown_keys(const Comparison& comparison, const VariantSummary& v) {
    std::string out =
        fmt::format("| {} | {} |", comparison.topologies()[v.topology].label, mode_name(v.routing));
    for (const std::string& value : comparison.point_values(v.point)) {
        out += fmt::format(" {} |", value);
    }
    return out;
}

std::string markdown_preamble(const Comparison& comparison) {
    const std::uint32_t seeds = comparison.spec().seeds;
    std::string out;
    if (seeds < min_seeds_for_intervals) {
        out += fmt::format(
            "**Warning: {} seed{}, fewer than {}: the intervals below are not usable and no "
            "difference is marked significant; run with --seeds {} or more.**\n\n",
            seeds, seeds == 1 ? "" : "s", min_seeds_for_intervals, min_seeds_for_intervals);
    }
    out += fmt::format(
        "Scenario `{}`: mean over {} seed{} ({}..{}) and its 95% confidence interval: for the "
        "shares of recipients (delivered, within, returned) Wilson's score interval with the "
        "effective number of recipients, within [0, 1]; for the others Student's t, mean ± "
        "half-width, cut to the metric's bounds ([low, high] where a bound cuts it); — where a "
        "run cannot have the metric.\n\n",
        comparison.scenario_name(), seeds, seeds == 1 ? "" : "s", comparison.seed(0),
        comparison.seed(seeds - 1));
    if (const auto& outage = comparison.spec().busiest_relay_down) {
        out += fmt::format("Each topology's busiest relay is down from {} for {}:",
                           whole_unit_duration(outage->at), whole_unit_duration(outage->duration));
        for (std::size_t p = 0; p < comparison.point_count(); ++p) {
            for (std::size_t t = 0; t < comparison.topologies().size(); ++t) {
                const TopologyCase& c = comparison.topology_case(p, t);
                out += fmt::format(" {} {}{}", c.label, c.failed_host,
                                   t + 1 == comparison.topologies().size() ? "." : ",");
            }
            out += p + 1 == comparison.point_count() ? "\n\n" : "";
        }
    }
    return out;
}

}  // namespace

std::string table_markdown(const Comparison& comparison,
                           const std::vector<VariantSummary>& summary) {
    const std::vector<TableMetric> metrics = table_metrics(comparison.spec());
    std::string out = markdown_preamble(comparison) + markdown_heading_rows(comparison, metrics);
    for (const VariantSummary& v : summary) {
        out += markdown_keys(comparison, v);
        for (std::size_t i = 0; i < v.estimates.size(); ++i) {
            out += " " + estimate_cell(v.estimates[i], metrics[i].decimals, false) + " |";
        }
        out += "\n";
    }
    out += fmt::format(
        "\nDifference to {}, paired on seeds (common random numbers): the mean of the "
        "seed-by-seed differences ± the half-width of its 95% interval (Student's t; a "
        "difference of shares cut to [-1, 1]); * where the interval excludes 0, from {} "
        "seeds or more.\n\n",
        comparison.baseline_text(), min_seeds_for_intervals);
    out += markdown_heading_rows(comparison, metrics);
    for (std::size_t r = 0; r < summary.size(); ++r) {
        const VariantSummary& v = summary[r];
        out += markdown_keys(comparison, v);
        for (std::size_t i = 0; i < v.differences.size(); ++i) {
            const Estimate& d = v.differences[i];
            out += r == v.baseline ? " baseline |"
                                   : " " + estimate_cell(d, metrics[i].decimals, true) +
                                         (d.significant() ? " * |" : " |");
        }
        out += "\n";
    }
    return out;
}

}  // namespace smtpsim::compare
