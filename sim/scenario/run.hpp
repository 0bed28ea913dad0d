// Running a scenario end to end: build the simulation, attach the outputs
// that are asked for and the run statistics, run, and summarise. The CLI's
// `run` is this plus argument parsing; comparisons call it once per
// topology, mode and seed.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/output_folder.hpp"
#include "mta/simulation.hpp"
#include "scenario/scenario.hpp"
#include "trace/routing_trace.hpp"
#include "trace/statistics.hpp"
#include "trace/trace.hpp"

namespace smtpsim::scenario {

// Where a run stands, for a progress display.
struct RunProgress {
    core::Time now;                  // simulated time reached
    std::optional<core::Time> stop;  // the scenario's stop time, if any
    std::uint64_t events = 0;        // events executed so far
    std::uint64_t delivered = 0;     // recipients of injected mail delivered so far
};

struct RunOptions {
    std::optional<std::uint64_t> seed;         // overrides the scenario's seed
    std::optional<mta::RoutingMode> routing;   // overrides the scenario's routing mode
    std::optional<std::filesystem::path> out;  // where to write the files; nothing: no files
    // The folder `out` names, opened already (a comparison's example run, in
    // a folder below its own): used instead of opening `out`.
    std::optional<core::OutputFolder> out_folder;
    bool transcript = true;             // transcript.txt
    bool events = true;                 // events.jsonl
    bool hops = true;                   // hops.jsonl
    bool outcomes = true;               // outcomes.jsonl
    bool routing_table = true;          // routing.jsonl (distance-vector routing only)
    bool keep_transcript_text = false;  // also keep the transcript in RunResult::transcript
    bool explain = false;  // transcripts with the receiver's state and each reply's 4.3 class
    bool keep_hop_story = false;  // keep a readable story of paths per hop
    // Keep the transcript and the story of the first this many sessions only
    // (what a terminal can show); nothing: all of them.
    std::optional<std::uint64_t> keep_sessions;
    std::vector<trace::Observer*> observers;  // more observers of the run's trace events
    // Called from the run's own thread every `progress_every` events and at the end.
    std::function<void(const RunProgress&)> progress;
    std::uint64_t progress_every = 1u << 16;
    // Set (to a signal number, say) from elsewhere to end the run early: the
    // run stops within a few thousand events, what is unresolved counts as in
    // flight, the files are written whole and summary.json says
    // "interrupted": true.
    const std::atomic<int>* interrupt = nullptr;
    // Instead of running the simulation to its end: a caller that advances
    // the scheduler itself (smtpsim serve, in real time) and then calls
    // Simulation::finish(). The workload and failure plan are scheduled
    // first, the outputs written after, as for any run.
    std::function<void(mta::Simulation&, core::Scheduler&)> drive;
    // More for summary.json, once the run is over (what the driver measured).
    std::function<void(nlohmann::ordered_json&)> add_to_summary;
    // Stop the run after this many events, as an interrupt does, but with
    // summary.json's "stopped" saying why; nothing: no ceiling.
    std::optional<std::uint64_t> max_events;
};

// The names of every file `run` may write in its output folder. A run removes
// those of them it does not write itself, so that the folder never holds
// another run's files beside its own.
inline constexpr const char* run_output_files[] = {
    "transcript.txt", "hops.jsonl",   "events.jsonl", "outcomes.jsonl",
    "topology.dot",   "summary.json", "report.html",  "routing.jsonl",
};

struct RunResult {
    std::uint64_t seed = 0;
    mta::RoutingMode routing = mta::RoutingMode::next_hop;
    double wall_time_s = 0;       // not in any file: the files are the same on every run
    trace::OutcomeTotals totals;  // as the ledger counted them
    std::unique_ptr<trace::RunStatistics> statistics;
    std::unique_ptr<trace::RoutingStatistics> routing_statistics;  // distance-vector only
    std::uint64_t events = 0;                                      // events executed
    core::Time sim_time;                                           // simulated time at the end
    nlohmann::ordered_json summary;                                // as written to summary.json
    std::string transcript;                                        // when keep_transcript_text
    std::string hop_story;                                         // when keep_hop_story
    std::string outcome_story;  // when keep_hop_story: the mail that was not delivered
    std::uint64_t sessions = 0;
    bool interrupted = false;  // RunOptions::interrupt ended the run early
    // Why the run stopped early on its own (RunOptions::max_events, or an
    // instant where it could not progress); empty if it did not.
    std::string stopped;
};

// Throws core::InputError naming the first thing in `out` that a run could
// not write: a file of run_output_files that is a folder, a device or a
// pipe; a mailboxes/ or terminals/ that is a symbolic link or not a folder.
void check_run_folder(const core::OutputFolder& out);

// Runs the scenario. Its files are written under temporary names and renamed
// into place at the end, summary.json last; files of an earlier run that
// this one does not write are removed. Throws core::InputError when the
// output folder cannot be used (checked before the run starts: the folder
// itself, or a folder the run writes into, is a symbolic link or not a
// folder; a file it writes is a folder, a device, a pipe) and
// core::OutputError when a write fails (nothing of the run is then left).
RunResult run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace smtpsim::scenario
