// Reading and writing topology files: JSON (topologies/topology.schema.json
// describes the format) and, through net/graphviz.hpp, Graphviz DOT.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "net/topology.hpp"

namespace smtpsim::net {

// Loads `path`: Graphviz DOT when its name ends in ".dot" or ".gv", JSON
// otherwise. Throws core::InputError naming the file, the place (JSON
// pointer, line:column, or DOT node/edge) and what was expected.
Topology load_topology(const std::string& path);

// Parses topology JSON; `source` names the text in errors. When the keys
// come in the order smtpsim writes them, each host and link is read as the
// parser reaches it, never the whole document at once (README, "Limits").
Topology parse_topology_json(std::string_view text, const std::string& source);
// The same, always from the whole document: what parse_topology_json must
// agree with, topology or error (tests, tests/fuzz/topology_fuzz.cpp).
Topology parse_topology_json_whole(std::string_view text, const std::string& source);

// Writes JSON that parse_topology_json reads back to an equivalent topology:
// one host or link per line, fields at their default left out.
void write_topology_json(std::ostream& out, const Topology& topology);

}  // namespace smtpsim::net
