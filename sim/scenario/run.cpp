// Running a scenario with its outputs.
#include "scenario/run.hpp"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "core/calendar.hpp"
#include "core/input_error.hpp"
#include "core/stats.hpp"
#include "net/graphviz.hpp"
#include "scenario/workload.hpp"
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
        text += fmt::format("{:>12}s  {:<16} {:<10} mail {}", core::format_seconds(e.time), e.host,
                            trace::hop_kind_name(e.kind), e.message);
        if (e.about != 0) {
            text += fmt::format(" (notification about mail {})", e.about);
        }
        text += "\n";
        for (const smtp::Path& p : e.forward_paths) {
            text += fmt::format("{:>14}forward-path {}\n", "", p.format());
        }
        text += fmt::format("{:>14}reverse-path {}\n", "", e.reverse_path.format());
    }
    std::string text;

    void on_resolved(const trace::RecipientResolved& e) override {
        if (full_ || e.outcome == trace::Outcome::delivered) {
            return;
        }
        outcomes += fmt::format("{:>12}s  {} to {}: {}", core::format_seconds(e.time),
                                trace::outcome_name(e.outcome), e.forward_path.format(), e.reason);
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
        delivered += e.outcome == trace::Outcome::delivered ? 1 : 0;
    }
    std::uint64_t delivered = 0;
};

std::ofstream open_output(const fs::path& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        throw core::InputError(path.string(), "", "cannot open the file for writing");
    }
    return out;
}

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out = open_output(path);
    out << text;
    if (!out) {
        throw core::InputError(path.string(), "", "error while writing the file");
    }
}

double round6(double x) {
    return std::round(x * 1e6) / 1e6;
}

}  // namespace

nlohmann::ordered_json make_summary(const Scenario& scenario, const mta::Simulation& sim,
                                    std::uint64_t seed, double wall_time_s) {
    using nlohmann::ordered_json;
    const mta::Ledger& ledger = sim.ledger();
    const mta::Ledger::Totals totals = ledger.totals();
    core::Summary latency;
    core::Summary hops;
    core::Summary notification_latency;
    for (std::uint64_t id = 1; id <= ledger.recipient_count(); ++id) {
        const mta::RecipientRecord& r = ledger.recipient(id);
        if (!r.outcome) {
            continue;
        }
        if (r.counted && *r.outcome == trace::Outcome::delivered) {
            latency.add(r.time - ledger.message(r.message).injected);
            hops.add(std::int64_t{r.hops});
        }
        if (!r.counted && *r.outcome == trace::Outcome::delivered) {
            notification_latency.add(r.time - ledger.message(r.message).injected);
        }
    }
    auto seconds = [](std::int64_t ns) { return round6(static_cast<double>(ns) / 1e9); };
    auto distribution = [&](const core::Summary& s) {
        return ordered_json{{"mean", round6(s.mean() / 1e9)},
                            {"p50", seconds(s.percentile(50))},
                            {"p95", seconds(s.percentile(95))},
                            {"p99", seconds(s.percentile(99))},
                            {"max", seconds(s.max())}};
    };

    ordered_json j;
    j["scenario"] = scenario.name;
    j["seed"] = seed;
    j["routing"] = std::string(mta::routing_mode_name(sim.config().routing));
    j["start"] = core::format_utc_timestamp(sim.config().epoch_unix);
    j["sim_time_s"] = round6(sim.scheduler().now().seconds());
    j["events"] = sim.scheduler().executed();
    j["wall_time_s"] = round6(wall_time_s);
    j["messages"] = {{"injected", totals.injected},         {"recipients", totals.recipients},
                     {"delivered", totals.delivered},       {"returned", totals.returned},
                     {"unreturnable", totals.unreturnable}, {"in_flight", totals.in_flight}};
    j["latency_s"] = distribution(latency);
    j["hops"] = {{"mean", round6(hops.mean())}, {"max", hops.max()}};
    j["sessions"] = sim.counters().sessions;
    j["commands"] = sim.counters().commands;
    j["notifications"] = {{"sent", sim.counters().notifications},
                          {"latency_s", distribution(notification_latency)}};
    // Mail that did not arrive, by what stopped it and where.
    ordered_json returned_by_cause = ordered_json::object();
    ordered_json returned_by_host = ordered_json::object();
    ordered_json unreturnable_by_cause = ordered_json::object();
    ordered_json unreturnable_by_host = ordered_json::object();
    std::map<std::string, std::uint64_t> counts[4];
    for (std::uint64_t id = 1; id <= ledger.recipient_count(); ++id) {
        const mta::RecipientRecord& r = ledger.recipient(id);
        if (!r.counted || !r.outcome) {
            continue;
        }
        const std::string& cause = ledger.cause_name(r.cause);
        const std::string host =
            r.host == mta::RecipientRecord::no_host ? std::string() : sim.hosts()[r.host].name;
        if (*r.outcome == trace::Outcome::returned) {
            ++counts[0][cause];
            ++counts[1][host];
        } else if (*r.outcome == trace::Outcome::unreturnable) {
            ++counts[2][cause];
            ++counts[3][host];
        }
    }
    ordered_json* targets[4] = {&returned_by_cause, &returned_by_host, &unreturnable_by_cause,
                                &unreturnable_by_host};
    for (int k = 0; k < 4; ++k) {
        for (const auto& [key, n] : counts[k]) {
            (*targets[k])[key] = n;
        }
    }
    j["returned"] = {{"by_cause", returned_by_cause}, {"by_host", returned_by_host}};
    j["unreturnable"] = {{"by_cause", unreturnable_by_cause}, {"by_host", unreturnable_by_host}};
    const mta::RunCounters& c = sim.counters();
    j["retries"] = c.retries;
    j["duplicates"] = c.duplicates;
    j["failed_connections"] = c.failed_connections;
    j["broken_sessions"] = c.broken_sessions;
    j["reroutes"] = c.reroutes;

    ordered_json hosts = ordered_json::object();
    for (const mta::Host& h : sim.hosts()) {
        hosts[h.name] = {
            {"sessions_in", h.counters.sessions_in}, {"sessions_out", h.counters.sessions_out},
            {"commands", h.counters.commands_in},    {"bytes_in", h.counters.bytes_in},
            {"bytes_out", h.counters.bytes_out},     {"accepted", h.counters.accepted},
            {"delivered", h.counters.delivered},     {"peak_queue", h.counters.peak_queue},
            {"duplicates", h.counters.duplicates}};
    }
    j["hosts"] = std::move(hosts);
    ordered_json links = ordered_json::array();
    const mta::Network& network = sim.network();
    for (mta::LinkIndex l = 0; l < network.link_count(); ++l) {
        const mta::LinkState& s = network.link(l);
        links.push_back({{"a", sim.hosts()[s.a].name},
                         {"b", sim.hosts()[s.b].name},
                         {"sessions", s.sessions},
                         {"bytes_a_to_b", s.bytes[0]},
                         {"bytes_b_to_a", s.bytes[1]}});
    }
    j["links"] = std::move(links);
    return j;
}

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
    RunResult result;
    result.seed = options.seed.value_or(scenario.seed);
    mta::SimulationConfig config = scenario.config;
    if (options.routing) {
        config.routing = *options.routing;
    }
    result.routing = config.routing;

    // Check the output folder before anything runs or is written.
    if (options.out) {
        std::error_code error;
        fs::create_directories(*options.out, error);
        if (error || !fs::is_directory(*options.out)) {
            throw core::InputError(options.out->string(), "",
                                   "cannot create the output folder" +
                                       (error ? ": " + error.message() : std::string()));
        }
    }

    trace::Bus bus;
    std::ostringstream transcript_text;
    std::unique_ptr<std::ofstream> transcript_file, hops_file, events_file, outcomes_file;
    std::unique_ptr<trace::TranscriptWriter> transcript_writer, transcript_keeper;
    std::unique_ptr<trace::HopWriter> hop_writer;
    std::unique_ptr<trace::EventWriter> event_writer;
    std::unique_ptr<trace::OutcomeWriter> outcome_writer;
    HopStory story(options.keep_sessions);
    if (options.out && options.transcript) {
        transcript_file =
            std::make_unique<std::ofstream>(open_output(*options.out / "transcript.txt"));
        transcript_writer = std::make_unique<trace::TranscriptWriter>(*transcript_file);
        bus.subscribe(*transcript_writer);
    }
    if (options.keep_transcript_text) {
        transcript_keeper = std::make_unique<trace::TranscriptWriter>(transcript_text);
        transcript_keeper->set_session_limit(options.keep_sessions);
        bus.subscribe(*transcript_keeper);
    }
    if (options.out && options.hops) {
        hops_file = std::make_unique<std::ofstream>(open_output(*options.out / "hops.jsonl"));
        hop_writer = std::make_unique<trace::HopWriter>(*hops_file);
        bus.subscribe(*hop_writer);
    }
    if (options.out && options.events) {
        events_file = std::make_unique<std::ofstream>(open_output(*options.out / "events.jsonl"));
        event_writer = std::make_unique<trace::EventWriter>(*events_file);
        bus.subscribe(*event_writer);
    }
    if (options.out && options.outcomes) {
        outcomes_file =
            std::make_unique<std::ofstream>(open_output(*options.out / "outcomes.jsonl"));
        outcome_writer = std::make_unique<trace::OutcomeWriter>(*outcomes_file);
        bus.subscribe(*outcome_writer);
    }
    if (options.keep_hop_story) {
        bus.subscribe(story);
    }
    for (trace::Observer* observer : options.observers) {
        bus.subscribe(*observer);
    }
    DeliveryCounter delivery_counter;
    if (options.progress) {
        bus.subscribe(delivery_counter);
    }

    Scenario seeded = scenario;
    seeded.seed = result.seed;
    config.seed = result.seed;
    mta::Simulation sim(*scenario.topology, config, bus);
    for (const mta::FailureSpec& failure : scenario.failures) {
        sim.add_failure(failure);
    }
    const auto started = std::chrono::steady_clock::now();
    auto workload = schedule_workload(sim, seeded);
    if (options.progress) {
        sim.on_progress(
            [&] {
                options.progress(RunProgress{sim.scheduler().now(), config.stop,
                                             sim.scheduler().executed(),
                                             delivery_counter.delivered});
            },
            options.progress_every);
    }
    sim.run();
    if (options.inspect) {
        options.inspect(sim);
    }
    result.wall_time_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    if (transcript_writer) {
        transcript_writer->finish();
    }
    if (transcript_keeper) {
        transcript_keeper->finish();
        result.transcript = transcript_text.str();
    }
    result.hop_story = std::move(story.text);
    result.outcome_story = std::move(story.outcomes);
    result.totals = sim.ledger().totals();
    result.sessions = sim.counters().sessions;
    result.summary = make_summary(seeded, sim, result.seed, result.wall_time_s);
    if (options.out) {
        write_file(*options.out / "summary.json", result.summary.dump(2) + "\n");
        // The topology, with the hosts and links that carried mail drawn bold.
        net::DotUsage usage;
        for (const mta::Host& h : sim.hosts()) {
            usage.hosts.push_back(h.counters.sessions_in + h.counters.sessions_out);
        }
        const mta::Network& network = sim.network();
        for (mta::LinkIndex l = 0; l < network.link_count(); ++l) {
            const mta::LinkState& link = network.link(l);
            usage.links[{link.a, link.b}] = link.sessions;
        }
        std::ostringstream dot;
        net::write_topology_dot(dot, *scenario.topology, &usage);
        write_file(*options.out / "topology.dot", dot.str());
    }
    return result;
}

}  // namespace smtpsim::scenario
