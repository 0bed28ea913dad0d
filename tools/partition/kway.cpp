// METIS k-way partitioning of the host graph (see kway.hpp).
#include "kway.hpp"

#include <metis.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/input_error.hpp"

namespace smtpsim::partition {
namespace {

// Weights as integers with a mean of 100, none below 1.
std::vector<idx_t> scaled(const std::vector<double>& weight) {
    const double sum = std::accumulate(weight.begin(), weight.end(), 0.0);
    const double unit = sum > 0 ? sum / (100.0 * static_cast<double>(weight.size())) : 1.0;
    std::vector<idx_t> out(weight.size());
    for (std::size_t i = 0; i < weight.size(); ++i) {
        out[i] = std::max<idx_t>(1, static_cast<idx_t>(std::llround(weight[i] / unit)));
    }
    return out;
}

struct MetisGraph {
    std::vector<idx_t> xadj, adjncy, vwgt, adjwgt;
};

// The graph of the groups: a group's weight is its hosts' sum, and the links
// between two groups become one edge weighing their sum.
MetisGraph metis_graph(const LinkGraph& graph, const std::vector<idx_t>& group, idx_t groups,
                       const std::vector<idx_t>& host_weight,
                       const std::vector<idx_t>& link_weight) {
    struct Arc {
        idx_t from, to, weight;
    };
    std::vector<Arc> arcs;
    for (std::size_t link = 0; link < graph.links(); ++link) {
        const idx_t a = group[graph.ends[link].first];
        const idx_t b = group[graph.ends[link].second];
        if (a != b) {
            arcs.push_back({a, b, link_weight[link]});
            arcs.push_back({b, a, link_weight[link]});
        }
    }
    std::sort(arcs.begin(), arcs.end(), [](const Arc& x, const Arc& y) {
        return x.from != y.from ? x.from < y.from : x.to < y.to;
    });
    MetisGraph out;
    out.vwgt.assign(groups, 0);
    for (std::size_t host = 0; host < graph.hosts(); ++host) {
        out.vwgt[group[host]] += host_weight[host];
    }
    out.xadj.assign(groups + 1, 0);
    for (std::size_t i = 0; i < arcs.size(); ++i) {
        if (i > 0 && arcs[i].from == arcs[i - 1].from && arcs[i].to == arcs[i - 1].to) {
            out.adjwgt.back() += arcs[i].weight;  // a parallel link between two groups
            continue;
        }
        out.adjncy.push_back(arcs[i].to);
        out.adjwgt.push_back(arcs[i].weight);
        ++out.xadj[arcs[i].from + 1];
    }
    std::partial_sum(out.xadj.begin(), out.xadj.end(), out.xadj.begin());
    return out;
}

// METIS prints its complaints (a part left empty, say) on standard output;
// while it runs they go to standard error, so that the tables stay clean.
class StdoutToStderr {
  public:
    StdoutToStderr() : saved_(::dup(STDOUT_FILENO)) {
        std::fflush(stdout);
        ::dup2(STDERR_FILENO, STDOUT_FILENO);
    }
    ~StdoutToStderr() {
        std::fflush(stdout);
        ::dup2(saved_, STDOUT_FILENO);
        ::close(saved_);
    }
    StdoutToStderr(const StdoutToStderr&) = delete;
    StdoutToStderr& operator=(const StdoutToStderr&) = delete;

  private:
    int saved_;
};

}  // namespace

std::vector<std::uint32_t> groups_kept_whole(const LinkGraph& graph, std::int64_t below_ns,
                                             std::uint32_t& count) {
    std::vector<std::uint32_t> parent(graph.hosts());
    std::iota(parent.begin(), parent.end(), 0U);
    auto find = [&parent](std::uint32_t x) {  // union-find with path halving
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    };
    for (std::size_t link = 0; link < graph.links(); ++link) {
        if (graph.latency_ns[link] < below_ns) {
            const std::uint32_t a = find(graph.ends[link].first);
            const std::uint32_t b = find(graph.ends[link].second);
            parent[std::max(a, b)] = std::min(a, b);
        }
    }
    constexpr std::uint32_t none = UINT32_MAX;
    std::vector<std::uint32_t> group(graph.hosts(), none);
    count = 0;
    for (std::uint32_t host = 0; host < graph.hosts(); ++host) {
        const std::uint32_t root = find(host);
        if (group[root] == none) {
            group[root] = count++;
        }
        group[host] = group[root];
    }
    return group;
}

std::vector<int> partition_kway(const LinkGraph& graph, const std::vector<double>& host_weight,
                                const std::vector<double>& link_weight,
                                const KwayRequest& request) {
    std::uint32_t count = 0;
    const std::vector<std::uint32_t> kept =
        groups_kept_whole(graph, request.keep_together_below_ns, count);
    const std::vector<idx_t> group(kept.begin(), kept.end());
    const auto groups = static_cast<idx_t>(count);
    if (groups < request.parts) {
        throw core::InputError("command line", "--parts",
                               "the links kept whole leave " + std::to_string(groups) +
                                   " groups of hosts, fewer than the " +
                                   std::to_string(request.parts) + " parts asked for");
    }
    MetisGraph metis = metis_graph(graph, group, groups, scaled(host_weight), scaled(link_weight));
    idx_t options[METIS_NOPTIONS];
    METIS_SetDefaultOptions(options);
    options[METIS_OPTION_SEED] = request.seed;
    options[METIS_OPTION_NUMBERING] = 0;
    idx_t vertices = groups;
    idx_t constraints = 1;
    idx_t parts = request.parts;
    idx_t cut = 0;
    std::vector<idx_t> part_of_group(groups, 0);
    const StdoutToStderr quiet;
    const int status = METIS_PartGraphKway(
        &vertices, &constraints, metis.xadj.data(), metis.adjncy.data(), metis.vwgt.data(), nullptr,
        metis.adjwgt.data(), &parts, nullptr, nullptr, options, &cut, part_of_group.data());
    if (status != METIS_OK) {
        throw std::runtime_error("METIS_PartGraphKway failed with status " +
                                 std::to_string(status));
    }
    std::vector<int> rank(graph.hosts());
    for (std::size_t host = 0; host < graph.hosts(); ++host) {
        rank[host] = static_cast<int>(part_of_group[group[host]]);
    }
    return rank;
}

}  // namespace smtpsim::partition
