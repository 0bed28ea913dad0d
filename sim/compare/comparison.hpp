// A comparison of routing topologies: one scenario's workload run on several
// topologies, in several routing modes, with several seeds each; every run
// independent of the others, so they may run on parallel threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mta/simulation.hpp"
#include "scenario/scenario.hpp"

namespace smtpsim::compare {

// A host_down window for each topology's busiest relay (compare/busiest.hpp).
struct Outage {
    core::Time at;
    core::Time duration;
};

// A duration in the largest unit it is a whole number of ("10min", "90s",
// "1h"), as people write outages.
std::string whole_unit_duration(core::Time t);

// One swept scenario setting: a JSON pointer into the scenario and the values
// it takes, as written (each read as JSON if it is a JSON number, true, false
// or a quoted string, else as a string: 2/s is "2/s").
struct Sweep {
    std::string pointer;  // "/traffic/0/rate"
    std::vector<std::string> values;
};

struct ComparisonSpec {
    std::string scenario_file;
    std::vector<std::string> topology_files;
    std::vector<mta::RoutingMode> routings;  // empty: the scenario's own mode
    // Every combination of their values is a point of the grid; each point
    // runs every topology and mode.
    std::vector<Sweep> sweeps;
    std::uint32_t seeds = 10;
    // Added to the scenario's failure plan, on every topology.
    std::optional<Outage> busiest_relay_down;
    // What every row is compared with, seed by seed: "TOPOLOGY" (that
    // topology in the row's own routing mode) or "TOPOLOGY:MODE" (that one
    // row); empty: the first row.
    std::string baseline;
    // "Delivered within T" is counted for each of these deadlines.
    std::vector<core::Time> within{core::Time::s(10), core::Time::s(60), core::Time::s(300)};
    // Each host's queue length is sampled this often (simulated time).
    core::Time queue_sample = core::Time::s(10);
};

// The row a variant is compared with: a topology, and a mode or the row's own.
struct Baseline {
    std::size_t topology = 0;
    std::optional<std::size_t> routing;  // index into routings(); nothing: the row's own
};

// The scenario loaded on one topology of the comparison.
struct TopologyCase {
    std::string label;  // the file's stem ("star"), or its path when stems repeat
    std::string file;
    scenario::Scenario scenario;
    std::string failed_host;  // the busiest relay taken down, if the spec asks
    // The scenario file's own keep_mail_text: the comparison's runs keep no
    // mail text, an example run (compare/example_run.hpp) keeps what it says.
    bool keep_mail_text = true;
};

// What one run measured. Ratios that a run cannot have (latency with
// nothing delivered) are NaN.
struct RunMetrics {
    std::uint64_t injected = 0;
    std::uint64_t recipients = 0;
    std::uint64_t delivered = 0;
    std::uint64_t returned = 0;
    std::uint64_t unreturnable = 0;
    std::uint64_t in_flight = 0;
    double delivery_ratio = 0;  // delivered / recipients
    double returned_ratio = 0;  // returned / recipients
    // Recipients delivered within each of ComparisonSpec::within / recipients.
    std::vector<double> delivered_within;
    double latency_mean_s = 0;  // submission to mailbox, delivered recipients
    double latency_p95_s = 0;
    double hops_mean = 0;
    std::uint64_t hops_max = 0;
    std::uint64_t sessions = 0;
    double sessions_per_mail = 0;  // per injected mail
    std::uint64_t link_bytes = 0;  // both directions of every link
    double link_bytes_per_mail = 0;
    std::uint64_t delivered_bytes = 0;  // mail text stored, per recipient
    double goodput_bytes_per_s = 0;     // delivered_bytes / sim_time_s
    std::string busiest_link;           // of highest utilisation; the first of equals
    double busiest_link_utilisation = 0;
    std::uint64_t peak_queue = 0;     // the longest queue any host had
    double busiest_host_share = 0;    // sessions the busiest host took part in / all sessions
    std::string busiest_host;         // the first by name among equals
    std::uint64_t notifications = 0;  // undeliverable-mail notifications sent
    double notification_latency_mean_s = 0;  // from the mail's submission to the notice's delivery
    std::uint64_t events = 0;
    double sim_time_s = 0;
};

// One host's share of a run's work.
struct HostLoad {
    std::string host;
    std::uint64_t sessions = 0;  // as client or server
    std::uint64_t bytes = 0;     // in and out
    std::uint64_t accepted = 0;  // mail taken over SMTP
    std::uint64_t peak_queue = 0;
};

// One link's busy time (sending, either way) over the run's simulated time;
// of its two directions, the busier.
struct LinkLoad {
    std::string link;  // "a-b", host names, a the end listed first in the topology's order
    double utilisation = 0;
};

struct RunRecord {
    std::size_t point = 0;     // the grid point of the swept values
    std::size_t topology = 0;  // index into Comparison::topologies
    mta::RoutingMode routing = mta::RoutingMode::next_hop;
    std::uint32_t replication = 0;  // 0 .. seeds-1
    std::uint64_t seed = 0;
    RunMetrics metrics;
    std::vector<HostLoad> hosts;            // in the topology's host order
    std::vector<std::int64_t> latency_ns;   // of every delivered recipient, ascending
    std::vector<LinkLoad> links;            // in the network's link order
    std::vector<std::uint64_t> hop_counts;  // [h]: delivered recipients that made h hops
    // Queue length per host every ComparisonSpec::queue_sample: [sample][host].
    std::vector<std::vector<std::uint32_t>> queue_samples;
};

struct ComparisonProgress {
    std::size_t runs_done = 0;
    std::size_t runs_total = 0;
    std::uint64_t events = 0;     // over all runs, finished and running
    std::uint64_t delivered = 0;  // over all runs
};
using ProgressCallback = std::function<void(const ComparisonProgress&)>;

// The most runs a comparison makes (grid points x topologies x modes x
// seeds): each keeps its measurements in memory until the tables are written,
// and a grid point loads the scenario on every topology before the first run.
inline constexpr std::uint64_t max_comparison_runs = 100'000;

// The runs a spec asks for; nothing when they are more than 2^64.
std::optional<std::uint64_t> planned_runs(const ComparisonSpec& spec);
// Throws core::InputError naming --set (or --seeds) when a spec asks for
// more than max_comparison_runs, saying how many.
void check_run_count(const ComparisonSpec& spec);

class Comparison {
  public:
    // Loads the scenario onto every topology. Throws core::InputError when a
    // file does not load, when a topology lacks a host the scenario names
    // (the workload would not be the same), when the spec is empty, or when
    // an outage is asked for on a topology without relays.
    explicit Comparison(ComparisonSpec spec);

    const ComparisonSpec& spec() const { return spec_; }
    const std::string& scenario_name() const { return topologies_.front().scenario.name; }
    // The topologies at the grid's first point (labels and files are the
    // same at every point; a failed host may differ).
    const std::vector<TopologyCase>& topologies() const { return topologies_; }
    const TopologyCase& topology_case(std::size_t point, std::size_t topology) const {
        return cases_[point * topologies_.size() + topology];
    }
    std::size_t point_count() const { return cases_.size() / topologies_.size(); }
    // The swept values at a point, in the order of the sweeps.
    std::vector<std::string> point_values(std::size_t point) const;
    // The column that names each sweep in the tables: its pointer's last
    // part ("rate"), or the whole pointer when two sweeps share a last part.
    const std::vector<std::string>& sweep_columns() const { return sweep_columns_; }
    const std::vector<mta::RoutingMode>& routings() const { return routings_; }
    const Baseline& baseline() const { return baseline_; }
    // "star" or "star in next-hop", as the tables name the baseline.
    std::string baseline_text() const;
    // The seed of replication k: the scenario's seed plus k (modulo 2^64),
    // the same on every topology and in every mode.
    std::uint64_t seed(std::uint32_t replication) const;
    std::size_t run_count() const { return cases_.size() * routings_.size() * spec_.seeds; }

    // Runs every (point, topology, mode, seed) on `jobs` threads; the records
    // come in that order (grid points with the last sweep fastest, topology
    // as given, mode as given, seed) whatever `jobs` is. `progress` is called on one thread at a
    // time.
    std::vector<RunRecord> run(unsigned jobs, const ProgressCallback& progress = {}) const;

    // The run of that index alone, as run() makes it: index (t * modes + m)
    // * seeds + k is topology t, mode m, replication k. For spreading the
    // runs over the processes of an MPI job (cluster/job.hpp).
    RunRecord run_at(std::size_t index) const { return run_one(index, {}); }

  private:
    void check_spec() const;
    TopologyCase load_case(const std::string& file, const std::string& label,
                           std::size_t point) const;
    Baseline parse_baseline(const std::string& text) const;
    RunRecord run_one(
        std::size_t index,
        const std::function<void(std::uint64_t events, std::uint64_t delivered)>& progress) const;

    ComparisonSpec spec_;
    std::vector<TopologyCase> topologies_;
    std::vector<TopologyCase> cases_;  // [point * topologies + topology]
    std::vector<mta::RoutingMode> routings_;
    std::vector<std::string> sweep_columns_;
    Baseline baseline_;
};

}  // namespace smtpsim::compare
