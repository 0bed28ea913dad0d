// The report of a comparison folder: a warning below 5 seeds, the table of
// means and confidence intervals (every <metric>_mean with its
// <metric>_ci95_low and _high, or an older folder's <metric>_ci95, whatever
// the metrics are): a few headline metrics with a link per row to an example
// run's report when one is kept (runs/<topology>-<routing>/report.html:
// example_run_folder below), every column on demand; the plots, the command
// line, and the per-host and per-run tables.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "report/csv.hpp"

namespace smtpsim::report {

// The page's <body> content for the comparison in `dir`.
std::string compare_body(const std::filesystem::path& dir);

// The folder of a row's example run, relative to the comparison's folder:
// runs/<topology>-<routing>, then -<value> for each swept setting's value at
// the row (runs/ring-source-2%2Fs). Every byte but a letter, a digit and
// . _ + , = @ - is written %XX (so is a '-' in a swept value, and a leading
// '.'): a name never leaves runs/ nor hides, and two rows never share one.
// A name over 200 bytes is cut and ends in a hash of the whole.
std::filesystem::path example_run_folder(std::string_view topology, std::string_view routing,
                                         const std::vector<std::string>& swept_values);

// The href of the row's example run report (relative to `dir`), if that
// report is there; the swept values are table.csv's cells between routing and
// seeds.
std::string example_run_link(const std::filesystem::path& dir, const CsvTable& table,
                             std::size_t row);

}  // namespace smtpsim::report
