// A comparison's per-host, per-link and distribution tables: hosts.csv,
// links.csv, latency.csv (per seed and pooled), hops.csv and queues.csv,
// which tools/plot_compare.py draws. One row set per grid point, topology and
// routing mode, in the order of the records.
#pragma once

#include <string>
#include <vector>

#include "compare/comparison.hpp"

namespace smtpsim::compare {

std::string hosts_csv(const Comparison& comparison, const std::vector<RunRecord>& records);
std::string links_csv(const Comparison& comparison, const std::vector<RunRecord>& records);
std::string latency_csv(const Comparison& comparison, const std::vector<RunRecord>& records);
std::string hops_csv(const Comparison& comparison, const std::vector<RunRecord>& records);
std::string queues_csv(const Comparison& comparison, const std::vector<RunRecord>& records);

}  // namespace smtpsim::compare
