// Topologies in Graphviz DOT: read with Boost.Graph's read_graphviz (node and
// edge attributes carry the same properties as the JSON fields) and written
// with write_graphviz, with readable labels.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "net/topology.hpp"

namespace smtpsim::net {

// Parses an undirected DOT graph: node IDs are host names; node attributes
// relay, max_recipients, storage, service_time, max_sessions, accepts_turn
// and users (comma-separated mailboxes); edge attributes latency, bandwidth,
// up; graph attribute description. Drawing attributes (label, shape, color,
// ...) are ignored; any other attribute is an error. Validated exactly as JSON.
Topology parse_topology_dot(std::string_view text, const std::string& source);

// Writes DOT that parse_topology_dot reads back. DOT has no place for users'
// full names, aliases, terminals or forwards, or for mailing lists: those
// stay in JSON (a comment in the output says so when a host has any).
void write_topology_dot(std::ostream& out, const Topology& topology);

}  // namespace smtpsim::net
