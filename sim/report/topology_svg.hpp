// The run's topology (its topology.dot) drawn by Graphviz as SVG, with ids
// the page's script finds hosts and links by ("host-<index>", "link-<index>",
// in the topology's order), and the links that carried mail drawn bold.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
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

// The most links a run's report is made for: loading a topology costs about
// 20 us a link, and 490,000 links took 10 s before any drawing.
inline constexpr std::uint64_t max_report_links = 100'000;

// The links of a DOT text, estimated by its edge operators ("--" outside
// quoted strings) before it is loaded.
std::uint64_t estimated_links(std::string_view dot);

// topology.dot of a run folder. Throws core::InputError when it does not load,
// or when it has more than max_report_links links (estimated first).
net::Topology read_run_topology(const std::filesystem::path& dir);

std::vector<std::string> host_names(const net::Topology& topology);
TopologyLinks topology_links(const net::Topology& topology);

// The DOT text Graphviz lays out: every host and link, the ones that took
// part in sessions and carried mail marked (classes "used", "carried").
std::string layout_dot(const net::Topology& topology, const RunModel& model);

// Topologies larger than this are not drawn: the page says so instead
// (Graphviz's layout time grows faster than the links).
inline constexpr std::size_t max_drawn_hosts = 2000;
inline constexpr std::size_t max_drawn_links = 10'000;

// The topology drawn by Graphviz (neato, or sfdp beyond 150 hosts), as an
// <svg> element; a note in its place beyond max_drawn_hosts.
std::string draw_topology(const net::Topology& topology, const RunModel& model);

}  // namespace smtpsim::report
