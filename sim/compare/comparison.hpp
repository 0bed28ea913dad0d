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

struct ComparisonSpec {
    std::string scenario_file;
    std::vector<std::string> topology_files;
    std::vector<mta::RoutingMode> routings;  // empty: the scenario's own mode
    std::uint32_t seeds = 10;
    // Added to the scenario's failure plan, on every topology.
    std::optional<Outage> busiest_relay_down;
};

// The scenario loaded on one topology of the comparison.
struct TopologyCase {
    std::string label;  // the file's stem ("star"), or its path when stems repeat
    std::string file;
    scenario::Scenario scenario;
    std::string failed_host;  // the busiest relay taken down, if the spec asks
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
    double latency_mean_s = 0;  // submission to mailbox, delivered recipients
    double latency_p95_s = 0;
    double hops_mean = 0;
    std::uint64_t hops_max = 0;
    std::uint64_t sessions = 0;
    double sessions_per_delivered = 0;
    std::uint64_t link_bytes = 0;  // both directions of every link
    double link_bytes_per_delivered = 0;
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

struct RunRecord {
    std::size_t topology = 0;  // index into Comparison::topologies
    mta::RoutingMode routing = mta::RoutingMode::next_hop;
    std::uint32_t replication = 0;  // 0 .. seeds-1
    std::uint64_t seed = 0;
    RunMetrics metrics;
    std::vector<HostLoad> hosts;           // in the topology's host order
    std::vector<std::int64_t> latency_ns;  // of every delivered recipient, ascending
};

struct ComparisonProgress {
    std::size_t runs_done = 0;
    std::size_t runs_total = 0;
    std::uint64_t events = 0;     // over all runs, finished and running
    std::uint64_t delivered = 0;  // over all runs
};
using ProgressCallback = std::function<void(const ComparisonProgress&)>;

class Comparison {
  public:
    // Loads the scenario onto every topology. Throws core::InputError when a
    // file does not load, when a topology lacks a host the scenario names
    // (the workload would not be the same), when the spec is empty, or when
    // an outage is asked for on a topology without relays.
    explicit Comparison(ComparisonSpec spec);

    const ComparisonSpec& spec() const { return spec_; }
    const std::string& scenario_name() const { return topologies_.front().scenario.name; }
    const std::vector<TopologyCase>& topologies() const { return topologies_; }
    const std::vector<mta::RoutingMode>& routings() const { return routings_; }
    // The seed of replication k: the scenario's seed plus k (modulo 2^64),
    // the same on every topology and in every mode.
    std::uint64_t seed(std::uint32_t replication) const;
    std::size_t run_count() const { return topologies_.size() * routings_.size() * spec_.seeds; }

    // Runs every (topology, mode, seed) on `jobs` threads; the records come
    // in that order (topology as given, mode as given, seed) whatever `jobs`
    // is. `progress` is called on one thread at a time.
    std::vector<RunRecord> run(unsigned jobs, const ProgressCallback& progress = {}) const;

    // The run of that index alone, as run() makes it: index (t * modes + m)
    // * seeds + k is topology t, mode m, replication k. For spreading the
    // runs over the processes of an MPI job (cluster/job.hpp).
    RunRecord run_at(std::size_t index) const { return run_one(index, {}); }

  private:
    RunRecord run_one(
        std::size_t index,
        const std::function<void(std::uint64_t events, std::uint64_t delivered)>& progress) const;

    ComparisonSpec spec_;
    std::vector<TopologyCase> topologies_;
    std::vector<mta::RoutingMode> routings_;
};

}  // namespace smtpsim::compare
