// The report of a comparison folder: its command line, the table of means and
// confidence intervals (every <metric>_mean with its <metric>_ci95, whatever
// the metrics are), a link per row to an example run's report when one is
// kept (runs/<topology>-<routing>/report.html), the plots, and the per-host
// and per-run tables.
#pragma once

#include <filesystem>
#include <string>

#include "report/csv.hpp"

namespace smtpsim::report {

// The page's <body> content for the comparison in `dir`.
std::string compare_body(const std::filesystem::path& dir);

// The row's example run report, relative to `dir`, if it is there.
std::string example_run_link(const std::filesystem::path& dir, const CsvTable& table,
                             std::size_t row);

}  // namespace smtpsim::report
