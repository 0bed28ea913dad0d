// Betweenness centrality with Boost.Graph's Brandes algorithm.
#include "compare/busiest.hpp"

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <boost/property_map/property_map.hpp>
#include <cmath>

#include "net/ascii.hpp"

namespace smtpsim::compare {
namespace {

struct LinkIsUp {
    const net::Graph* graph = nullptr;
    bool operator()(const net::LinkId& link) const { return (*graph)[link].up; }
};

}  // namespace

std::vector<double> betweenness(const net::Topology& topology, net::Metric metric) {
    const net::Graph& graph = topology.graph();
    const boost::filtered_graph<net::Graph, LinkIsUp> up(graph, LinkIsUp{&graph});
    std::vector<double> centrality(topology.host_count(), 0.0);
    auto centrality_map =
        boost::make_iterator_property_map(centrality.begin(), boost::get(boost::vertex_index, up));
    switch (metric) {
        case net::Metric::hops:
            boost::brandes_betweenness_centrality(up, centrality_map);
            break;
        case net::Metric::latency: {
            auto latency = boost::make_function_property_map<net::LinkId, double>(
                [&graph](const net::LinkId& link) {
                    return static_cast<double>(graph[link].latency.count_ns());
                });
            boost::brandes_betweenness_centrality(
                up, boost::centrality_map(centrality_map).weight_map(latency));
            break;
        }
    }
    return centrality;
}

std::optional<net::HostId> busiest_relay(const net::Topology& topology, net::Metric metric) {
    const std::vector<double> centrality = betweenness(topology, metric);
    std::optional<net::HostId> best;
    for (net::HostId h = 0; h < topology.host_count(); ++h) {
        if (!topology.host(h).relay) {
            continue;
        }
        if (!best) {
            best = h;
            continue;
        }
        const double margin = 1e-9 * std::max(1.0, std::abs(centrality[*best]));
        if (centrality[h] > centrality[*best] + margin ||
            (std::abs(centrality[h] - centrality[*best]) <= margin &&
             net::iless(topology.name(h), topology.name(*best)))) {
            best = h;
        }
    }
    return best;
}

}  // namespace smtpsim::compare
