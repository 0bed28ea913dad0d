// The HTML report of a run or of a comparison, built from the files in its
// folder, written beside them as report.html: one self-contained file (style
// sheet, scripts, data and the Graphviz drawing inside) that opens from disk
// with no network.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "core/output_folder.hpp"
#include "report/run_model.hpp"

namespace smtpsim::report {

struct RunReportOptions {
    DetailPolicy detail;  // which sessions keep every line
    // The scenario's failure plan, for the time axis; nothing: not known
    // (the report then shows only the failures the sessions met).
    std::optional<std::vector<PlannedFailure>> failure_plan;
};

// Builds `run_dir`/report.html from the run's files (summary.json,
// topology.dot, events.jsonl or else hops.jsonl and outcomes.jsonl), whole or
// not at all, and returns its path. Throws core::InputError on a folder or
// file that is not a run's, and when Graphviz is missing.
// `run_dir` itself must not be a symbolic link (core::InputError).
std::filesystem::path write_run_report(const std::filesystem::path& run_dir,
                                       const RunReportOptions& options = {});
// The same in a folder opened already (an example run of a comparison).
std::filesystem::path write_run_report(const core::OutputFolder& run_dir,
                                       const RunReportOptions& options = {});

// Builds `dir`/report.html from a comparison's files (table.csv, runs.csv,
// hosts.csv, latency.csv, command.txt and the SVG plots), with a link per row
// to its example run's report.html where compare kept one (the folder:
// example_run_folder in compare_report.hpp). `dir` itself must not be a
// symbolic link (core::InputError).
std::filesystem::path write_compare_report(const std::filesystem::path& dir);
std::filesystem::path write_compare_report(const core::OutputFolder& dir);

enum class FolderKind { run, comparison };

// What `dir` holds: a run (summary.json) or a comparison (table.csv and
// runs.csv). Throws core::InputError when it is neither.
FolderKind folder_kind(const std::filesystem::path& dir);

}  // namespace smtpsim::report
