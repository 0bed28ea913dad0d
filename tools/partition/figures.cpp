// Cut, balance, window and modelled speed-up of a partition (see figures.hpp).
#include "figures.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

namespace smtpsim::partition {
namespace {

struct RankTotals {
    std::vector<double> load;   // per rank: its hosts' share of the hops' work
    std::vector<double> cross;  // per rank: expected hops per mail over its cut links
    std::vector<std::set<int>> neighbours;
};

RankTotals rank_totals(const LinkGraph& graph, const Traffic& traffic, const std::vector<int>& rank,
                       int parts, Figures& figures) {
    RankTotals totals{std::vector<double>(parts, 0.0), std::vector<double>(parts, 0.0),
                      std::vector<std::set<int>>(parts)};
    double cut_hops = 0;
    for (std::size_t link = 0; link < graph.links(); ++link) {
        const int a = rank[graph.ends[link].first];
        const int b = rank[graph.ends[link].second];
        const double hops = traffic.per_link[link];
        totals.load[a] += hops;
        totals.load[b] += hops;
        if (a == b) {
            continue;
        }
        ++figures.cut_links;
        cut_hops += hops;
        totals.cross[a] += hops;
        totals.cross[b] += hops;
        totals.neighbours[a].insert(b);
        totals.neighbours[b].insert(a);
        const std::int64_t latency = graph.latency_ns[link];
        if (figures.window_ns < 0 || latency < figures.window_ns) {
            figures.window_ns = latency;
        }
    }
    figures.cut_link_share =
        graph.links() > 0 ? static_cast<double>(figures.cut_links) / graph.links() : 0.0;
    figures.cut_hop_share = traffic.mean_hops > 0 ? cut_hops / traffic.mean_hops : 0.0;
    return totals;
}

}  // namespace

Figures figures_of(const LinkGraph& graph, const Traffic& traffic, const std::vector<int>& rank,
                   int parts, const SpeedupModel& model) {
    Figures figures;
    figures.parts = parts;
    const RankTotals totals = rank_totals(graph, traffic, rank, parts, figures);
    const double all_load = std::accumulate(totals.load.begin(), totals.load.end(), 0.0);
    const double max_load = *std::max_element(totals.load.begin(), totals.load.end());
    figures.balance = all_load > 0 ? max_load * parts / all_load : 1.0;
    for (const std::set<int>& n : totals.neighbours) {
        figures.neighbour_ranks = std::max(figures.neighbour_ranks, static_cast<int>(n.size()));
    }

    // Per simulated second: R mails, R * mean_hops hops, E events.
    const double mails = model.mail_rate_per_host * static_cast<double>(graph.hosts());
    const double events = mails * traffic.mean_hops * model.events_per_hop;
    if (model.events_per_second <= 0) {
        return figures;  // no model given
    }
    if (figures.window_ns < 0 || all_load <= 0) {
        figures.speedup =
            figures.balance > 0 ? parts / figures.balance : 1.0;  // nothing to wait for
        return figures;
    }
    const double window = static_cast<double>(figures.window_ns) / 1e9;
    // The window's last crossings land, then a reduction of ceil(log2 k) stages.
    const double sync = model.sync_stage_s * (1 + std::ceil(std::log2(static_cast<double>(parts))));
    double slowest = 0;
    for (int p = 0; p < parts; ++p) {
        const double rank_events = events * window * totals.load[p] / all_load;
        const double crossings = mails * window * totals.cross[p] * model.crossings_per_hop;
        figures.events_per_window = std::max(figures.events_per_window, rank_events);
        figures.crossings_per_window = std::max(figures.crossings_per_window, crossings);
        slowest = std::max(
            slowest, rank_events / model.events_per_second + crossings * model.message_s + sync);
    }
    figures.sync_share = sync / slowest;
    figures.speedup = events * window / model.events_per_second / slowest;
    return figures;
}

}  // namespace smtpsim::partition
