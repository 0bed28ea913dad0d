// Running a comparison: load the scenario on every topology, run each
// (topology, mode, seed) on a pool of threads, measure each run.
#include "compare/comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "compare/busiest.hpp"
#include "compare/parallel.hpp"
#include "compare/probe.hpp"
#include "compare/sweep.hpp"
#include "core/input_error.hpp"
#include "core/stats.hpp"
#include "net/topology_io.hpp"
#include "scenario/run.hpp"

namespace smtpsim::compare {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double ratio(double numerator, std::uint64_t denominator) {
    return denominator == 0 ? nan : numerator / static_cast<double>(denominator);
}

// Labels are the files' stems, unless two files share one: then the paths.
std::vector<std::string> labels_for(const std::vector<std::string>& files) {
    std::vector<std::string> stems;
    for (const std::string& f : files) {
        stems.push_back(std::filesystem::path(f).stem().string());
    }
    const std::set<std::string> distinct(stems.begin(), stems.end());
    return distinct.size() == stems.size() ? stems : files;
}

// What the run statistics of a finished run tell.
void measure(const scenario::RunResult& run, RunRecord& record) {
    const trace::RunStatistics& stats = *run.statistics;
    RunMetrics& m = record.metrics;
    const trace::OutcomeTotals& totals = stats.totals();
    m.injected = totals.injected;
    m.recipients = totals.recipients;
    m.delivered = totals.delivered;
    m.returned = totals.returned;
    m.unreturnable = totals.unreturnable;
    m.in_flight = totals.in_flight;
    m.delivery_ratio = ratio(static_cast<double>(totals.delivered), totals.recipients);
    m.returned_ratio = ratio(static_cast<double>(totals.returned), totals.recipients);

    const core::Summary& latency = stats.latency();
    record.latency_ns = latency.sorted();
    m.latency_mean_s = latency.empty() ? nan : latency.mean() / 1e9;
    m.latency_p95_s = latency.empty() ? nan : static_cast<double>(latency.percentile(95)) / 1e9;
    m.hops_mean = latency.empty() ? nan : stats.hops_mean();
    m.hops_max = stats.hops_max();
    m.notifications = stats.tally(trace::Tally::notification);
    const core::Summary& notification_latency = stats.notification_latency();
    m.notification_latency_mean_s =
        notification_latency.empty() ? nan : notification_latency.mean() / 1e9;

    m.sessions = stats.sessions();
    m.sessions_per_mail = ratio(static_cast<double>(m.sessions), m.injected);
    m.link_bytes = stats.link_bytes();
    m.link_bytes_per_mail = ratio(static_cast<double>(m.link_bytes), m.injected);

    std::uint64_t busiest = 0;
    for (std::size_t h = 0; h < stats.hosts().size(); ++h) {
        const trace::HostStatistics& host = stats.hosts()[h];
        HostLoad load;
        load.host = stats.host_names()[h];
        load.sessions = host.sessions_in + host.sessions_out;
        load.bytes = host.bytes_in + host.bytes_out;
        load.accepted = host.accepted;
        load.peak_queue = host.peak_queue;
        if (load.sessions > busiest) {  // strictly: the first of equals stays
            busiest = load.sessions;
            m.busiest_host = load.host;
        }
        record.hosts.push_back(std::move(load));
    }
    m.peak_queue = stats.peak_queue();
    m.busiest_host_share = ratio(static_cast<double>(busiest), m.sessions);
    m.events = run.events;
    m.sim_time_s = run.sim_time.seconds();
}

// What the comparison's own probe saw.
void measure_probe(const RunProbe& probe, const net::Topology& topology, RunRecord& record) {
    RunMetrics& m = record.metrics;
    for (const std::uint64_t n : probe.delivered_within()) {
        m.delivered_within.push_back(ratio(static_cast<double>(n), m.recipients));
    }
    m.delivered_bytes = probe.delivered_bytes();
    m.goodput_bytes_per_s =
        m.sim_time_s > 0 ? static_cast<double>(m.delivered_bytes) / m.sim_time_s : nan;
    const std::int64_t run_ns = static_cast<std::int64_t>(m.sim_time_s * 1e9);
    for (std::size_t l = 0; l < probe.network().link_count(); ++l) {
        const mta::LinkState& state = probe.network().link(static_cast<mta::LinkIndex>(l));
        const core::Time busy = std::max(probe.busy()[2 * l], probe.busy()[2 * l + 1]);
        LinkLoad load{
            topology.name(state.a) + "-" + topology.name(state.b),
            run_ns > 0 ? static_cast<double>(busy.count_ns()) / static_cast<double>(run_ns) : nan};
        if (load.utilisation > m.busiest_link_utilisation) {  // strictly: the first stays
            m.busiest_link_utilisation = load.utilisation;
            m.busiest_link = load.link;
        }
        record.links.push_back(std::move(load));
    }
    record.hop_counts = probe.hop_counts();
    record.queue_samples = probe.queue_samples();
}

// Progress of a comparison: what finished runs did, plus where each
// worker's run stands; reported under the caller's mutex.
class ProgressTally {
  public:
    ProgressTally(std::size_t total, unsigned workers, const ProgressCallback& progress,
                  std::mutex& mutex)
        : finished_{0, total, 0, 0}, current_(workers), progress_(progress), mutex_(mutex) {}

    void report(unsigned worker, std::uint64_t events, std::uint64_t delivered, bool done) {
        const std::scoped_lock lock(mutex_);
        if (done) {
            ++finished_.runs_done;
            finished_.events += events;
            finished_.delivered += delivered;
            current_[worker] = {0, 0};
        } else {
            current_[worker] = {events, delivered};
        }
        ComparisonProgress shown = finished_;
        for (const auto& [e, d] : current_) {
            shown.events += e;
            shown.delivered += d;
        }
        progress_(shown);
    }

  private:
    ComparisonProgress finished_;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> current_;
    const ProgressCallback& progress_;
    std::mutex& mutex_;
};

}  // namespace

std::string whole_unit_duration(core::Time t) {
    constexpr std::pair<std::int64_t, const char*> units[] = {
        {86'400'000'000'000, "d"}, {3'600'000'000'000, "h"}, {60'000'000'000, "min"},
        {1'000'000'000, "s"},      {1'000'000, "ms"},        {1'000, "us"}};
    const std::int64_t ns = t.count_ns();
    for (const auto& [size, unit] : units) {
        if (ns != 0 && ns % size == 0) {
            return std::to_string(ns / size) + unit;
        }
    }
    return ns == 0 ? "0s" : std::to_string(ns) + "ns";
}

std::optional<std::uint64_t> planned_runs(const ComparisonSpec& spec) {
    const std::uint64_t per_point = std::uint64_t{spec.topology_files.size()} *
                                    std::max<std::size_t>(1, spec.routings.size()) * spec.seeds;
    const auto points = grid_points(spec.sweeps);
    std::uint64_t runs = 0;
    if (!points || __builtin_mul_overflow(*points, per_point, &runs)) {
        return std::nullopt;
    }
    return runs;
}

void check_run_count(const ComparisonSpec& spec) {
    const auto runs = planned_runs(spec);
    if (runs && *runs <= max_comparison_runs) {
        return;
    }
    const auto points = grid_points(spec.sweeps);
    const auto count = [](const std::optional<std::uint64_t>& n) {
        return n ? fmt::format("{}", *n) : std::string("more than 2^64");
    };
    throw core::InputError(
        "command line", spec.sweeps.empty() ? "--seeds" : "--set",
        fmt::format("{} runs ({} grid points x {} topologies x {} routing modes x {} seeds) are "
                    "more than {}, the most a comparison makes; sweep fewer values, or split "
                    "the comparison",
                    count(runs), count(points), spec.topology_files.size(),
                    std::max<std::size_t>(1, spec.routings.size()), spec.seeds,
                    max_comparison_runs));
}

Comparison::Comparison(ComparisonSpec spec) : spec_(std::move(spec)) {
    check_spec();
    const std::vector<std::string> labels = labels_for(spec_.topology_files);
    for (std::size_t point = 0; point < grid_size(spec_.sweeps); ++point) {
        for (std::size_t i = 0; i < spec_.topology_files.size(); ++i) {
            cases_.push_back(load_case(spec_.topology_files[i], labels[i], point));
        }
    }
    topologies_.assign(cases_.begin(), cases_.begin() + static_cast<std::ptrdiff_t>(labels.size()));
    sweep_columns_ = compare::sweep_columns(spec_.sweeps);
    routings_ = spec_.routings;
    if (routings_.empty()) {
        routings_.push_back(topologies_.front().scenario.config.routing);
    }
    baseline_ = parse_baseline(spec_.baseline);
}

void Comparison::check_spec() const {
    const std::string where = "command line";
    if (spec_.topology_files.empty()) {
        throw core::InputError(where, "--topology", "expected at least one topology file");
    }
    if (spec_.seeds == 0) {
        throw core::InputError(where, "--seeds", "expected at least one seed");
    }
    std::set<std::string> seen;
    for (const std::string& file : spec_.topology_files) {
        if (!seen.insert(std::filesystem::path(file).lexically_normal().string()).second) {
            throw core::InputError(where, "--topology",
                                   "topology " + file + " is given twice; expected each once");
        }
    }
    check_sweeps(spec_.sweeps);
    check_run_count(spec_);
    for (std::size_t i = 0; i < spec_.routings.size(); ++i) {
        if (std::count(spec_.routings.begin(), spec_.routings.end(), spec_.routings[i]) > 1) {
            throw core::InputError(where, "--routing",
                                   "routing mode " +
                                       std::string(mta::routing_mode_name(spec_.routings[i])) +
                                       " is given twice; expected each once");
        }
    }
}

// The scenario on one topology, with the busiest relay down if asked.
TopologyCase Comparison::load_case(const std::string& file, const std::string& label,
                                   std::size_t point) const {
    auto topology = std::make_shared<const net::Topology>(net::load_topology(file));
    TopologyCase c{label, file, {}, {}};
    try {
        const std::string base = std::filesystem::path(spec_.scenario_file).parent_path().string();
        c.scenario =
            scenario::parse_scenario(swept_scenario(spec_.scenario_file, spec_.sweeps, point),
                                     spec_.scenario_file, base.empty() ? "." : base, topology);
    } catch (const core::InputError& e) {
        // The same workload on every topology, or no comparison.
        if (e.problem().starts_with("no host ")) {
            throw core::InputError(
                e.source(), e.location(),
                e.problem() + " " + file +
                    ": a comparison runs the same workload on every topology, so every "
                    "host the scenario names must be in each (traffic \"from\": \"*\" and "
                    "\"to\": \"*\" fits any topology)");
        }
        throw;
    }
    // No output reads the mail texts: keep only what arrived, when, for whom.
    c.keep_mail_text = c.scenario.config.keep_mail_text;
    c.scenario.config.keep_mail_text = false;
    if (spec_.busiest_relay_down) {
        const auto host = busiest_relay(c.scenario);  // before the outage is added
        if (!host) {
            throw core::InputError(file, "",
                                   "no host relays mail, so there is no busiest relay to "
                                   "take down");
        }
        mta::FailureSpec down;
        down.kind = mta::FailureKind::host_down;
        down.at = spec_.busiest_relay_down->at;
        down.duration = spec_.busiest_relay_down->duration;
        down.host = *host;
        c.scenario.failures.push_back(down);
        c.failed_host = topology->name(*host);
    }
    return c;
}

Baseline Comparison::parse_baseline(const std::string& text) const {
    if (text.empty()) {
        return Baseline{0, 0};
    }
    std::string label = text;
    std::optional<std::size_t> routing;
    if (const auto colon = text.rfind(':'); colon != std::string::npos) {
        if (const auto mode = mta::parse_routing_mode(text.substr(colon + 1))) {
            const auto it = std::find(routings_.begin(), routings_.end(), *mode);
            if (it == routings_.end()) {
                throw core::InputError("command line", "--baseline",
                                       "routing mode " + text.substr(colon + 1) +
                                           " is not one the comparison runs in");
            }
            label = text.substr(0, colon);
            routing = static_cast<std::size_t>(it - routings_.begin());
        }
    }
    std::string labels;
    for (std::size_t t = 0; t < topologies_.size(); ++t) {
        if (topologies_[t].label == label) {
            return Baseline{t, routing};
        }
        labels += (t == 0 ? "" : ", ") + topologies_[t].label;
    }
    throw core::InputError("command line", "--baseline",
                           "expected TOPOLOGY or TOPOLOGY:MODE with a topology of the "
                           "comparison (" +
                               labels + "), found \"" + text + "\"");
}

std::string Comparison::baseline_text() const {
    std::string text = topologies_[baseline_.topology].label;
    if (baseline_.routing) {
        text += " in ";
        text += mta::routing_mode_name(routings_[*baseline_.routing]);
    } else {
        text += " in the same routing mode";
    }
    return text;
}

std::vector<std::string> Comparison::point_values(std::size_t point) const {
    return grid_values(spec_.sweeps, point);
}

std::uint64_t Comparison::seed(std::uint32_t replication) const {
    return topologies_.front().scenario.seed + replication;  // unsigned: wraps modulo 2^64
}

RunRecord Comparison::run_one(
    std::size_t index, const std::function<void(std::uint64_t, std::uint64_t)>& progress) const {
    RunRecord record;
    record.replication = static_cast<std::uint32_t>(index % spec_.seeds);
    const std::size_t variant = index / spec_.seeds;
    record.routing = routings_[variant % routings_.size()];
    const std::size_t topology_case = variant / routings_.size();
    record.topology = topology_case % topologies_.size();
    record.point = topology_case / topologies_.size();
    record.seed = seed(record.replication);

    const scenario::Scenario& scenario = cases_[topology_case].scenario;
    RunProbe probe(*scenario.topology, spec_.within, spec_.queue_sample);
    scenario::RunOptions options;
    options.observers.push_back(&probe);
    options.seed = record.seed;
    options.routing = record.routing;
    if (progress) {
        options.progress = [&progress](const scenario::RunProgress& p) {
            progress(p.events, p.delivered);
        };
    }
    const scenario::RunResult result = scenario::run_scenario(scenario, options);
    measure(result, record);
    probe.close(result.sim_time);
    measure_probe(probe, *scenario.topology, record);
    if (!result.totals.balanced()) {
        throw std::logic_error("the accounting of run " + std::to_string(index) +
                               " does not balance");
    }
    return record;
}

std::vector<RunRecord> Comparison::run(unsigned jobs, const ProgressCallback& progress) const {
    const std::size_t total = run_count();
    std::vector<RunRecord> records(total);
    const unsigned workers =
        static_cast<unsigned>(std::clamp<std::size_t>(jobs, 1, std::max<std::size_t>(total, 1)));
    std::mutex mutex;
    ProgressTally tally(total, workers, progress, mutex);
    for_each_index(total, workers, [&](unsigned worker, std::size_t i) {
        std::function<void(std::uint64_t, std::uint64_t)> on_progress;
        if (progress) {
            on_progress = [&tally, worker](std::uint64_t e, std::uint64_t d) {
                tally.report(worker, e, d, false);
            };
        }
        records[i] = run_one(i, on_progress);
        if (progress) {
            tally.report(worker, records[i].metrics.events, records[i].metrics.delivered, true);
        }
    });
    return records;
}

}  // namespace smtpsim::compare
