// Running a comparison: load the scenario on every topology, run each
// (topology, mode, seed) on a pool of threads, measure each run.
#include "compare/comparison.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "compare/busiest.hpp"
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
    m.sessions_per_delivered = ratio(static_cast<double>(m.sessions), m.delivered);
    m.link_bytes = stats.link_bytes();
    m.link_bytes_per_delivered = ratio(static_cast<double>(m.link_bytes), m.delivered);

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

Comparison::Comparison(ComparisonSpec spec) : spec_(std::move(spec)) {
    check_spec();
    const std::vector<std::string> labels = labels_for(spec_.topology_files);
    for (std::size_t i = 0; i < spec_.topology_files.size(); ++i) {
        topologies_.push_back(load_case(spec_.topology_files[i], labels[i]));
    }
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
TopologyCase Comparison::load_case(const std::string& file, const std::string& label) const {
    auto topology = std::make_shared<const net::Topology>(net::load_topology(file));
    TopologyCase c{label, file, {}, {}};
    try {
        c.scenario = scenario::load_scenario(spec_.scenario_file, topology);
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

std::uint64_t Comparison::seed(std::uint32_t replication) const {
    return topologies_.front().scenario.seed + replication;  // unsigned: wraps modulo 2^64
}

RunRecord Comparison::run_one(
    std::size_t index, const std::function<void(std::uint64_t, std::uint64_t)>& progress) const {
    RunRecord record;
    record.replication = static_cast<std::uint32_t>(index % spec_.seeds);
    const std::size_t variant = index / spec_.seeds;
    record.topology = variant / routings_.size();
    record.routing = routings_[variant % routings_.size()];
    record.seed = seed(record.replication);

    scenario::RunOptions options;
    options.seed = record.seed;
    options.routing = record.routing;
    if (progress) {
        options.progress = [&progress](const scenario::RunProgress& p) {
            progress(p.events, p.delivered);
        };
    }
    const scenario::RunResult result =
        scenario::run_scenario(topologies_[record.topology].scenario, options);
    measure(result, record);
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

    // Progress: what finished runs did, plus where each worker's run stands.
    std::mutex mutex;
    ComparisonProgress finished{0, total, 0, 0};
    std::vector<std::pair<std::uint64_t, std::uint64_t>> current(workers);
    auto report = [&](unsigned worker, std::uint64_t events, std::uint64_t delivered, bool done) {
        const std::scoped_lock lock(mutex);
        if (done) {
            ++finished.runs_done;
            finished.events += events;
            finished.delivered += delivered;
            current[worker] = {0, 0};
        } else {
            current[worker] = {events, delivered};
        }
        ComparisonProgress shown = finished;
        for (const auto& [e, d] : current) {
            shown.events += e;
            shown.delivered += d;
        }
        progress(shown);
    };

    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    auto work = [&](unsigned worker) {
        std::function<void(std::uint64_t, std::uint64_t)> on_progress;
        if (progress) {
            on_progress = [&report, worker](std::uint64_t e, std::uint64_t d) {
                report(worker, e, d, false);
            };
        }
        for (std::size_t i = next++; i < total && !failed; i = next++) {
            try {
                records[i] = run_one(i, on_progress);
            } catch (...) {
                const std::scoped_lock lock(mutex);
                if (!error) {
                    error = std::current_exception();
                }
                failed = true;
                return;
            }
            if (progress) {
                report(worker, records[i].metrics.events, records[i].metrics.delivered, true);
            }
        }
    };
    if (workers == 1) {
        work(0);
    } else {
        std::vector<std::jthread> threads;
        for (unsigned w = 0; w < workers; ++w) {
            threads.emplace_back(work, w);
        }
    }
    if (error) {
        std::rethrow_exception(error);
    }
    return records;
}

}  // namespace smtpsim::compare
