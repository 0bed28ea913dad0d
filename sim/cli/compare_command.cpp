// `smtpsim compare`: one scenario's workload on several topologies and
// routing modes, several seeds each; writes runs.csv, table.csv, table.md,
// hosts.csv, latency.csv, command.txt, through tools/plot_compare.py plots,
// and report.html with an example run per row under runs/.
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "cli/command.hpp"
#include "cli/failure_plan.hpp"
#include "cli/progress.hpp"
#include "cli/topology_file.hpp"
#include "cli/validators.hpp"
#include "cluster/job.hpp"
#include "compare/comparison.hpp"
#include "compare/distributions.hpp"
#include "compare/example_run.hpp"
#include "compare/parallel.hpp"
#include "compare/results_json.hpp"
#include "compare/sweep.hpp"
#include "compare/tables.hpp"
#include "core/input_error.hpp"
#include "core/output_file.hpp"
#include "core/plural.hpp"
#include "core/time.hpp"
#include "core/version.hpp"
#include "report/compare_report.hpp"
#include "report/graphviz.hpp"
#include "report/report.hpp"
#include "report/run_size.hpp"

extern char** environ;

namespace smtpsim::cli {
namespace {

namespace fs = std::filesystem;
using core::write_file_atomically;

struct CompareArgs {
    std::string scenario_file;
    std::vector<std::string> topology_files;
    std::vector<std::string> routings;
    std::uint32_t seeds = 10;
    std::string out;
    unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::string> busiest_relay_down;  // AT FOR
    std::string baseline;                         // TOPOLOGY[:MODE]
    std::vector<std::string> sets;                // PATH=V1,V2,...
    std::vector<std::string> formats;             // of the plots; empty: png and svg
    bool no_plots = false;
    bool no_report = false;
    bool example_traces = false;  // keep every file of the example runs
    bool quiet = false;
};

core::Time duration_argument(const std::string& text, std::string_view what) {
    try {
        return core::parse_duration(text);
    } catch (const core::DurationError& e) {
        throw core::InputError("command line", "--busiest-relay-down",
                               fmt::format("{}: expected a duration such as 5min or 90s, found "
                                           "\"{}\" ({})",
                                           what, text, e.what()));
    }
}

// --busiest-relay-down AT FOR: a positive FOR, and an end within the times a
// scenario may use.
std::optional<compare::Outage> outage_argument(const std::vector<std::string>& words) {
    if (words.empty()) {
        return std::nullopt;
    }
    const core::Time duration = duration_argument(words[1], "FOR");
    if (duration == core::Time::zero()) {
        throw core::InputError("command line", "--busiest-relay-down",
                               "FOR: expected a positive duration, found 0");
    }
    const core::Time at = duration_argument(words[0], "AT");
    const auto end = core::Time::checked_add(at, duration);
    if (!end || *end > scenario::time_limit) {
        throw core::InputError("command line", "--busiest-relay-down",
                               "AT + FOR comes after " +
                                   core::format_duration(scenario::time_limit) +
                                   ", the latest time a scenario may use");
    }
    return compare::Outage{at, duration};
}

// A word the shell reads back as itself.
std::string shell_word(const std::string& word) {
    if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                                "_./=:,+-@%") == std::string::npos) {
        return word;
    }
    std::string quoted = "'";
    for (char c : word) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

// The command that makes these files again. --jobs is left out: it changes
// nothing in them.
std::string reproducing_command(const CompareArgs& args, const compare::Comparison& comparison,
                                const fs::path& out) {
    std::string command = "smtpsim compare " + shell_word(args.scenario_file);
    for (const std::string& t : args.topology_files) {
        command += " --topology " + shell_word(t);
    }
    for (mta::RoutingMode mode : comparison.routings()) {
        command += fmt::format(" --routing {}", mta::routing_mode_name(mode));
    }
    for (const std::string& set : args.sets) {
        command += " --set " + shell_word(set);
    }
    if (const auto& outage = comparison.spec().busiest_relay_down) {
        command +=
            fmt::format(" --busiest-relay-down {} {}", compare::whole_unit_duration(outage->at),
                        compare::whole_unit_duration(outage->duration));
    }
    if (!args.baseline.empty()) {
        command += " --baseline " + shell_word(args.baseline);
    }
    command += fmt::format(" --seeds {} --out {}", args.seeds, shell_word(out.string()));
    return command;
}

fs::path plot_script() {
    if (const char* script = std::getenv("SMTPSIM_PLOT_SCRIPT")) {
        return script;
    }
    return fs::path(SMTPSIM_TOOLS_DIR) / "plot_compare.py";
}

// Draws the plots with tools/plot_compare.py; returns false (after saying
// why) when they cannot be drawn here, and throws when the script fails.
bool draw_plots(const fs::path& out, const std::vector<std::string>& formats) {
    const fs::path script = plot_script();
    if (!fs::is_regular_file(script)) {
        fmt::print(stderr, "smtpsim: warning: no plots: {} is missing\n", script.string());
        return false;
    }
    // Run by its own path: its first line names the interpreter that has matplotlib.
    const std::string script_text = script.string();
    const std::string out_text = out.string();
    std::vector<std::string> words{script_text, out_text};
    for (const std::string& format : formats) {
        words.insert(words.end(), {"--format", format});
    }
    std::vector<char*> argv;
    for (std::string& word : words) {
        argv.push_back(word.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (const int e =
            ::posix_spawn(&pid, script_text.c_str(), nullptr, nullptr, argv.data(), environ);
        e != 0) {
        fmt::print(stderr, "smtpsim: warning: no plots: cannot run {}: {}\n", script_text,
                   std::strerror(e));
        return false;
    }
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
        throw std::runtime_error("the plotting script " + script_text + " did not finish");
    }
    // plot_compare.py exits with 3 when matplotlib is missing, having said so.
    constexpr int no_matplotlib = 3;
    if (WEXITSTATUS(status) == no_matplotlib) {
        return false;
    }
    if (WEXITSTATUS(status) != 0) {
        throw std::runtime_error(fmt::format("the plotting script {} failed (exit status {})",
                                             script_text, WEXITSTATUS(status)));
    }
    return true;
}

// The plots of an earlier comparison in the folder (the names
// tools/plot_compare.py draws, in any format) go before this one's are drawn,
// or not: report.html shows every SVG of the folder, and they must be this
// comparison's.
void remove_old_plots(const core::OutputFolder& out) {
    for (const char* name : {"latency", "delivery-latency", "load", "curves"}) {
        for (const char* format : {"png", "svg", "pdf"}) {
            out.remove_file(fmt::format("{}.{}", name, format));  // a link itself, not its target
        }
    }
}

compare::ComparisonSpec comparison_spec(const CompareArgs& args) {
    compare::ComparisonSpec spec;
    spec.scenario_file = args.scenario_file;
    spec.topology_files = args.topology_files;
    for (const std::string& r : args.routings) {
        if (r == mta::deprecated_shortest) {
            fmt::print(stderr,
                       "smtpsim: warning: --routing shortest is now called source; shortest "
                       "will be removed in the next release\n");
        }
        spec.routings.push_back(*mta::parse_routing_mode(r));  // CLI11 checked the name
    }
    spec.seeds = args.seeds;
    spec.busiest_relay_down = outage_argument(args.busiest_relay_down);
    spec.baseline = args.baseline;
    for (const std::string& set : args.sets) {
        spec.sweeps.push_back(compare::parse_sweep(set));
    }
    return spec;
}

// The name of each row's example run folder in runs/, in the rows' order.
std::vector<std::string> example_folder_names(const compare::Comparison& comparison) {
    std::vector<std::string> names;
    for (const compare::ExampleRow& row : compare::example_rows(comparison)) {
        names.push_back(report::example_run_folder(comparison.topologies()[row.topology].label,
                                                   mta::routing_mode_name(row.routing),
                                                   comparison.point_values(row.point))
                            .filename()
                            .string());
    }
    return names;
}

// The output folder, made if missing, and what goes into it checked before
// the runs, not found after them: no folder it writes into is a symbolic
// link (runs/, a row's folder in it), no file it writes is a folder.
core::OutputFolder output_folder(const CompareArgs& args, const compare::Comparison& comparison) {
    const fs::path path = args.out.empty()
                              ? fs::path("results") / "compare" / comparison.scenario_name()
                              : fs::path(args.out);
    core::OutputFolder out = core::OutputFolder::open(path);
    if (!args.no_report) {
        core::check_output_target(out, "report.html");
        out.check_folder("runs", "the example runs");
        if (const auto runs = out.existing_folder("runs")) {
            for (const std::string& name : example_folder_names(comparison)) {
                runs->check_folder(name, "the example run's files");
                if (const auto row = runs->existing_folder(name)) {
                    scenario::check_run_folder(*row);
                }
            }
        }
    }
    return out;
}

// Every run, with a progress bar on a terminal.
std::vector<compare::RunRecord> run_all(const CompareArgs& args,
                                        const compare::Comparison& comparison, cluster::Job& job) {
    std::optional<ProgressBar> bar;
    compare::ProgressCallback progress;
    if (!args.quiet && ProgressBar::wanted()) {
        bar.emplace();
        progress = [&bar](const compare::ComparisonProgress& p) {
            bar->update(static_cast<double>(p.runs_done) / static_cast<double>(p.runs_total),
                        p.events,
                        fmt::format("runs {}/{}  delivered {}", p.runs_done, p.runs_total,
                                    compact_number(static_cast<double>(p.delivered))));
        };
    }
    return *job.run(comparison, args.jobs, progress);
}

// Writes the data files; returns table.md's text.
std::string write_tables(const CompareArgs& args, const compare::Comparison& comparison,
                         const std::vector<compare::RunRecord>& records,
                         const core::OutputFolder& out) {
    const auto summary = compare::summarize(comparison, records);
    const std::string table = compare::table_markdown(comparison, summary);
    write_file_atomically(out, "runs.csv", compare::runs_csv(comparison, records));
    write_file_atomically(out, "table.csv", compare::table_csv(comparison, summary));
    write_file_atomically(out, "table.md", table);
    write_file_atomically(out, "hosts.csv", compare::hosts_csv(comparison, records));
    write_file_atomically(out, "links.csv", compare::links_csv(comparison, records));
    write_file_atomically(out, "latency.csv", compare::latency_csv(comparison, records));
    write_file_atomically(out, "hops.csv", compare::hops_csv(comparison, records));
    write_file_atomically(out, "queues.csv", compare::queues_csv(comparison, records));
    const std::string command = reproducing_command(args, comparison, out.path());
    write_file_atomically(out, "results.json", compare::results_json(comparison, records, command));
    write_file_atomically(out, "command.txt",
                          fmt::format("# made by smtpsim {}; run from the same folder to make "
                                      "these files again\n{}\n",
                                      smtpsim::version, command));
    return table;
}

// Whether Graphviz is there to lay out the example runs' reports; says why not.
bool graphviz_found() {
    try {
        report::graphviz_svg("neato", "graph {}");
        return true;
    } catch (const core::InputError& e) {
        fmt::print(stderr, "smtpsim: warning: no example runs: {}\n", e.what());
        return false;
    }
}

// Removes from runs/ the folders of runs (they hold a run's file) that are
// not `kept`: an earlier comparison's rows; then runs/ itself if it is empty.
// A symbolic link in runs/ is left as it is.
void remove_stale_runs(const core::OutputFolder& out, const std::set<std::string>& kept) {
    if (out.kind("runs") != core::EntryKind::folder) {
        return;
    }
    const core::OutputFolder runs = *out.existing_folder("runs");
    for (const std::string& name : runs.names()) {
        if (runs.kind(name) != core::EntryKind::folder || kept.contains(name)) {
            continue;
        }
        const core::OutputFolder folder = *runs.existing_folder(name);
        const auto holds = [&folder](const char* file) {
            return folder.kind(file) != core::EntryKind::missing;
        };
        if (std::any_of(std::begin(scenario::run_output_files),
                        std::end(scenario::run_output_files), holds)) {
            runs.remove_all(name);
        }
    }
    out.remove_empty_folder("runs");
}

// The files of an example run its report.html is made from: a run of a
// comparison's workload writes tens of megabytes of them, so that a
// comparison of many rows would fill gigabytes; without --example-traces they
// go once the report is written, and the folder keeps report.html,
// summary.json, outcomes.jsonl and topology.dot.
void remove_example_traces(const core::OutputFolder& folder) {
    for (const char* name : {"transcript.txt", "events.jsonl", "hops.jsonl", "routing.jsonl",
                             "mailboxes", "terminals"}) {
        folder.remove_all(name);
    }
}

// The report.html of a row's example run; like `smtpsim run`, a run too large
// for a report (report::TooLarge) keeps its other files and has no report:
// why not is returned, to be warned of, and the comparison's report shows the
// row without a link.
std::optional<std::string> write_example_report(const compare::Comparison& comparison,
                                                const compare::ExampleRow& row,
                                                const core::OutputFolder& folder) {
    report::RunReportOptions options;
    options.failure_plan =
        planned_failures(comparison.topology_case(row.point, row.topology).scenario);
    try {
        report::write_run_report(folder, options);
        return std::nullopt;
    } catch (const report::TooLarge& e) {
        return e.what();
    }
}

// Each row's example run (its first seed, run as `smtpsim run` runs it, with
// its report) in runs/, `--jobs` at once; returns the folders' names.
std::set<std::string> write_example_runs(const CompareArgs& args,
                                         const compare::Comparison& comparison,
                                         const std::vector<compare::RunRecord>& records,
                                         const core::OutputFolder& out) {
    const std::vector<compare::ExampleRow> rows = compare::example_rows(comparison);
    const std::vector<std::string> folders = example_folder_names(comparison);
    const core::OutputFolder runs = out.folder("runs");
    std::optional<ProgressBar> bar;
    if (!args.quiet && ProgressBar::wanted()) {
        bar.emplace();
    }
    std::mutex mutex;
    std::size_t done = 0;
    std::uint64_t events = 0;
    compare::for_each_index(rows.size(), args.jobs, [&](unsigned, std::size_t i) {
        const compare::ExampleRow& row = rows[i];
        const core::OutputFolder folder = runs.folder(folders[i]);
        const scenario::RunResult result = compare::run_example(
            comparison, row, folder, records[compare::first_run_index(comparison, row)]);
        const std::optional<std::string> too_large = write_example_report(comparison, row, folder);
        if (!args.example_traces) {
            remove_example_traces(folder);
        }
        const std::scoped_lock lock(mutex);
        if (too_large) {
            fmt::print(stderr, "smtpsim: warning: no {}: {}\n",
                       folder.path_of("report.html").string(), *too_large);
        }
        events += result.events;
        if (bar) {
            bar->update(static_cast<double>(++done) / static_cast<double>(rows.size()), events,
                        fmt::format("example runs {}/{}", done, rows.size()));
        }
    });
    return {folders.begin(), folders.end()};
}

// report.html and the example runs it links to; with --no-report, neither
// (those of an earlier comparison are removed).
void write_report(const CompareArgs& args, const compare::Comparison& comparison,
                  const std::vector<compare::RunRecord>& records, const core::OutputFolder& out) {
    if (args.no_report) {
        out.remove_file("report.html");
        remove_stale_runs(out, {});
        return;
    }
    std::set<std::string> kept;
    if (graphviz_found()) {
        kept = write_example_runs(args, comparison, records, out);
    }
    remove_stale_runs(out, kept);
    report::write_compare_report(out);
}

int run(const CompareArgs& args) {
    const compare::Comparison comparison(comparison_spec(args));
    // Under mpirun or srun every rank gets here; rank 0 alone goes on to write the files.
    const std::unique_ptr<cluster::Job> job = cluster::Job::join();
    if (!job->is_root()) {
        job->run(comparison, args.jobs, {});  // its records go to rank 0
        return 0;
    }
    const core::OutputFolder out = output_folder(args, comparison);
    const std::vector<compare::RunRecord> records = run_all(args, comparison, *job);
    const std::string table = write_tables(args, comparison, records, out);
    remove_old_plots(out);
    const bool plotted = !args.no_plots && draw_plots(out.path(), args.formats);
    write_report(args, comparison, records, out);
    if (!args.quiet) {
        fmt::print(
            "{}\n{}; outputs in {}/ (runs.csv, table.csv, table.md, hosts.csv, "
            "links.csv, latency.csv, hops.csv, queues.csv, results.json, command.txt{}{})\n",
            table, core::count_of(records.size(), "run"), out.path().string(),
            plotted ? ", plots" : "", args.no_report ? "" : ", report.html, runs/");
    }
    return 0;
}

}  // namespace

namespace {

// The options that shape the runs beyond what and where: threads, outage,
// baseline, sweeps, plot formats.
void add_run_options(CLI::App* sub, CompareArgs& a) {
    auto* args = &a;
    sub->add_option("--jobs", args->jobs, "Runs at once, on threads (does not change the results)")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    sub->add_option("--busiest-relay-down", args->busiest_relay_down,
                    "AT FOR: take each topology's busiest relay (the host that passes on the "
                    "most mail for others when the scenario runs as it is, in next-hop routing) "
                    "down at AT for FOR, on top of the scenario's failure plan")
        ->expected(2)
        ->type_name("AT FOR");
    sub->add_option("--set", args->sets,
                    "PATH=V1,V2,...: run the scenario with the setting at JSON pointer PATH "
                    "set to each value (e.g. /traffic/0/rate=1/s,2/s,5/s); repeat it for a "
                    "grid of every combination")
        ->type_name("PATH=V1,V2,...");
    sub->add_option("--baseline", args->baseline,
                    "TOPOLOGY[:MODE]: what every row is compared with, seed by seed (paired "
                    "differences); TOPOLOGY alone: that topology in the row's own routing mode "
                    "(default: the first row)")
        ->type_name("TOPOLOGY[:MODE]")
        ->check(CLI::Validator(
            [](std::string& text) -> std::string {
                return text.empty() ? "expected TOPOLOGY or TOPOLOGY:MODE, found an empty value"
                                    : "";
            },
            "TOPOLOGY[:MODE]"));
    sub->add_option("--format", args->formats,
                    "A format of the plots: png, svg or pdf; repeat it for more (default: png "
                    "and svg)")
        ->check(CLI::IsMember({"png", "svg", "pdf"}));
}

}  // namespace

void add_compare_command(CLI::App& app, Registry& registry) {
    auto args = std::make_shared<CompareArgs>();
    CLI::App* sub = app.add_subcommand(
        "compare",
        "Run one scenario's workload on several topologies and routing modes, several seeds "
        "each, and write tables and plots that compare them");
    sub->add_option("scenario", args->scenario_file, "Scenario file (JSON): workload and seed")
        ->required()
        ->check(CLI::ExistingFile);
    sub->add_option("--topology", args->topology_files,
                    "A topology to run it on (JSON or DOT); give one or more")
        ->required()
        ->check(CLI::ExistingFile)
        ->take_all();
    sub->add_option("--routing", args->routings,
                    "A routing mode to run it in: as-written, source, next-hop or "
                    "distance-vector (shortest: the old name of source); give one or more "
                    "(default: the scenario's)")
        ->check(routing_mode_name())
        ->take_all();
    sub->add_option("--seeds", args->seeds,
                    "Runs per topology and mode, with seeds S, S+1, ... from the scenario's seed S")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    sub->add_option("--out", args->out, "Output folder (default results/compare/<scenario name>)")
        ->check(non_empty_path);
    add_run_options(sub, *args);
    sub->add_flag("--no-plots", args->no_plots, "Do not draw the plots");
    sub->add_flag("--no-report", args->no_report,
                  "Do not write report.html, nor the example run of each row in runs/");
    sub->add_flag("--example-traces", args->example_traces,
                  "Keep every file of each example run in runs/ (transcript, events, hops, "
                  "delivered mail), not only its report.html, summary.json, outcomes.jsonl and "
                  "topology.dot")
        ->excludes("--no-report");
    sub->add_flag("--quiet", args->quiet, "Print nothing but errors");
    sub->footer(
        "Every host the scenario names must be in every topology (traffic between \"*\" "
        "and \"*\" fits any).\n"
        "Example:\n"
        "  smtpsim compare scenarios/compare/shared.json --topology topologies/teaching/line.json "
        "\\\n"
        "      --topology topologies/teaching/star.json --routing source --routing next-hop "
        "--seeds 5 \\\n"
        "      --busiest-relay-down 5min 10min");
    registry.push_back({sub, [args] { return run(*args); }});
}

}  // namespace smtpsim::cli
