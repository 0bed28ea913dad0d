// The busiest relay of a topology, for comparisons that take it down: the
// host that relays the most mail for others when the scenario runs as it is.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "net/routing.hpp"
#include "net/topology.hpp"
#include "scenario/scenario.hpp"

namespace smtpsim::compare {

// Betweenness centrality of every host (Brandes, Boost.Graph) over the links
// that are up, shortest paths by `metric` (latency: the links' latency). A
// pair with several shortest paths counts each host on them by its share.
// O(hosts x links): for the topologies a comparison can afford to run often.
std::vector<double> betweenness(const net::Topology& topology, net::Metric metric);

// Mail each host passed on for other hosts (not its own users' mail) in a
// run of the scenario as it is, in next-hop routing, with its own seed.
std::vector<std::uint64_t> transit_mail(const scenario::Scenario& scenario);

// The relay host (HostProps::relay) that passed on the most mail for others
// in that run; of equals, the one of highest betweenness (within one part in
// 10^9), then the one whose name comes first ignoring case. Nothing when no
// host relays.
std::optional<net::HostId> busiest_relay(const scenario::Scenario& scenario);

}  // namespace smtpsim::compare
