// The run's topology (its topology.dot) drawn by Graphviz as SVG, with ids
// the page's script finds hosts and links by ("host-<index>", "link-<index>",
// in the topology's order), and the links that carried mail drawn bold.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "net/topology.hpp"
#include "report/run_model.hpp"

namespace smtpsim::report {

struct TopologyLinks {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;  // host indexes
    std::vector<std::string> latency;                           // "20ms"
    std::vector<std::string> bandwidth;                         // "56kbit/s"
};

// topology.dot of a run folder. Throws core::InputError when it does not load.
net::Topology read_run_topology(const std::filesystem::path& dir);

std::vector<std::string> host_names(const net::Topology& topology);
TopologyLinks topology_links(const net::Topology& topology);

// The DOT text Graphviz lays out: every host and link, the ones that took
// part in sessions and carried mail marked (classes "used", "carried").
std::string layout_dot(const net::Topology& topology, const RunModel& model);

// Topologies larger than this are not drawn: the page says so instead.
inline constexpr std::size_t max_drawn_hosts = 2000;

// The topology drawn by Graphviz (neato, or sfdp beyond 150 hosts), as an
// <svg> element; a note in its place beyond max_drawn_hosts.
std::string draw_topology(const net::Topology& topology, const RunModel& model);

}  // namespace smtpsim::report
