// The host graph as the partitioner sees it, and the mail traffic expected on
// each link: uniform traffic (a random sending host, a random other receiving
// host), routed hop by hop by hop count with smtpsim's own tie rule
// (net::Router), estimated from the routes towards a sample of destinations.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "net/topology.hpp"

namespace smtpsim::partition {

// Hosts are 0..hosts()-1 (the topology's HostIds), links 0..links()-1.
struct LinkGraph {
    std::vector<std::uint32_t> offsets;     // per host, into neighbours and via: hosts() + 1
    std::vector<std::uint32_t> neighbours;  // both directions of every link
    std::vector<std::uint32_t> via;         // the link to each neighbour
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;  // per link
    std::vector<std::int64_t> latency_ns;                       // per link, one way
    std::vector<char> up;                                       // per link: carries mail

    std::size_t hosts() const { return offsets.size() - 1; }
    std::size_t links() const { return ends.size(); }
};

LinkGraph link_graph(const net::Topology& topology);

struct Traffic {
    // Expected SMTP hops over each link per mail sent: the fraction of all
    // (sender host, receiver host) pairs whose route crosses the link.
    std::vector<double> per_link;
    double mean_hops = 0;  // of a route; the sum of per_link
    std::size_t destinations = 0;
};

// Follows, for each of `samples` destinations drawn without replacement from
// the seeded stream named `purpose`, the route of every other host to it.
Traffic estimate_traffic(const net::Topology& topology, const LinkGraph& graph, std::size_t samples,
                         std::uint64_t seed, const char* purpose);

// Each host's share of the work: the traffic of its links, since every hop
// is a session with events at both of its ends.
std::vector<double> host_load(const LinkGraph& graph, const Traffic& traffic);

}  // namespace smtpsim::partition
