// The busiest relay: transit mail counted in a run, betweenness centrality
// (Boost.Graph's Brandes algorithm) and names for ties.
#include "compare/busiest.hpp"

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <boost/property_map/property_map.hpp>
#include <cmath>

#include <unordered_map>

#include "core/ascii.hpp"
#include "scenario/run.hpp"

namespace smtpsim::compare {
namespace {

// Counts, per host, the mail it passed on that its own users did not send.
class TransitCounter : public trace::Observer {
  public:
    explicit TransitCounter(std::vector<std::uint64_t>& transit) : transit_(transit) {}
    unsigned interests() const override { return trace::hops; }
    void on_hop(const trace::Hop& e) override {
        const net::HostId host = e.host;
        if (e.kind == trace::HopKind::submitted) {
            origin_[e.message] = host;
        } else if (e.kind == trace::HopKind::relayed) {
            const auto it = origin_.find(e.message);
            if (it == origin_.end() || it->second != host) {
                ++transit_[host];
            }
        }
    }

  private:
    std::vector<std::uint64_t>& transit_;
    std::unordered_map<std::uint64_t, net::HostId> origin_;  // by message id
};

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

std::vector<std::uint64_t> transit_mail(const scenario::Scenario& scenario) {
    std::vector<std::uint64_t> transit(scenario.topology->host_count(), 0);
    TransitCounter counter(transit);
    scenario::RunOptions options;
    options.routing = mta::RoutingMode::next_hop;
    options.observers.push_back(&counter);
    scenario::run_scenario(scenario, options);
    return transit;
}

std::optional<net::HostId> busiest_relay(const scenario::Scenario& scenario) {
    const net::Topology& topology = *scenario.topology;
    const std::vector<std::uint64_t> transit = transit_mail(scenario);
    const std::vector<double> centrality = betweenness(topology, scenario.config.metric);
    auto busier = [&](net::HostId a, net::HostId b) {
        if (transit[a] != transit[b]) {
            return transit[a] > transit[b];
        }
        const double margin = 1e-9 * std::max(1.0, std::abs(centrality[b]));
        if (std::abs(centrality[a] - centrality[b]) > margin) {
            return centrality[a] > centrality[b];
        }
        return core::iless(topology.name(a), topology.name(b));
    };
    std::optional<net::HostId> best;
    for (net::HostId h = 0; h < topology.host_count(); ++h) {
        if (topology.host(h).relay && (!best || busier(h, *best))) {
            best = h;
        }
    }
    return best;
}

}  // namespace smtpsim::compare
