// Loading a topology for a command: the file, then a warning on standard
// error when its hosts are not all connected (allowed, but worth knowing).
#pragma once

#include <string>

#include "net/topology.hpp"

namespace smtpsim::cli {

net::Topology load_topology_reporting(const std::string& path);

// Writes `text` to `path` whole or not at all: a temporary file beside it,
// then a rename. Throws core::InputError when the file cannot be written.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace smtpsim::cli
