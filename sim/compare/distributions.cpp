// Per-host, per-link and distribution tables of a comparison.
#include "compare/distributions.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "compare/csv_cells.hpp"
#include "compare/interval.hpp"
#include "core/stats.hpp"

namespace smtpsim::compare {
namespace {

using detail::csv_number;
using detail::csv_text;
using detail::for_each_variant;

std::string keys(const Comparison& comparison, const RunRecord& r) {
    return detail::key_cells(comparison, r.point, r.topology, r.routing);
}

double as_double(std::uint64_t n) {
    return static_cast<double>(n);
}

// Percentiles 0 to 100 of a latency summary, one row each.
std::string percentile_rows(const std::string& prefix, const core::Summary& latency) {
    std::string out;
    for (int p = 0; p <= 100; ++p) {
        out += fmt::format("{},{},{}\n", prefix, p,
                           csv_number(as_double(latency.percentile(p)) / 1e9, 9));
    }
    return out;
}

}  // namespace

std::string hosts_csv(const Comparison& comparison, const std::vector<RunRecord>& records) {
    std::string out = detail::key_header(comparison) +
                      ",host,sessions_mean,session_share_mean,bytes_mean,accepted_mean,"
                      "peak_queue_max\n";
    for_each_variant(comparison, records, [&](std::span<const RunRecord> runs) {
        const double n = static_cast<double>(runs.size());
        for (std::size_t h = 0; h < runs.front().hosts.size(); ++h) {
            double sessions = 0, share = 0, bytes = 0, accepted = 0;
            std::uint64_t peak = 0;
            for (const RunRecord& r : runs) {
                const HostLoad& load = r.hosts[h];
                sessions += as_double(load.sessions);
                share += r.metrics.sessions == 0
                             ? 0.0
                             : as_double(load.sessions) / as_double(r.metrics.sessions);
                bytes += as_double(load.bytes);
                accepted += as_double(load.accepted);
                peak = std::max(peak, load.peak_queue);
            }
            out += fmt::format("{},{},{},{},{},{},{}\n", keys(comparison, runs.front()),
                               csv_text(runs.front().hosts[h].host), csv_number(sessions / n, 6),
                               csv_number(share / n, 6), csv_number(bytes / n, 6),
                               csv_number(accepted / n, 6), peak);
        }
    });
    return out;
}

std::string links_csv(const Comparison& comparison, const std::vector<RunRecord>& records) {
    std::string out =
        detail::key_header(comparison) +
        ",link,utilisation_mean,utilisation_ci95_low,utilisation_ci95_high,busiest_runs\n";
    for_each_variant(comparison, records, [&](std::span<const RunRecord> runs) {
        for (std::size_t l = 0; l < runs.front().links.size(); ++l) {
            std::vector<double> values;
            std::size_t busiest = 0;
            for (const RunRecord& r : runs) {
                values.push_back(r.links[l].utilisation);
                busiest += r.metrics.busiest_link == r.links[l].link ? 1 : 0;
            }
            const Estimate e = bounded(estimate_mean(values), 0, 1);  // a share of time
            out += fmt::format("{},{},{},{},{},{}\n", keys(comparison, runs.front()),
                               csv_text(runs.front().links[l].link), csv_number(e.mean, 6),
                               csv_number(e.low, 6), csv_number(e.high, 6), busiest);
        }
    });
    return out;
}

std::string latency_csv(const Comparison& comparison, const std::vector<RunRecord>& records) {
    std::string out = detail::key_header(comparison) + ",seed,percentile,latency_s\n";
    for_each_variant(comparison, records, [&](std::span<const RunRecord> runs) {
        core::Summary pooled;
        for (const RunRecord& r : runs) {
            core::Summary one;
            for (std::int64_t ns : r.latency_ns) {
                pooled.add(ns);
                one.add(ns);
            }
            if (!one.empty()) {
                out += percentile_rows(fmt::format("{},{}", keys(comparison, r), r.seed), one);
            }
        }
        if (!pooled.empty()) {  // the seed cell empty: all seeds pooled
            out += percentile_rows(keys(comparison, runs.front()) + ",", pooled);
        }
    });
    return out;
}

std::string hops_csv(const Comparison& comparison, const std::vector<RunRecord>& records) {
    std::string out = detail::key_header(comparison) + ",hops,delivered,share\n";
    for_each_variant(comparison, records, [&](std::span<const RunRecord> runs) {
        std::vector<std::uint64_t> pooled;
        std::uint64_t total = 0;
        for (const RunRecord& r : runs) {
            pooled.resize(std::max(pooled.size(), r.hop_counts.size()), 0);
            for (std::size_t h = 0; h < r.hop_counts.size(); ++h) {
                pooled[h] += r.hop_counts[h];
                total += r.hop_counts[h];
            }
        }
        for (std::size_t h = 0; h < pooled.size(); ++h) {
            out += fmt::format("{},{},{},{}\n", keys(comparison, runs.front()), h, pooled[h],
                               csv_number(as_double(pooled[h]) / as_double(total), 6));
        }
    });
    return out;
}

std::string queues_csv(const Comparison& comparison, const std::vector<RunRecord>& records) {
    std::string out = detail::key_header(comparison) + ",host,time_s,queue_mean,queue_max\n";
    const double every_s = comparison.spec().queue_sample.seconds();
    for_each_variant(comparison, records, [&](std::span<const RunRecord> runs) {
        std::size_t samples = 0;
        for (const RunRecord& r : runs) {
            samples = std::max(samples, r.queue_samples.size());
        }
        for (std::size_t h = 0; h < runs.front().hosts.size(); ++h) {
            for (std::size_t k = 0; k < samples; ++k) {
                double sum = 0;  // a run that has ended has empty queues
                std::uint32_t max = 0;
                for (const RunRecord& r : runs) {
                    const std::uint32_t q = k < r.queue_samples.size() ? r.queue_samples[k][h] : 0;
                    sum += q;
                    max = std::max(max, q);
                }
                out += fmt::format("{},{},{},{},{}\n", keys(comparison, runs.front()),
                                   csv_text(runs.front().hosts[h].host),
                                   csv_number(every_s * static_cast<double>(k), 9),
                                   csv_number(sum / static_cast<double>(runs.size()), 6), max);
            }
        }
    });
    return out;
}

}  // namespace smtpsim::compare
