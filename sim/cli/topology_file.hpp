// Loading a topology for a command: the file, then a warning on standard
// error when its hosts are not all connected (allowed, but worth knowing).
#pragma once

#include <string>

#include "core/atomic_file.hpp"
#include "net/topology.hpp"

namespace smtpsim::cli {

net::Topology load_topology_reporting(const std::string& path);

// Output files of the commands are written whole or not at all.
using core::write_file_atomically;

}  // namespace smtpsim::cli
