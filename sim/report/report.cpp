// A run's report: read the folder, lay out the topology, fill the page.
#include "report/report.hpp"

#include "core/input_error.hpp"
#include "core/json_lines.hpp"
#include "core/output_file.hpp"
#include "report/assets.hpp"
#include "report/page.hpp"
#include "report/run_json.hpp"
#include "report/run_reader.hpp"
#include "report/topology_svg.hpp"

namespace smtpsim::report {
namespace {

namespace fs = std::filesystem;

std::string run_title(const RunModel& model) {
    const auto& s = model.summary;
    const auto text = [&](const char* key) {
        const auto it = s.find(key);
        return it != s.end() && (it->is_string() || it->is_number())
                   ? (it->is_string() ? it->get<std::string>() : it->dump())
                   : std::string("?");
    };
    return "smtpsim run: " + text("scenario") + " (seed " + text("seed") + ", routing " +
           text("routing") + ")";
}

}  // namespace

FolderKind folder_kind(const fs::path& dir) {
    std::error_code error;
    if (!fs::is_directory(dir, error)) {
        throw core::InputError(dir.string(), "",
                               "not a folder" + (error ? ": " + error.message() : std::string()));
    }
    if (core::input_file_present((dir / "summary.json").string(), "a run's summary.json")) {
        return FolderKind::run;
    }
    if (core::input_file_present((dir / "table.csv").string(), "a comparison's table.csv") &&
        core::input_file_present((dir / "runs.csv").string(), "a comparison's runs.csv")) {
        return FolderKind::comparison;
    }
    throw core::InputError(dir.string(), "",
                           "neither a run's folder (summary.json, from smtpsim run) nor a "
                           "comparison's (table.csv and runs.csv, from smtpsim compare)");
}

fs::path write_run_report(const fs::path& run_dir, const RunReportOptions& options) {
    folder_kind(run_dir);  // "not a folder" before "cannot open"
    return write_run_report(core::OutputFolder::open(run_dir, false), options);
}

fs::path write_run_report(const core::OutputFolder& folder, const RunReportOptions& options) {
    const fs::path& run_dir = folder.path();
    if (folder_kind(run_dir) != FolderKind::run) {
        throw core::InputError((run_dir / "summary.json").string(), "",
                               "no such file: a run's folder holds its summary.json");
    }
    const net::Topology topology = read_run_topology(run_dir);
    const RunModel model = read_run(run_dir, host_names(topology), options.detail);
    const std::string svg = draw_topology(topology, model);
    const nlohmann::json data = run_data(model, topology_links(topology), options.failure_plan);
    const std::string page = whole_page(
        run_title(model), "  <p id=\"headline\"></p>\n  <div id=\"notices\"></div>",
        fill_template(asset("run.html"), {{"topology", svg}, {"data", script_json(data)}}),
        joined_assets({"util.js", "data.js", "timeaxis.js", "ladder.js", "ladder_labels.js",
                       "ladder_draw.js", "topology.js", "journey.js", "paths.js", "inspector.js",
                       "summary.js", "events.js", "eventlist.js", "stepper.js", "routing.js",
                       "filters.js", "controls.js", "main.js"}));
    core::write_file_atomically(folder, "report.html", page);
    return folder.path_of("report.html");
}

}  // namespace smtpsim::report
