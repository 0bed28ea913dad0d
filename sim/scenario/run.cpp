// Running a scenario with its outputs.
#include "scenario/run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <memory>
#include <ostream>
#include <sstream>

#include "core/input_error.hpp"
#include "core/output_file.hpp"
#include "net/graphviz.hpp"
#include "scenario/summary.hpp"
#include "scenario/workload.hpp"
#include "trace/mailbox_writer.hpp"
#include "trace/routing_trace.hpp"
#include "trace/writers.hpp"

namespace smtpsim::scenario {
namespace {

namespace fs = std::filesystem;

// The paths as they stand at each host, for people: what the built-in
// scenario shows a newcomer.
class HopStory : public trace::Observer {
  public:
    explicit HopStory(std::optional<std::uint64_t> max_sessions) : max_sessions_(max_sessions) {}
    unsigned interests() const override { return trace::hops | trace::sessions | trace::outcomes; }
    void on_session_opened(const trace::SessionOpened& e) override {
        if (max_sessions_ && e.session > *max_sessions_) {
            full_ = true;
            text.clear();
            outcomes.clear();
        }
    }
    void on_hop(const trace::Hop& e) override {
        if (full_) {
            return;
        }
        text += fmt::format("{:>12}s  {:<16} {:<10} mail {}", core::format_seconds(e.time),
                            e.host_name, trace::hop_kind_name(e.kind), e.message);
        if (e.about != 0) {
            text += fmt::format(" (notification about mail {})", e.about);
        }
        if (e.kind == trace::HopKind::delivered && e.destination != trace::Destination::mailbox) {
            text += e.destination == trace::Destination::both
                        ? std::string(" to terminal and mailbox")
                        : fmt::format(" to {}", trace::destination_names(e.destination));
        }
        text += "\n";
        for (const trace::HopRecipient& r : e.recipients) {
            text += fmt::format("{:>14}forward-path {}\n", "", r.forward_path->format());
        }
        text += fmt::format("{:>14}reverse-path {}\n", "", e.reverse_path.format());
    }
    // "returned to <alice@A> (about <dan@D>)": the mail goes back to its
    // originator; the recipient is what it is about.
    static std::string what_became(const trace::RecipientResolved& e) {
        const std::string recipient = e.forward_path.format();
        switch (e.outcome) {
            case trace::Outcome::returned:
                return fmt::format("returned to {} (about {})", e.originator, recipient);
            case trace::Outcome::unreturnable:
                return fmt::format("not returnable to {} (about {})", e.originator, recipient);
            case trace::Outcome::in_flight:
                return "still in flight to " + recipient;
            case trace::Outcome::delivered:
                break;
        }
        return "delivered to " + recipient;
    }
    void on_resolved(const trace::RecipientResolved& e) override {
        if (full_ || !e.counted || e.outcome == trace::Outcome::delivered) {
            return;
        }
        outcomes +=
            fmt::format("{:>12}s  {}: {}", core::format_seconds(e.time), what_became(e), e.reason);
        if (e.reply != nullptr) {
            outcomes += fmt::format(" ({} {})", e.reply->code,
                                    e.reply->lines.empty() ? "" : e.reply->lines.front());
        }
        if (!e.notification_route.empty()) {
            outcomes += "; the notification went";
            for (std::string_view host : e.notification_route) {
                outcomes += " " + std::string(host);
            }
        }
        outcomes += "\n";
    }
    std::string text;
    std::string outcomes;  // every recipient that was not delivered, and why

  private:
    std::optional<std::uint64_t> max_sessions_;
    bool full_ = false;
};

// Counts deliveries for a progress display.
class DeliveryCounter : public trace::Observer {
  public:
    unsigned interests() const override { return trace::outcomes; }
    void on_resolved(const trace::RecipientResolved& e) override {
        delivered += e.counted && e.outcome == trace::Outcome::delivered ? 1 : 0;
    }
    std::uint64_t delivered = 0;
};

// The trace files a run writes, one row each.
struct TraceFile {
    const char* name;
    bool RunOptions::*wanted;
    std::unique_ptr<trace::Observer> (*make)(std::ostream& out, const RunOptions& options);
    bool learned_routes_only = false;  // written in distance-vector routing only
};

template <typename Writer>
std::unique_ptr<trace::Observer> make_writer(std::ostream& out, const RunOptions&) {
    return std::make_unique<Writer>(out);
}

std::unique_ptr<trace::Observer> make_transcript(std::ostream& out, const RunOptions& options) {
    return std::make_unique<trace::TranscriptWriter>(out, options.explain);
}

constexpr TraceFile trace_files[] = {
    {"transcript.txt", &RunOptions::transcript, &make_transcript},
    {"hops.jsonl", &RunOptions::hops, &make_writer<trace::HopWriter>},
    {"events.jsonl", &RunOptions::events, &make_writer<trace::EventWriter>},
    {"outcomes.jsonl", &RunOptions::outcomes, &make_writer<trace::OutcomeWriter>},
    {"routing.jsonl", &RunOptions::routing_table, &make_writer<trace::RoutingWriter>, true},
};

// The observers of one run: files, kept texts, statistics.
struct Outputs {
    std::vector<std::unique_ptr<core::AtomicFile>> files;
    std::vector<std::unique_ptr<trace::Observer>> writers;
    std::ostringstream transcript_text;
    std::unique_ptr<trace::TranscriptWriter> transcript_keeper;
    std::unique_ptr<HopStory> story;
    std::unique_ptr<trace::MailboxWriter> mail;  // mailboxes/ and terminals/
    DeliveryCounter delivered;

    void attach(trace::Bus& bus, const RunOptions& options,
                const std::optional<core::OutputFolder>& out, mta::RoutingMode routing) {
        const bool learned = routing == mta::RoutingMode::distance_vector;
        for (const TraceFile& row : trace_files) {
            if (out && options.*row.wanted && (learned || !row.learned_routes_only)) {
                files.push_back(std::make_unique<core::AtomicFile>(*out, row.name));
                writers.push_back(row.make(files.back()->stream(), options));
                bus.subscribe(*writers.back());
            }
        }
        if (options.keep_transcript_text) {
            transcript_keeper =
                std::make_unique<trace::TranscriptWriter>(transcript_text, options.explain);
            transcript_keeper->set_session_limit(options.keep_sessions);
            bus.subscribe(*transcript_keeper);
        }
        if (options.keep_hop_story) {
            story = std::make_unique<HopStory>(options.keep_sessions);
            bus.subscribe(*story);
        }
        for (trace::Observer* observer : options.observers) {
            bus.subscribe(*observer);
        }
        if (options.progress) {
            bus.subscribe(delivered);
        }
    }

    // The delivered mail as files, when the hosts keep its text.
    void attach_mail(trace::Bus& bus, const std::optional<core::OutputFolder>& out,
                     const mta::SimulationConfig& config) {
        if (out && config.keep_mail_text) {
            mail = std::make_unique<trace::MailboxWriter>(config.epoch_unix);
            bus.subscribe(*mail);
        }
    }

    void finish(RunResult& result) {
        for (const auto& writer : writers) {
            writer->finish();
        }
        if (transcript_keeper) {
            transcript_keeper->finish();
            result.transcript = transcript_text.str();
        }
        if (story) {
            result.hop_story = std::move(story->text);
            result.outcome_story = std::move(story->outcomes);
        }
    }
};

// The output folder, opened (made if missing) and checked (check_run_folder).
core::OutputFolder output_folder(const RunOptions& options) {
    core::OutputFolder out =
        options.out_folder ? *options.out_folder : core::OutputFolder::open(*options.out);
    check_run_folder(out);
    return out;
}

// The topology, with the hosts and links that carried mail drawn bold.
void write_topology_dot(std::ostream& out, const Scenario& scenario, const RunResult& result) {
    net::DotUsage usage;
    const trace::RunStatistics& stats = *result.statistics;
    for (const trace::HostStatistics& h : stats.hosts()) {
        usage.hosts.push_back(h.sessions_in + h.sessions_out);
    }
    usage.links.reserve(stats.links().size());
    for (const trace::LinkStatistics& l : stats.links()) {
        usage.links[{l.a, l.b}] = l.sessions;
    }
    net::write_topology_dot(out, *scenario.topology, &usage);
}

// Puts the run's files in place: the trace files, the topology, the
// delivered mail, then summary.json, whose presence says that the folder
// holds a whole run. Files of an earlier run that this one does not write are
// removed once the new ones are whole on disk.
void commit_files(const core::OutputFolder& out, Outputs& outputs, const Scenario& scenario,
                  const RunResult& result) {
    // Both straight into their files: on 100,000 hosts each is tens of megabytes.
    core::AtomicFile dot(out, "topology.dot");
    write_topology_dot(dot.stream(), scenario, result);
    core::AtomicFile summary(out, "summary.json");
    summary.stream() << std::setw(2) << result.summary << "\n";
    // Every file whole on disk (or an OutputError) before any replaces its target.
    std::vector<fs::path> written{dot.target(), summary.target()};
    for (const auto& file : outputs.files) {
        file->close();
        written.push_back(file->target());
    }
    dot.close();
    summary.close();
    for (const char* name : run_output_files) {
        if (std::find(written.begin(), written.end(), out.path_of(name)) == written.end()) {
            out.remove_file(name);  // gone already is fine; what cannot go is checked above
        }
    }
    // The delivered mail of an earlier run (folders checked to be folders).
    for (const char* folder : {"mailboxes", "terminals"}) {
        if (out.kind(folder) == core::EntryKind::folder) {
            out.remove_all(folder);
        }
    }
    for (const auto& file : outputs.files) {
        file->commit();
    }
    dot.commit();
    if (outputs.mail) {
        outputs.mail->write(out);
    }
    summary.commit();
}

std::vector<std::string> host_names(const net::Topology& topology) {
    std::vector<std::string> names;
    names.reserve(topology.host_count());
    for (net::HostId h = 0; h < topology.host_count(); ++h) {
        names.push_back(topology.name(h));
    }
    return names;
}

// Progress display and interruption, both checked between batches of events.
void watch_progress(mta::Simulation& sim, const core::Scheduler& scheduler,
                    const RunOptions& options, const DeliveryCounter& delivered) {
    if (!options.progress && options.interrupt == nullptr) {
        return;
    }
    constexpr std::uint64_t interrupt_every = 1u << 12;
    const std::uint64_t every = options.interrupt != nullptr
                                    ? std::min(options.progress_every, interrupt_every)
                                    : options.progress_every;
    const std::optional<core::Time> stop = sim.config().stop;
    sim.on_progress(
        [&sim, &scheduler, &options, &delivered, stop] {
            if (options.interrupt != nullptr && options.interrupt->load() != 0) {
                sim.interrupt();
            }
            if (options.progress) {
                options.progress(
                    RunProgress{scheduler.now(), stop, scheduler.executed(), delivered.delivered});
            }
        },
        every);
}

// summary.json: the run's statistics, the distance-vector routing's when it
// ran, and whether the run was interrupted.
void summarize(RunResult& result, const std::string& scenario_name, const mta::Simulation& sim,
               const mta::SimulationConfig& config) {
    result.summary =
        make_summary({scenario_name, result.seed, &sim.config(), result.sim_time, result.events},
                     *result.statistics);
    if (result.routing_statistics) {
        result.summary["distance_vector"] =
            routing_summary(config.distance_vector, config.hop_limit, *result.routing_statistics);
    }
    result.interrupted = sim.interrupted();
    result.stopped = sim.stopped();
    if (result.interrupted || !result.stopped.empty()) {
        result.summary["interrupted"] = true;
    }
    if (!result.stopped.empty()) {
        result.summary["stopped"] = result.stopped;
    }
}

}  // namespace

void check_run_folder(const core::OutputFolder& out) {
    for (const char* name : run_output_files) {
        core::check_output_target(out, name);
    }
    for (const char* folder : {"mailboxes", "terminals"}) {
        out.check_folder(folder, "the delivered mail");
    }
}

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
    RunResult result;
    result.seed = options.seed.value_or(scenario.seed);
    mta::SimulationConfig config = scenario.config;
    config.routing = options.routing.value_or(config.routing);
    config.seed = result.seed;
    if (options.max_events) {
        config.max_events = options.max_events;
    }
    result.routing = config.routing;
    std::optional<core::OutputFolder> out;
    if (options.out || options.out_folder) {
        out = output_folder(options);  // before anything runs or is written
    }

    trace::Bus bus;
    Outputs outputs;
    outputs.attach_mail(bus, out, config);  // checks its folders before any file is opened
    outputs.attach(bus, options, out, config.routing);
    if (config.routing == mta::RoutingMode::distance_vector) {
        result.routing_statistics =
            std::make_unique<trace::RoutingStatistics>(host_names(*scenario.topology));
        bus.subscribe(*result.routing_statistics);
    }
    core::Scheduler scheduler;
    mta::Simulation sim(*scenario.topology, config, scheduler, bus);
    result.statistics = std::make_unique<trace::RunStatistics>(host_names(*scenario.topology),
                                                               sim.network().link_ends());
    bus.subscribe(*result.statistics);
    for (const mta::FailureSpec& failure : scenario.failures) {
        sim.add_failure(failure);
    }
    Scenario seeded = scenario;
    seeded.seed = result.seed;
    const auto started = std::chrono::steady_clock::now();
    auto workload = schedule_workload(sim, scheduler, seeded);
    watch_progress(sim, scheduler, options, outputs.delivered);
    if (options.drive) {
        options.drive(sim, scheduler);
    } else {
        sim.run();
    }
    result.wall_time_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    outputs.finish(result);
    result.totals = sim.totals();
    result.events = scheduler.executed();
    result.sim_time = scheduler.now();
    result.sessions = result.statistics->sessions();
    summarize(result, scenario.name, sim, config);
    if (options.add_to_summary) {
        options.add_to_summary(result.summary);
    }
    if (out) {
        commit_files(*out, outputs, scenario, result);
    }
    return result;
}

}  // namespace smtpsim::scenario
