// A k-way partition of the host graph by METIS (METIS_PartGraphKway),
// balancing the hosts' load and cutting as little link traffic as it can.
#pragma once

#include <cstdint>
#include <vector>

#include "traffic.hpp"

namespace smtpsim::partition {

struct KwayRequest {
    int parts = 2;
    // Links shorter than this (one way) are never cut: their ends are joined
    // into one vertex before METIS sees the graph, so every cut link, and
    // with it the synchronisation window, is at least this long. 0: none.
    std::int64_t keep_together_below_ns = 0;
    int seed = 1;  // METIS's own random choices, for reproducible partitions
};

// The groups of hosts that links shorter than `below_ns` join (each host
// alone when nothing is that short): a group id per host, and their count.
std::vector<std::uint32_t> groups_kept_whole(const LinkGraph& graph, std::int64_t below_ns,
                                             std::uint32_t& count);

// The rank of every host, 0..parts-1. Weights are relative: they are scaled
// to integers for METIS, each at least 1.
std::vector<int> partition_kway(const LinkGraph& graph, const std::vector<double>& host_weight,
                                const std::vector<double>& link_weight, const KwayRequest& request);

}  // namespace smtpsim::partition
