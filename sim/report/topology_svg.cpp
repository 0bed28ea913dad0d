// The run's topology laid out by Graphviz.
#include "report/topology_svg.hpp"

#include <fmt/core.h>

#include <map>
#include <optional>

#include "core/input_error.hpp"
#include "core/json_input.hpp"
#include "core/json_lines.hpp"
#include "net/topology_io.hpp"
#include "net/units.hpp"
#include "report/graphviz.hpp"
#include "report/run_size.hpp"

namespace smtpsim::report {
namespace {

using HostPair = std::pair<std::uint32_t, std::uint32_t>;

HostPair ordered(std::uint32_t a, std::uint32_t b) {
    return a < b ? HostPair{a, b} : HostPair{b, a};
}

struct LinkUse {
    std::uint64_t sessions = 0;
    std::uint64_t mails = 0;  // mail (and notifications) brought over it
};

std::map<HostPair, LinkUse> link_use(const RunModel& model) {
    std::map<HostPair, LinkUse> use;
    for (const auto& session : model.sessions) {
        ++use[ordered(session.client, session.server)].sessions;
    }
    for (const auto& stop : model.stops) {
        if (stop.via >= 0) {
            const auto& session = model.sessions[static_cast<std::size_t>(stop.via)];
            ++use[ordered(session.client, session.server)].mails;
        }
    }
    return use;
}

// Small topologies: neato, with overlaps removed (vpsc) and curved links;
// medium ones: sfdp, the multilevel force-directed layout, which lays out a
// thousand hosts in about a second where neato takes minutes.
constexpr std::size_t max_neato_hosts = 150;
constexpr std::string_view neato_layout =
    "  graph [layout=neato, overlap=vpsc, splines=true, sep=\"+14\",";
constexpr std::string_view sfdp_layout = "  graph [layout=sfdp, overlap=prism, splines=false,";
constexpr std::string_view graph_attributes =
    " pad=0.25, outputorder=edgesfirst, bgcolor=transparent, normalize=0];\n"
    "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#4d4d4d\","
    " fontname=\"Helvetica,Arial,sans-serif\", fontsize=13, margin=\"0.1,0.05\"];\n"
    "  edge [color=\"#b0b0b0\", penwidth=1.5];\n";

// Links long enough for the numbered hop arrows drawn along them, on small
// topologies; on large ones, a compact drawing (inches, neato's `len`).
double link_length(std::size_t hosts) {
    return hosts <= 12 ? 2.2 : 1.2;
}

// The order links are written in: the first session's link first, its
// client first, so that neato (normalize=0) draws that hop left to right.
std::vector<std::pair<std::size_t, bool>> link_order(
    const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ends, const RunModel& model) {
    std::vector<std::pair<std::size_t, bool>> order;  // link index, ends swapped
    std::optional<HostPair> first;
    if (!model.sessions.empty()) {
        first = HostPair{model.sessions[0].client, model.sessions[0].server};
    }
    for (std::size_t i = 0; i < ends.size(); ++i) {
        const auto [a, b] = ends[i];
        if (first && ordered(a, b) == ordered(first->first, first->second)) {
            order.insert(order.begin(), {i, a != first->first});
        } else {
            order.emplace_back(i, false);
        }
    }
    return order;
}

std::string link_look(const LinkUse& link) {
    if (link.mails > 0) {
        return ", class=\"carried\", penwidth=3.5, color=\"#1f5f99\"";
    }
    return link.sessions > 0 ? ", class=\"used\", style=dashed, color=\"#8a8a8a\"" : "";
}

}  // namespace

std::uint64_t estimated_links(std::string_view dot) {
    std::uint64_t links = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < dot.size(); ++i) {
        if (dot[i] == '\\' && quoted) {
            ++i;  // an escaped character cannot end the string
        } else if (dot[i] == '"') {
            quoted = !quoted;
        } else if (!quoted && dot[i] == '-' && i + 1 < dot.size() && dot[i + 1] == '-') {
            ++links;
            ++i;
        }
    }
    return links;
}

net::Topology read_run_topology(const std::filesystem::path& dir) {
    const auto file = dir / "topology.dot";
    if (!core::input_file_present(file.string(), "a run's topology.dot")) {
        throw core::InputError(file.string(), "",
                               "no such file: a run folder holds its topology.dot");
    }
    // Estimated before the topology is built: loading costs about 20 us a
    // link and 35 us a host.
    const std::string text = core::read_text_file(file.string(), "a run's topology.dot");
    const std::uint64_t links = estimated_links(text);
    if (links > max_report_links) {
        throw TooLarge(file.string(), "",
                       fmt::format("about {} links, more than {}, the most a run's "
                                   "report is made for",
                                   links, max_report_links));
    }
    if (estimated_hosts(text, max_report_hosts) > max_report_hosts) {
        throw TooLarge(file.string(), "",
                       fmt::format("more than {} hosts (names of nodes), the most a run's report "
                                   "is made for",
                                   max_report_hosts));
    }
    return net::load_topology(file.string());
}

std::vector<std::string> host_names(const net::Topology& topology) {
    std::vector<std::string> names;
    for (std::size_t id = 0; id < topology.host_count(); ++id) {
        names.push_back(topology.name(id));
    }
    return names;
}

TopologyLinks topology_links(const net::Topology& topology) {
    TopologyLinks links;
    for (const auto edge : boost::make_iterator_range(boost::edges(topology.graph()))) {
        const auto a = boost::source(edge, topology.graph());
        const auto b = boost::target(edge, topology.graph());
        links.ends.emplace_back(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
        links.latency.push_back(core::format_duration(topology.link(edge).latency));
        links.bandwidth.push_back(net::format_rate(topology.link(edge).bandwidth));
    }
    return links;
}

std::string layout_dot(const net::Topology& topology, const RunModel& model) {
    const auto use = link_use(model);
    std::vector<bool> took_part(topology.host_count(), false);
    for (const auto& [pair, link] : use) {
        for (const auto host : {pair.first, pair.second}) {
            if (host < took_part.size()) {
                took_part[host] = true;
            }
        }
    }
    const bool small = topology.host_count() <= max_neato_hosts;
    std::string dot = "graph topology {\n" + std::string(small ? neato_layout : sfdp_layout) +
                      std::string(graph_attributes) +
                      fmt::format("  edge [len={}];\n", link_length(topology.host_count()));
    for (std::size_t id = 0; id < topology.host_count(); ++id) {
        dot += fmt::format("  {} [id=\"host-{}\", class=\"{}\"{}];\n",
                           dot_quoted(topology.name(id)), id, took_part[id] ? "used" : "idle",
                           took_part[id] ? "" : ", fontcolor=\"#8a8a8a\", color=\"#b0b0b0\"");
    }
    const TopologyLinks links = topology_links(topology);
    for (const auto& [i, swapped] : link_order(links.ends, model)) {
        auto [a, b] = links.ends[i];
        if (swapped) {
            std::swap(a, b);
        }
        const auto it = use.find(ordered(a, b));
        dot += fmt::format("  {} -- {} [id=\"link-{}\"{}];\n", dot_quoted(topology.name(a)),
                           dot_quoted(topology.name(b)), i,
                           link_look(it == use.end() ? LinkUse{} : it->second));
    }
    return dot + "}\n";
}

std::string draw_topology(const net::Topology& topology, const RunModel& model) {
    if (topology.host_count() > max_drawn_hosts || topology.link_count() > max_drawn_links) {
        return fmt::format(
            "<p class=\"note\">The topology has {} hosts and {} links: it is not drawn (a "
            "drawing is made for up to {} hosts and {} links). The sessions and paths below are "
            "complete.</p>",
            topology.host_count(), topology.link_count(), max_drawn_hosts, max_drawn_links);
    }
    const bool small = topology.host_count() <= max_neato_hosts;
    return graphviz_svg(small ? "neato" : "sfdp", layout_dot(topology, model));
}

}  // namespace smtpsim::report
