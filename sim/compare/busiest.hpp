// The busiest relay of a topology, for comparisons that take it down: the
// relay that the most shortest paths between other hosts pass through.
#pragma once

#include <optional>
#include <vector>

#include "net/routing.hpp"
#include "net/topology.hpp"

namespace smtpsim::compare {

// Betweenness centrality of every host (Brandes, Boost.Graph) over the links
// that are up, shortest paths by `metric` (latency: the links' latency). A
// pair with several shortest paths counts each host on them by its share.
// O(hosts x links): for the topologies a comparison can afford to run often.
std::vector<double> betweenness(const net::Topology& topology, net::Metric metric);

// The relay host (HostProps::relay) of highest betweenness; of equals (within
// one part in 10^9), the one whose name comes first ignoring case. Nothing
// when no host relays.
std::optional<net::HostId> busiest_relay(const net::Topology& topology, net::Metric metric);

}  // namespace smtpsim::compare
