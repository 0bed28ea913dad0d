// `smtpsim run`: run a scenario (or the built-in RFC 821 relay scenario),
// write its outputs, and show the transcript and a summary.
#include <fmt/format.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/failure_plan.hpp"
#include "cli/interrupt.hpp"
#include "cli/progress.hpp"
#include "cli/validators.hpp"
#include "core/plural.hpp"
#include "core/time.hpp"
#include "report/report.hpp"
#include "report/run_size.hpp"
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
    bool no_routing = false;
    bool no_report = false;
    std::optional<std::uint64_t> max_events;
};

// What the terminal shows of small runs.
constexpr std::uint64_t max_sessions_shown = 20;

scenario::RunOptions run_options(const RunArgs& args, const scenario::Scenario& scenario) {
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
    options.routing_table = !args.no_routing;
    options.keep_transcript_text = !args.quiet && !args.no_transcript;
    options.explain = args.explain;
    options.keep_hop_story = !args.quiet;
    options.keep_sessions = max_sessions_shown;
    options.max_events = args.max_events;
    return options;
}

void show_progress(std::optional<ProgressBar>& bar, scenario::RunOptions& options) {
    bar.emplace();
    options.progress = [&bar](const scenario::RunProgress& p) {
        std::optional<double> fraction;
        if (p.stop && p.stop->count_ns() > 0) {
            fraction = p.now.seconds() / p.stop->seconds();
        }
        bar->update(fraction, p.events,
                    fmt::format("simulated {:.1f}s  delivered {}", p.now.seconds(), p.delivered));
    };
}

void print_stories(const scenario::RunResult& result) {
    if (result.sessions > max_sessions_shown) {
        return;
    }
    if (!result.transcript.empty()) {
        fmt::print("Sessions (S: sender-SMTP, R: receiver-SMTP)\n\n{}", result.transcript);
    }
    if (!result.hop_story.empty()) {
        fmt::print("Paths at each host\n\n{}\n", result.hop_story);
    }
    if (!result.outcome_story.empty()) {
        fmt::print("Mail that was not delivered\n\n{}\n", result.outcome_story);
    }
}

void print_summary(const std::string& name, const scenario::RunResult& result) {
    const auto& s = result.summary;
    const auto& m = s["messages"];
    fmt::print("scenario {} (seed {}, routing {})\n", name, result.seed,
               s["routing"].get<std::string>());
    const auto count = [](const nlohmann::json& value, std::string_view singular,
                          std::string_view plural = {}) {
        return core::count_of(value.get<std::uint64_t>(), singular, plural);
    };
    fmt::print("  simulated {}s in {:.3f}s of wall time, {}\n", s["sim_time_s"].dump(),
               result.wall_time_s, count(s["events"], "event"));
    fmt::print(
        "  mail: {} injected, {}: {} delivered, {} returned, {} unreturnable, {} in flight\n",
        m["injected"].dump(), count(m["recipients"], "recipient"), m["delivered"].dump(),
        m["returned"].dump(), m["unreturnable"].dump(), m["in_flight"].dump());
    if (m["delivered"] == 0) {
        // summary.json's zeros are "no sample", not an instant delivery.
        fmt::print("  delivery latency and hops: none, no mail was delivered\n");
    } else {
        fmt::print("  delivery latency: mean {}s, p95 {}s, max {}s; hops: mean {}, max {}\n",
                   s["latency_s"]["mean"].dump(), s["latency_s"]["p95"].dump(),
                   s["latency_s"]["max"].dump(), s["hops"]["mean"].dump(), s["hops"]["max"].dump());
    }
    fmt::print("  {}, {}, {}\n", count(s["sessions"], "session"), count(s["commands"], "command"),
               count(s["notifications"]["sent"], "notification"));
    if (s["retries"] != 0 || s["failed_connections"] != 0 || s["broken_sessions"] != 0 ||
        s["duplicates"] != 0) {
        fmt::print("  {}, {}, {}, {}\n", count(s["retries"], "retry", "retries"),
                   count(s["failed_connections"], "failed connection"),
                   count(s["broken_sessions"], "broken session"),
                   count(s["duplicates"], "duplicate"));
    }
}

// The HTML report beside the run's files; its path, or nothing.
std::optional<std::filesystem::path> write_report(const RunArgs& args,
                                                  const scenario::Scenario& scenario,
                                                  const scenario::RunOptions& options) {
    if (args.no_report) {
        return std::nullopt;
    }
    report::RunReportOptions report_options;
    report_options.failure_plan = planned_failures(scenario);
    try {
        return report::write_run_report(*options.out, report_options);
    } catch (const report::TooLarge& e) {
        // The run itself succeeded: its files are whole, only the page is left out.
        fmt::print(stderr, "smtpsim: warning: no report.html: {}\n", e.what());
        return std::nullopt;
    }
}

bool balanced(const trace::OutcomeTotals& totals) {
    if (!totals.balanced()) {
        std::cerr << fmt::format(
            "smtpsim: error: the accounting does not balance: {} recipients, {} delivered + {} "
            "returned + {} unreturnable + {} in flight\n",
            totals.recipients, totals.delivered, totals.returned, totals.unreturnable,
            totals.in_flight);
    }
    return totals.balanced();
}

int run(const RunArgs& args) {
    const scenario::Scenario scenario = args.scenario_file.empty()
                                            ? scenario::builtin_relay_scenario()
                                            : scenario::load_scenario(args.scenario_file);
    scenario::RunOptions options = run_options(args, scenario);
    std::optional<ProgressBar> bar;
    if (!args.quiet && ProgressBar::wanted()) {
        show_progress(bar, options);
    }
    const InterruptGuard guard;
    options.interrupt = &guard.caught();
    const scenario::RunResult result = scenario::run_scenario(scenario, options);
    bar.reset();  // erased before the results are shown
    // An interrupted run is not drawn: its user wants it to end.
    const bool partial = result.interrupted || !result.stopped.empty();
    const std::optional<std::filesystem::path> report =
        partial ? std::nullopt : write_report(args, scenario, options);
    if (!args.quiet) {
        print_stories(result);
        print_summary(scenario.name, result);
        fmt::print("  outputs in {}/\n", options.out->string());
        if (report) {
            fmt::print("  report: {}\n", report->string());
        }
    }
    if (result.interrupted) {
        const int signal = guard.caught().load();
        std::cerr << fmt::format(
            "smtpsim: interrupted by {} at simulated time {}s: the files in {}/ hold the run "
            "up to then, and summary.json says \"interrupted\": true\n",
            signal_name(signal), core::format_seconds(result.sim_time), options.out->string());
        return 128 + signal;
    }
    if (!result.stopped.empty()) {
        std::cerr << fmt::format(
            "smtpsim: error: the run stopped at simulated time {}s: {}. The files in {}/ hold "
            "the run up to then, and summary.json says \"interrupted\": true\n",
            core::format_seconds(result.sim_time), result.stopped, options.out->string());
        return 1;
    }
    return balanced(result.totals) ? 0 : 1;
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
        ->check(routing_mode_name());
    sub->add_option("--out", args->out, "Output folder (default results/<scenario name>)")
        ->check(non_empty_path);
    sub->add_flag("--quiet", args->quiet, "Print nothing but errors");
    sub->add_flag("--no-transcript", args->no_transcript, "Do not write transcript.txt");
    sub->add_flag("--explain", args->explain,
                  "Transcripts with a column: each reply's RFC 821 4.3 class (S, F, E, I) and "
                  "the receiver's state");
    sub->add_flag("--no-events", args->no_events, "Do not write events.jsonl");
    sub->add_flag("--no-hops", args->no_hops, "Do not write hops.jsonl");
    sub->add_flag("--no-routing", args->no_routing,
                  "Do not write routing.jsonl (distance-vector routing: a line per route change)");
    sub->add_flag("--no-report", args->no_report, "Do not write report.html");
    sub->add_option("--max-events", args->max_events,
                    "Stop the run after N events, its files marked as partial (exit status 1)")
        ->check(whole_number(1, UINT64_MAX));
    sub->footer(
        "Examples:\n"
        "  smtpsim run                                  RFC 821's relayed-mail scenario\n"
        "  smtpsim run scenarios/rfc821/forwarding.json --out /tmp/fwd\n"
        "  smtpsim run big.json --seed 7 --no-transcript --no-events --quiet");
    registry.push_back({sub, [args] { return run(*args); }});
}

}  // namespace smtpsim::cli
