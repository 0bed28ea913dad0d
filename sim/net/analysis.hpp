// What `smtpsim topology show` reports about a topology's shape: connected
// components, diameter in hops, degrees. Every link counts, up or down.
#pragma once

#include <cstddef>
#include <vector>

#include "net/topology.hpp"

namespace smtpsim::net {

struct Components {
    std::vector<std::size_t> of_host;  // component number of each host
    std::vector<std::size_t> sizes;    // hosts in each component; component 0 holds host 0
    std::size_t count() const { return sizes.size(); }
};
Components connected_components(const Topology& topology);

struct DegreeStats {
    std::size_t min = 0;
    double mean = 0;
    std::size_t max = 0;
};
DegreeStats degree_stats(const Topology& topology);

// The longest shortest path in hops between two hosts of the same component.
// Exact (a BFS from every host) when hosts x (hosts + links) is at most
// `exact_work`; above it, a lower bound from repeated double sweeps in each
// component (exact for trees).
struct Diameter {
    std::size_t hops = 0;
    bool exact = true;
};
Diameter diameter(const Topology& topology, std::size_t exact_work = 100'000'000);

}  // namespace smtpsim::net
