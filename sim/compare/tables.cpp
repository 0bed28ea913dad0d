// The comparison's tables. Numbers are written with fixed precision and in
// the order of the records, so that the files depend only on the results.
#include "compare/tables.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/stats.hpp"

namespace smtpsim::compare {
namespace {

// CSV: NaN (a metric the run cannot have) is an empty cell.
std::string csv_number(double x, int digits = 10) {
    return std::isnan(x) ? std::string() : fmt::format("{:.{}g}", x, digits);
}

// Labels and host names hold letters, digits, '.', '-', '_' and '/', but a
// path given on the command line might hold anything.
std::string csv_text(std::string_view text) {
    if (text.find_first_of(",\"\n") == std::string_view::npos) {
        return std::string(text);
    }
    std::string quoted = "\"";
    for (char c : text) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return quoted + "\"";
}

std::string_view mode_name(mta::RoutingMode mode) {
    return mta::routing_mode_name(mode);
}

// The records of one topology and mode: consecutive, seeds in order.
template <typename F>
void for_each_variant(const Comparison& comparison, const std::vector<RunRecord>& records, F&& f) {
    const std::size_t seeds = comparison.spec().seeds;
    for (std::size_t start = 0; start + seeds <= records.size(); start += seeds) {
        f(std::span<const RunRecord>(records.data() + start, seeds));
    }
}

// The variant (topology, mode) that variant `index` is compared with.
std::size_t baseline_variant(const Comparison& comparison, std::size_t index) {
    const std::size_t modes = comparison.routings().size();
    const Baseline& baseline = comparison.baseline();
    return baseline.topology * modes + baseline.routing.value_or(index % modes);
}

}  // namespace

const std::vector<TableMetric>& table_metrics() {
    static const std::vector<TableMetric> metrics{
        {"delivery_ratio", "delivered", 3, [](const RunMetrics& m) { return m.delivery_ratio; }},
        {"latency_mean_s", "latency mean (s)", 3,
         [](const RunMetrics& m) { return m.latency_mean_s; }},
        {"latency_p95_s", "latency p95 (s)", 3,
         [](const RunMetrics& m) { return m.latency_p95_s; }},
        {"hops_mean", "hops", 2, [](const RunMetrics& m) { return m.hops_mean; }},
        {"sessions_per_delivered", "sessions / mail", 2,
         [](const RunMetrics& m) { return m.sessions_per_delivered; }},
        {"link_bytes_per_delivered", "link bytes / mail", 0,
         [](const RunMetrics& m) { return m.link_bytes_per_delivered; }},
        {"peak_queue", "peak queue", 1,
         [](const RunMetrics& m) { return static_cast<double>(m.peak_queue); }},
        {"busiest_host_share", "busiest host's sessions", 3,
         [](const RunMetrics& m) { return m.busiest_host_share; }},
        {"returned", "returned", 1,
         [](const RunMetrics& m) { return static_cast<double>(m.returned); }},
        {"notification_latency_mean_s", "notice latency (s)", 3,
         [](const RunMetrics& m) { return m.notification_latency_mean_s; }},
    };
    return metrics;
}

std::vector<VariantSummary> summarize(const Comparison& comparison,
                                      const std::vector<RunRecord>& records) {
    std::vector<VariantSummary> summary;
    std::vector<std::vector<std::vector<double>>> values;  // variant, metric, seed
    for_each_variant(comparison, records, [&](std::span<const RunRecord> runs) {
        VariantSummary v{runs.front().topology, runs.front().routing, {}, {}, 0};
        auto& metric_values = values.emplace_back();
        for (const TableMetric& metric : table_metrics()) {
            auto& seeds = metric_values.emplace_back();
            for (const RunRecord& r : runs) {
                seeds.push_back(metric.value(r.metrics));
            }
            v.estimates.push_back(estimate_mean(seeds));
        }
        summary.push_back(std::move(v));
    });
    for (std::size_t i = 0; i < summary.size(); ++i) {
        VariantSummary& v = summary[i];
        v.baseline = baseline_variant(comparison, i);
        for (std::size_t m = 0; m < table_metrics().size(); ++m) {
            v.differences.push_back(estimate_difference(values[i][m], values[v.baseline][m]));
        }
    }
    return summary;
}

std::string runs_csv(const Comparison& comparison, const std::vector<RunRecord>& records) {
    std::string out =
        "topology,routing,seed,failed_host,injected,recipients,delivered,returned,unreturnable,in_"
        "flight,"
        "delivery_ratio,latency_mean_s,latency_p95_s,hops_mean,hops_max,sessions,"
        "sessions_per_delivered,link_bytes,link_bytes_per_delivered,peak_queue,busiest_host,"
        "busiest_host_share,notifications,notification_latency_mean_s,events,sim_time_s\n";
    for (const RunRecord& r : records) {
        const RunMetrics& m = r.metrics;
        out += fmt::format(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            csv_text(comparison.topologies()[r.topology].label), mode_name(r.routing), r.seed,
            csv_text(comparison.topologies()[r.topology].failed_host), m.injected, m.recipients,
            m.delivered, m.returned, m.unreturnable, m.in_flight, csv_number(m.delivery_ratio),
            csv_number(m.latency_mean_s), csv_number(m.latency_p95_s), csv_number(m.hops_mean),
            m.hops_max, m.sessions, csv_number(m.sessions_per_delivered), m.link_bytes,
            csv_number(m.link_bytes_per_delivered), m.peak_queue, csv_text(m.busiest_host),
            csv_number(m.busiest_host_share), m.notifications,
            csv_number(m.notification_latency_mean_s), m.events, csv_number(m.sim_time_s));
    }
    return out;
}

std::string table_csv(const Comparison& comparison, const std::vector<VariantSummary>& summary) {
    std::string out = "topology,routing,seeds,failed_host";
    for (const TableMetric& metric : table_metrics()) {
        out += fmt::format(",{0}_mean,{0}_ci95", metric.key);
    }
    for (const TableMetric& metric : table_metrics()) {
        out += fmt::format(",{0}_diff_mean,{0}_diff_ci95", metric.key);
    }
    out += ",baseline\n";
    for (const VariantSummary& v : summary) {
        const TopologyCase& topology = comparison.topologies()[v.topology];
        out += fmt::format("{},{},{},{}", csv_text(topology.label), mode_name(v.routing),
                           comparison.spec().seeds, csv_text(topology.failed_host));
        for (const Estimate& e : v.estimates) {
            out += fmt::format(",{},{}", csv_number(e.mean, 6), csv_number(e.half_width, 6));
        }
        for (const Estimate& e : v.differences) {
            out += fmt::format(",{},{}", csv_number(e.mean, 6), csv_number(e.half_width, 6));
        }
        const VariantSummary& base = summary[v.baseline];
        out += fmt::format(",{}:{}\n", csv_text(comparison.topologies()[base.topology].label),
                           mode_name(base.routing));
    }
    return out;
}

namespace {

// "mean ± half-width" with the metric's decimals; "—" where there is no mean.
std::string estimate_cell(const Estimate& e, int decimals, bool signed_mean) {
    if (std::isnan(e.mean)) {
        return "—";
    }
    const std::string mean = signed_mean ? fmt::format("{:+.{}f}", e.mean, decimals)
                                         : fmt::format("{:.{}f}", e.mean, decimals);
    if (std::isnan(e.half_width)) {
        return mean;
    }
    return fmt::format("{} ± {:.{}f}", mean, e.half_width, decimals);
}

std::string markdown_heading_rows() {
    std::string out = "| topology | routing |";
    std::string rule = "|---|---|";
    for (const TableMetric& metric : table_metrics()) {
        out += fmt::format(" {} |", metric.heading);
        rule += "---:|";
    }
    return out + "\n" + rule + "\n";
}

std::string markdown_preamble(const Comparison& comparison) {
    const std::uint32_t seeds = comparison.spec().seeds;
    std::string out = fmt::format(
        "Scenario `{}`: mean ± half-width of the 95% confidence interval (Student's t) over "
        "{} seed{} ({}..{}); — where a run cannot have the metric.\n\n",
        comparison.scenario_name(), seeds, seeds == 1 ? "" : "s", comparison.seed(0),
        comparison.seed(seeds - 1));
    if (const auto& outage = comparison.spec().busiest_relay_down) {
        out += fmt::format("Each topology's busiest relay is down from {} for {}:",
                           whole_unit_duration(outage->at), whole_unit_duration(outage->duration));
        for (const TopologyCase& t : comparison.topologies()) {
            out += fmt::format(" {} {}{}", t.label, t.failed_host,
                               &t == &comparison.topologies().back() ? ".\n\n" : ",");
        }
    }
    return out;
}

}  // namespace

std::string table_markdown(const Comparison& comparison,
                           const std::vector<VariantSummary>& summary) {
    std::string out = markdown_preamble(comparison) + markdown_heading_rows();
    for (const VariantSummary& v : summary) {
        out += fmt::format("| {} | {} |", comparison.topologies()[v.topology].label,
                           mode_name(v.routing));
        for (std::size_t i = 0; i < v.estimates.size(); ++i) {
            out += " " + estimate_cell(v.estimates[i], table_metrics()[i].decimals, false) + " |";
        }
        out += "\n";
    }
    out += fmt::format(
        "\nDifference to {}, paired on seeds (common random numbers): the mean of the "
        "seed-by-seed differences ± the half-width of its 95% interval; * where the "
        "interval excludes 0.\n\n",
        comparison.baseline_text());
    out += markdown_heading_rows();
    for (std::size_t r = 0; r < summary.size(); ++r) {
        const VariantSummary& v = summary[r];
        out += fmt::format("| {} | {} |", comparison.topologies()[v.topology].label,
                           mode_name(v.routing));
        for (std::size_t i = 0; i < v.differences.size(); ++i) {
            const Estimate& d = v.differences[i];
            out += r == v.baseline ? " baseline |"
                                   : " " + estimate_cell(d, table_metrics()[i].decimals, true) +
                                         (d.excludes_zero() ? " * |" : " |");
        }
        out += "\n";
    }
    return out;
}

std::string hosts_csv(const Comparison& comparison, const std::vector<RunRecord>& records) {
    std::string out =
        "topology,routing,host,sessions_mean,session_share_mean,bytes_mean,accepted_mean,"
        "peak_queue_max\n";
    for_each_variant(comparison, records, [&](std::span<const RunRecord> runs) {
        const double n = static_cast<double>(runs.size());
        for (std::size_t h = 0; h < runs.front().hosts.size(); ++h) {
            double sessions = 0, share = 0, bytes = 0, accepted = 0;
            std::uint64_t peak = 0;
            for (const RunRecord& r : runs) {
                const HostLoad& load = r.hosts[h];
                sessions += static_cast<double>(load.sessions);
                share += r.metrics.sessions == 0 ? 0.0
                                                 : static_cast<double>(load.sessions) /
                                                       static_cast<double>(r.metrics.sessions);
                bytes += static_cast<double>(load.bytes);
                accepted += static_cast<double>(load.accepted);
                peak = std::max(peak, load.peak_queue);
            }
            out +=
                fmt::format("{},{},{},{},{},{},{},{}\n",
                            csv_text(comparison.topologies()[runs.front().topology].label),
                            mode_name(runs.front().routing), csv_text(runs.front().hosts[h].host),
                            csv_number(sessions / n, 6), csv_number(share / n, 6),
                            csv_number(bytes / n, 6), csv_number(accepted / n, 6), peak);
        }
    });
    return out;
}

std::string latency_csv(const Comparison& comparison, const std::vector<RunRecord>& records) {
    std::string out = "topology,routing,percentile,latency_s\n";
    for_each_variant(comparison, records, [&](std::span<const RunRecord> runs) {
        core::Summary pooled;
        for (const RunRecord& r : runs) {
            for (std::int64_t ns : r.latency_ns) {
                pooled.add(ns);
            }
        }
        if (pooled.empty()) {
            return;  // nothing delivered: no distribution
        }
        for (int p = 0; p <= 100; ++p) {
            out += fmt::format("{},{},{},{}\n",
                               csv_text(comparison.topologies()[runs.front().topology].label),
                               mode_name(runs.front().routing), p,
                               csv_number(static_cast<double>(pooled.percentile(p)) / 1e9, 9));
        }
    });
    return out;
}

}  // namespace smtpsim::compare
