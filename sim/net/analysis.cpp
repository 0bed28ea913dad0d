// Topology shape through Boost.Graph: connected_components and breadth_first_search.
#include "net/analysis.hpp"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <limits>

namespace smtpsim::net {
namespace {

constexpr std::size_t unreached = std::numeric_limits<std::size_t>::max();

// Hop distances from `origin` to every host (unreached elsewhere).
std::vector<std::size_t> hop_distances(const Graph& g, HostId origin) {
    std::vector<std::size_t> distance(boost::num_vertices(g), unreached);
    distance[origin] = 0;
    boost::breadth_first_search(
        g, origin,
        boost::visitor(boost::make_bfs_visitor(boost::record_distances(
            boost::make_iterator_property_map(distance.begin(), boost::get(boost::vertex_index, g)),
            boost::on_tree_edge()))));
    return distance;
}

// The farthest host from `origin` and its distance (the lowest id on ties).
std::pair<HostId, std::size_t> farthest(const std::vector<std::size_t>& distance) {
    std::pair<HostId, std::size_t> best{0, 0};
    for (HostId v = 0; v < distance.size(); ++v) {
        if (distance[v] != unreached && distance[v] > best.second) {
            best = {v, distance[v]};
        }
    }
    return best;
}

}  // namespace

Components connected_components(const Topology& topology) {
    Components components;
    components.of_host.resize(topology.host_count());
    const std::size_t count = boost::connected_components(
        topology.graph(),
        boost::make_iterator_property_map(components.of_host.begin(),
                                          boost::get(boost::vertex_index, topology.graph())));
    components.sizes.assign(count, 0);
    for (const std::size_t c : components.of_host) {
        ++components.sizes[c];
    }
    return components;
}

DegreeStats degree_stats(const Topology& topology) {
    DegreeStats stats;
    if (topology.host_count() == 0) {
        return stats;
    }
    stats.min = std::numeric_limits<std::size_t>::max();
    for (const HostId v : boost::make_iterator_range(boost::vertices(topology.graph()))) {
        const std::size_t degree = boost::out_degree(v, topology.graph());
        stats.min = std::min(stats.min, degree);
        stats.max = std::max(stats.max, degree);
    }
    stats.mean = 2.0 * static_cast<double>(topology.link_count()) /
                 static_cast<double>(topology.host_count());
    return stats;
}

Diameter diameter(const Topology& topology, std::size_t exact_work) {
    const Graph& g = topology.graph();
    Diameter result;
    const std::size_t n = topology.host_count();
    if (n == 0 || (n + topology.link_count()) <= exact_work / n) {
        for (const HostId v : boost::make_iterator_range(boost::vertices(g))) {
            result.hops = std::max(result.hops, farthest(hop_distances(g, v)).second);
        }
        return result;
    }
    // Double sweeps: the farthest host from anywhere is an end of a long path;
    // a sweep from it gives that path's length, a lower bound of the diameter.
    result.exact = false;
    const Components components = connected_components(topology);
    std::vector<bool> swept(components.count(), false);
    for (const HostId v : boost::make_iterator_range(boost::vertices(g))) {
        const std::size_t c = components.of_host[v];
        if (swept[c] || components.sizes[c] < 2) {
            continue;
        }
        swept[c] = true;
        HostId from = v;
        for (int sweep = 0; sweep < 4; ++sweep) {
            const auto [end, hops] = farthest(hop_distances(g, from));
            result.hops = std::max(result.hops, hops);
            from = end;
        }
    }
    return result;
}

}  // namespace smtpsim::net
