// Loading a topology for a command: the file, then a warning on standard
// error when its hosts are not all connected (allowed, but worth knowing).
#pragma once

#include <string>

#include "core/output_file.hpp"
#include "net/topology.hpp"

namespace smtpsim::cli {

net::Topology load_topology_reporting(const std::string& path);

}  // namespace smtpsim::cli
