// `smtpsim run`: run a scenario (or the built-in RFC 821 relay scenario),
// write its outputs, and show the transcript and a summary.
#include <fmt/format.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/progress.hpp"
#include "cli/validators.hpp"
#include "core/plural.hpp"
#include "core/time.hpp"
#include "scenario/run.hpp"

namespace smtpsim::cli {
namespace {

struct RunArgs {
    std::string scenario_file;
    std::optional<std::uint64_t> seed;
    std::string routing;
    std::string out;
    bool quiet = false;
    bool no_transcript = false;
    bool explain = false;
    bool no_events = false;
    bool no_hops = false;
};

// What the terminal shows of small runs.
constexpr std::uint64_t max_sessions_shown = 20;

int run(const RunArgs& args) {
    const scenario::Scenario scenario = args.scenario_file.empty()
                                            ? scenario::builtin_relay_scenario()
                                            : scenario::load_scenario(args.scenario_file);
    scenario::RunOptions options;
    options.seed = args.seed;
    if (!args.routing.empty()) {
        options.routing = mta::parse_routing_mode(args.routing);
    }
    options.out = args.out.empty() ? std::filesystem::path("results") / scenario.name
                                   : std::filesystem::path(args.out);
    options.transcript = !args.no_transcript;
    options.events = !args.no_events;
    options.hops = !args.no_hops;
    options.keep_transcript_text = !args.quiet && !args.no_transcript;
    options.explain = args.explain;
    options.keep_hop_story = !args.quiet;
    options.keep_sessions = max_sessions_shown;

    std::optional<ProgressBar> bar;
    if (!args.quiet && ProgressBar::wanted()) {
        bar.emplace();
        options.progress = [&bar](const scenario::RunProgress& p) {
            std::optional<double> fraction;
            if (p.stop && p.stop->count_ns() > 0) {
                fraction = p.now.seconds() / p.stop->seconds();
            }
            bar->update(
                fraction, p.events,
                fmt::format("simulated {:.1f}s  delivered {}", p.now.seconds(), p.delivered));
        };
    }
    const scenario::RunResult result = scenario::run_scenario(scenario, options);
    bar.reset();  // erased before the results are shown
    const auto& s = result.summary;
    if (!args.quiet) {
        if (result.sessions <= max_sessions_shown && !result.transcript.empty()) {
            fmt::print("Sessions (S: sender-SMTP, R: receiver-SMTP)\n\n{}", result.transcript);
        }
        if (result.sessions <= max_sessions_shown && !result.hop_story.empty()) {
            fmt::print("Paths at each host\n\n{}\n", result.hop_story);
        }
        if (result.sessions <= max_sessions_shown && !result.outcome_story.empty()) {
            fmt::print("Mail that was not delivered\n\n{}\n", result.outcome_story);
        }
        const auto& m = s["messages"];
        fmt::print("scenario {} (seed {}, routing {})\n", scenario.name, result.seed,
                   s["routing"].get<std::string>());
        const auto count = [](const nlohmann::json& value, std::string_view singular,
                              std::string_view plural = {}) {
            return core::count_of(value.get<std::uint64_t>(), singular, plural);
        };
        fmt::print("  simulated {}s in {:.3f}s of wall time, {}\n", s["sim_time_s"].dump(),
                   result.wall_time_s, count(s["events"], "event"));
        fmt::print(
            "  mail: {} injected, {}: {} delivered, {} returned, {} unreturnable, "
            "{} in flight\n",
            m["injected"].dump(), count(m["recipients"], "recipient"), m["delivered"].dump(),
            m["returned"].dump(), m["unreturnable"].dump(), m["in_flight"].dump());
        fmt::print("  delivery latency: mean {}s, p95 {}s, max {}s; hops: mean {}, max {}\n",
                   s["latency_s"]["mean"].dump(), s["latency_s"]["p95"].dump(),
                   s["latency_s"]["max"].dump(), s["hops"]["mean"].dump(), s["hops"]["max"].dump());
        fmt::print("  {}, {}, {}\n", count(s["sessions"], "session"),
                   count(s["commands"], "command"),
                   count(s["notifications"]["sent"], "notification"));
        if (s["retries"] != 0 || s["failed_connections"] != 0 || s["broken_sessions"] != 0 ||
            s["duplicates"] != 0) {
            fmt::print("  {}, {}, {}, {}\n", count(s["retries"], "retry", "retries"),
                       count(s["failed_connections"], "failed connection"),
                       count(s["broken_sessions"], "broken session"),
                       count(s["duplicates"], "duplicate"));
        }
        fmt::print("  outputs in {}/\n", options.out->string());
    }
    if (!result.totals.balanced()) {
        std::cerr << fmt::format(
            "smtpsim: error: the accounting does not balance: {} recipients, {} delivered + {} "
            "returned + {} unreturnable + {} in flight\n",
            result.totals.recipients, result.totals.delivered, result.totals.returned,
            result.totals.unreturnable, result.totals.in_flight);
        return 1;
    }
    return 0;
}

}  // namespace

void add_run_command(CLI::App& app, Registry& registry) {
    auto args = std::make_shared<RunArgs>();
    CLI::App* sub = app.add_subcommand(
        "run",
        "Run a scenario (with no file: RFC 821's relayed-mail scenario) and write its outputs");
    sub->add_option("scenario", args->scenario_file, "Scenario file (JSON)")
        ->check(CLI::ExistingFile);
    sub->add_option("--seed", args->seed, "Run seed (overrides the scenario's)")
        ->check(whole_number(0, UINT64_MAX));
    sub->add_option("--routing", args->routing, "Routing mode (overrides the scenario's)")
        ->check(CLI::IsMember({"source", "shortest", "next-hop"}));
    sub->add_option("--out", args->out, "Output folder (default results/<scenario name>)")
        ->check(non_empty_path);
    sub->add_flag("--quiet", args->quiet, "Print nothing but errors");
    sub->add_flag("--no-transcript", args->no_transcript, "Do not write transcript.txt");
    sub->add_flag("--explain", args->explain,
                  "Transcripts with a column: each reply's RFC 821 4.3 class (S, F, E, I) and "
                  "the receiver's state");
    sub->add_flag("--no-events", args->no_events, "Do not write events.jsonl");
    sub->add_flag("--no-hops", args->no_hops, "Do not write hops.jsonl");
    sub->footer(
        "Examples:\n"
        "  smtpsim run                                  RFC 821's relayed-mail scenario\n"
        "  smtpsim run scenarios/rfc821/forwarding.json --out /tmp/fwd\n"
        "  smtpsim run big.json --seed 7 --no-transcript --no-events --quiet");
    registry.push_back({sub, [args] { return run(*args); }});
}

}  // namespace smtpsim::cli
