// Topologies in Graphviz DOT: read with Boost.Graph's read_graphviz (node and
// edge attributes carry the same properties as the JSON fields) and written
// with write_graphviz, with readable labels.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "net/topology.hpp"

namespace smtpsim::net {

// Parses an undirected DOT graph: node IDs are host names; node attributes
// relay, max_recipients, storage, service_time, max_sessions, accepts_turn,
// accepts_connections, poll_interval and users (comma-separated mailboxes); edge attributes
// latency, bandwidth, up; graph attribute description. Drawing attributes (label, shape, color,
// ...) are ignored; any other attribute is an error. Validated exactly as JSON.
Topology parse_topology_dot(std::string_view text, const std::string& source);

// Writes DOT that parse_topology_dot reads back. DOT has no place for users'
// full names, aliases, terminals or forwards, or for mailing lists: those
// stay in JSON (a comment in the output says so when a host has any).
//
// With `usage`, hosts and links with a non-zero count are drawn bold and
// their label says how many sessions they had (drawing attributes, which
// parse_topology_dot ignores): `hosts` by HostId, `links` by host pair.
struct DotUsage {
    struct PairHash {
        std::size_t operator()(const std::pair<HostId, HostId>& ends) const {
            return std::hash<HostId>{}(ends.first * 0x9e3779b97f4a7c15ULL ^ ends.second);
        }
    };
    std::vector<std::uint64_t> hosts;  // sessions per host
    std::unordered_map<std::pair<HostId, HostId>, std::uint64_t, PairHash>
        links;  // (smaller id, larger id) -> sessions
};
void write_topology_dot(std::ostream& out, const Topology& topology,
                        const DotUsage* usage = nullptr);

// A node id as boost::escape_dot_string writes it: as it is when it is a DOT
// ID or numeral, else in double quotes with each " written \".
std::string dot_id(std::string_view name);

}  // namespace smtpsim::net
