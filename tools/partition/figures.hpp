// What a partition means for a conservative parallel run: the links it cuts,
// the traffic over them, the balance of the ranks' load, the synchronisation
// window (the shortest cut link) and a speed-up by a simple stated model.
#pragma once

#include <cstdint>
#include <vector>

#include "traffic.hpp"

namespace smtpsim::partition {

// The speed-up model (docs/distributed.md): per window of width W, every
// rank runs its events, packs or unpacks each event that crosses to or from
// another rank, and joins one collective reduction; the slowest rank sets
// the pace. Its inputs are measured (results/bench/partition.md).
struct SpeedupModel {
    double mail_rate_per_host = 0;  // mails a second each host sends
    double events_per_hop = 0;      // simulation events per SMTP hop, all in
    double crossings_per_hop = 0;   // of those, events one end of the link schedules at the other
    double events_per_second = 0;   // one core running the simulation
    double sync_stage_s = 0;        // one stage of a tree-shaped reduction across ranks
    double message_s = 0;           // one crossing event's cost at each end (pack, unpack)
};

struct Figures {
    int parts = 0;
    std::size_t cut_links = 0;
    double cut_link_share = 0;        // cut links / links
    double cut_hop_share = 0;         // expected hops over cut links / all hops
    double balance = 0;               // the busiest rank's load / the mean load
    std::int64_t window_ns = -1;      // the shortest cut link; -1 when nothing is cut
    int neighbour_ranks = 0;          // the most other ranks one rank shares cut links with
    double events_per_window = 0;     // the busiest rank's, per window
    double crossings_per_window = 0;  // the most crossing events one rank packs or unpacks
    double sync_share = 0;            // of the slowest rank's window, the synchronisation
    double speedup = 0;               // over one core running the whole simulation
};

Figures figures_of(const LinkGraph& graph, const Traffic& traffic, const std::vector<int>& rank,
                   int parts, const SpeedupModel& model);

}  // namespace smtpsim::partition
