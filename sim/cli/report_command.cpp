// `smtpsim report DIR`: the HTML report of a run's folder (or a comparison's),
// rebuilt from its files, written as DIR/report.html.
#include <fmt/core.h>

#include <filesystem>

#include "cli/command.hpp"
#include "cli/failure_plan.hpp"
#include "cli/validators.hpp"
#include "core/input_error.hpp"
#include "core/json_input.hpp"
#include "report/report.hpp"
#include "report/run_reader.hpp"

namespace smtpsim::cli {
namespace {

struct ReportArgs {
    std::string dir;
    std::string scenario_file;
    std::optional<std::uint64_t> max_lines;
    std::optional<std::uint64_t> mail;
    std::string host;
    std::string from;
    std::string to;

    bool has_run_options() const {
        return !scenario_file.empty() || max_lines || mail || !host.empty() || !from.empty() ||
               !to.empty();
    }
};

core::Time duration_option(const std::string& text, const std::string& option) {
    try {
        return core::parse_duration(text);
    } catch (const core::DurationError& e) {
        throw core::InputError("command line", option, e.what());
    }
}

report::RunReportOptions run_options(const ReportArgs& args, const std::string& run_scenario) {
    report::RunReportOptions options;
    if (args.max_lines) {
        options.detail.max_lines = *args.max_lines;
    }
    options.detail.mail = args.mail;
    if (!args.host.empty()) {
        options.detail.host = args.host;
    }
    if (!args.from.empty()) {
        options.detail.from = duration_option(args.from, "--from");
    }
    if (!args.to.empty()) {
        options.detail.to = duration_option(args.to, "--to");
    }
    if (options.detail.from && options.detail.to && *options.detail.to < *options.detail.from) {
        throw core::InputError("command line", "--to",
                               fmt::format("{} comes before --from {}: no session is opened "
                                           "between them",
                                           args.to, args.from));
    }
    if (!args.scenario_file.empty()) {
        const scenario::Scenario scenario = scenario::load_scenario(args.scenario_file);
        if (scenario.name != run_scenario) {
            throw core::InputError(
                "command line", "--scenario",
                fmt::format("{} is the scenario \"{}\", but the run in {} is "
                            "of \"{}\"",
                            args.scenario_file, scenario.name, args.dir, run_scenario));
        }
        options.failure_plan = planned_failures(scenario);
    }
    return options;
}

std::string scenario_of_run(const std::filesystem::path& dir) {
    const nlohmann::json summary = report::read_summary(dir);
    const auto it = summary.find("scenario");
    return it != summary.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int run_report(const ReportArgs& args) {
    const std::filesystem::path dir(args.dir);
    std::filesystem::path written;
    if (report::folder_kind(dir) == report::FolderKind::comparison) {
        if (args.has_run_options()) {
            throw core::InputError("command line", "",
                                   args.dir +
                                       " is a comparison's folder: --scenario, "
                                       "--max-lines, --mail, --host, --from and --to "
                                       "are for a run's folder");
        }
        written = report::write_compare_report(dir);
    } else {
        written = report::write_run_report(dir, run_options(args, scenario_of_run(dir)));
    }
    fmt::print("{}\n", written.string());
    return 0;
}

constexpr std::string_view report_footer =
    "Needs Graphviz (neato) to lay out the topology. Exit status 2 on bad input or when\n"
    "Graphviz is missing; nothing is written then.\n\n"
    "Examples:\n"
    "  smtpsim run --out /tmp/relay && smtpsim report /tmp/relay\n"
    "  smtpsim report /tmp/down --scenario scenarios/failures/host-down.json\n"
    "  smtpsim report results/big --mail 4711";

// An option that must not be given empty: "" would read as not given.
CLI::Validator not_empty(std::string expected) {
    return CLI::Validator(
        [expected](std::string& text) -> std::string {
            return text.empty() ? "expected " + expected + ", found an empty value" : "";
        },
        "");
}

void add_report_options(CLI::App& sub, ReportArgs& args) {
    sub.add_option("dir", args.dir, "The folder of smtpsim run --out DIR (or of compare)")
        ->required();
    sub.add_option("--scenario", args.scenario_file,
                   "The run's scenario file: its failure plan goes on the time axis")
        ->check(not_empty("a scenario file"));
    sub.add_option("--max-lines", args.max_lines,
                   "Keep every line of the first sessions up to this many lines (default "
                   "250000); the other sessions are drawn as one bar each")
        ->check(whole_number(0, 5'000'000));
    sub.add_option("--mail", args.mail, "Keep the lines of the sessions of this mail (its id)")
        ->check(whole_number(0, UINT64_MAX));
    sub.add_option("--host", args.host, "Keep the lines of the sessions of this host")
        ->check(not_empty("a host name of the run's topology"));
    sub.add_option("--from", args.from, "Keep the lines of sessions opened from then (10min)")
        ->check(not_empty("a duration such as 10min"));
    sub.add_option("--to", args.to, "... until then (20min)")
        ->check(not_empty("a duration such as 20min"));
}

}  // namespace

void add_report_command(CLI::App& app, Registry& registry) {
    auto args = std::make_shared<ReportArgs>();
    CLI::App* sub = app.add_subcommand(
        "report", "Write DIR/report.html: the HTML report of a run's (or a comparison's) folder");
    add_report_options(*sub, *args);
    sub->footer(std::string(report_footer));
    registry.push_back({sub, [args] { return run_report(*args); }});
}

}  // namespace smtpsim::cli
