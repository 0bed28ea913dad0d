// smtpsim-partition: how a topology would split across the ranks of a
// distributed run. For each number of ranks: a METIS k-way partition weighted
// by the expected traffic, its cut, balance and synchronisation window, and
// (with the model's inputs) the speed-up they allow. See docs/distributed.md.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <iostream>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/topology_file.hpp"
#include "core/input_error.hpp"
#include "core/output_file.hpp"
#include "core/time.hpp"
#include "figures.hpp"
#include "kway.hpp"
#include "traffic.hpp"

namespace {

using namespace smtpsim;

struct Options {
    std::string topology;
    std::vector<int> parts{2, 4, 8, 16, 64};
    std::size_t samples = 128;
    std::size_t figure_samples = 128;
    std::uint64_t seed = 1;
    std::vector<std::string> keep_together_below{"0s"};
    std::string assignment;
    std::optional<double> rate, events_per_hop, crossings_per_hop, events_per_second;
    std::optional<std::string> sync_stage, message_cost;
};

void add_options(CLI::App& app, Options& o) {
    app.add_option("TOPOLOGY", o.topology, "topology file (JSON or DOT)")->required();
    app.add_option("--parts", o.parts, "numbers of ranks to partition into (2 or more each)")
        ->expected(1, -1);
    app.add_option("--samples", o.samples,
                   "destinations whose routes give the weights METIS balances and cuts");
    app.add_option("--figure-samples", o.figure_samples,
                   "other destinations whose routes give the figures (all hosts: exact)");
    app.add_option("--seed", o.seed, "seed of the destination samples and of METIS");
    app.add_option("--keep-together-below", o.keep_together_below,
                   "never cut links shorter than this (e.g. 10ms); several: a table for each")
        ->expected(1, -1);
    app.add_option("--assignment", o.assignment,
                   "write each host's rank to this file (one --parts, one --keep-together-below)");
    app.add_option("--rate", o.rate, "model: mails a second each host sends");
    app.add_option("--events-per-hop", o.events_per_hop, "model: simulation events per SMTP hop");
    app.add_option("--crossings-per-hop", o.crossings_per_hop,
                   "model: events per hop that one end of a link schedules at the other");
    app.add_option("--events-per-second", o.events_per_second, "model: one core's events a second");
    app.add_option("--sync-stage", o.sync_stage,
                   "model: one stage of a reduction across ranks (a duration, e.g. 2us)");
    app.add_option("--message-cost", o.message_cost,
                   "model: one crossing event's cost at each end (a duration, e.g. 300ns)");
    app.footer(
        "Example: smtpsim-partition topo.json --parts 2 4 8 --keep-together-below 0s 10ms\n"
        "         --rate 0.4 --events-per-hop 22 --crossings-per-hop 14\n"
        "         --events-per-second 1.2e6 --sync-stage 20us --message-cost 350ns");
}

core::Time duration_of(const std::string& option, const std::string& text) {
    try {
        return core::parse_duration(text);
    } catch (const core::DurationError& e) {
        throw core::InputError("command line", option, e.what());
    }
}

// The model when all of its inputs are given, nothing when none is.
std::optional<partition::SpeedupModel> model_of(const Options& o) {
    const int given = o.rate.has_value() + o.events_per_hop.has_value() +
                      o.crossings_per_hop.has_value() + o.events_per_second.has_value() +
                      o.sync_stage.has_value() + o.message_cost.has_value();
    if (given == 0) {
        return std::nullopt;
    }
    if (given < 6) {
        throw core::InputError("command line", "--rate",
                               "the speed-up model needs all of --rate, --events-per-hop, "
                               "--crossings-per-hop, --events-per-second, --sync-stage and "
                               "--message-cost");
    }
    if (*o.rate <= 0 || *o.events_per_hop <= 0 || *o.crossings_per_hop < 0 ||
        *o.events_per_second <= 0) {
        throw core::InputError("command line", "--rate",
                               "the model's rates and counts must be positive");
    }
    return partition::SpeedupModel{*o.rate,
                                   *o.events_per_hop,
                                   *o.crossings_per_hop,
                                   *o.events_per_second,
                                   duration_of("--sync-stage", *o.sync_stage).seconds(),
                                   duration_of("--message-cost", *o.message_cost).seconds()};
}

void check(const Options& o, const net::Topology& topology) {
    const std::size_t hosts = topology.host_count();
    if (topology.link_count() == 0) {
        throw core::InputError(o.topology, "", "the topology has no links to cut");
    }
    for (int k : o.parts) {
        if (k < 2 || static_cast<std::size_t>(k) > hosts) {
            throw core::InputError("command line", "--parts",
                                   fmt::format("{} ranks: expected 2 to {} (the hosts)", k, hosts));
        }
    }
    for (const auto& [option, value] :
         {std::pair{"--samples", o.samples}, std::pair{"--figure-samples", o.figure_samples}}) {
        if (value < 1 || value > hosts) {
            throw core::InputError("command line", option,
                                   fmt::format("expected 1 to {} (the hosts)", hosts));
        }
    }
    if (!o.assignment.empty() && (o.parts.size() != 1 || o.keep_together_below.size() != 1)) {
        throw core::InputError("command line", "--assignment",
                               "needs exactly one --parts and one --keep-together-below value");
    }
}

std::string table_header(bool with_model) {
    std::string header =
        "| ranks | cut links | share of links | share of hops | balance | window | neighbour ranks";
    std::string rule = "|---:|---:|---:|---:|---:|---:|---:";
    if (with_model) {
        header += " | events / window / rank | crossings / window / rank | sync share | speed-up";
        rule += "|---:|---:|---:|---:";
    }
    return header + " |\n" + rule + "|\n";
}

std::string table_row(const partition::Figures& f, bool with_model) {
    const std::string window =
        f.window_ns < 0 ? "none" : core::format_duration(core::Time::ns(f.window_ns));
    std::string row =
        fmt::format("| {} | {} | {:.4f} | {:.4f} | {:.3f} | {} | {}", f.parts, f.cut_links,
                    f.cut_link_share, f.cut_hop_share, f.balance, window, f.neighbour_ranks);
    if (with_model) {
        row += fmt::format(" | {:.0f} | {:.0f} | {:.3f} | {:.1f}", f.events_per_window,
                           f.crossings_per_window, f.sync_share, f.speedup);
    }
    return row + " |\n";
}

void write_assignment(const std::string& path, const net::Topology& topology,
                      const std::vector<int>& rank) {
    std::ostringstream text;
    for (std::size_t host = 0; host < rank.size(); ++host) {
        text << topology.name(host) << ' ' << rank[host] << '\n';
    }
    core::write_file_atomically(path, text.str());
}

struct Estimates {
    partition::Traffic weights;   // what METIS balances and cuts
    partition::Traffic measured;  // what the figures are computed from
    std::vector<double> load;     // per host, from the weights
};

// Weights from one sample of destinations, figures from another, so that the
// figures do not flatter the partition fitted to the first; with every host
// as a destination both are exact, and one.
Estimates estimate(const Options& o, const net::Topology& topology,
                   const partition::LinkGraph& graph) {
    const auto started = std::chrono::steady_clock::now();
    Estimates e;
    e.weights = partition::estimate_traffic(topology, graph, o.samples, o.seed, "weights");
    const bool exact = o.samples == graph.hosts() && o.figure_samples == graph.hosts();
    e.measured =
        exact ? e.weights
              : partition::estimate_traffic(topology, graph, o.figure_samples, o.seed, "figures");
    e.load = partition::host_load(graph, e.weights);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    std::cerr << fmt::format("smtpsim-partition: routes to {} destinations in {:.1f} s\n",
                             exact ? o.samples : o.samples + o.figure_samples, took.count());
    return e;
}

std::string summary(const Options& o, const partition::LinkGraph& graph, const Estimates& e) {
    std::string out = fmt::format("topology: {}\nhosts: {}\nlinks: {}\n", o.topology, graph.hosts(),
                                  graph.links());
    out += fmt::format(
        "mean route: {:.3f} hops (routes to {} destinations for the weights, to {} "
        "for the figures)\n",
        e.measured.mean_hops, o.samples, o.figure_samples);
    const std::vector<double> load = partition::host_load(graph, e.measured);
    const double busiest = *std::max_element(load.begin(), load.end()) /
                           std::accumulate(load.begin(), load.end(), 0.0);
    return out +
           fmt::format("busiest host: {:.5f} of the load (no rank can carry less)\n", busiest);
}

// How much of the load the largest group of hosts joined by short links carries.
std::string largest_group(const partition::LinkGraph& graph, const Estimates& e,
                          core::Time keep_below) {
    std::uint32_t count = 0;
    const auto group = partition::groups_kept_whole(graph, keep_below.count_ns(), count);
    const std::vector<double> load = partition::host_load(graph, e.measured);
    std::vector<double> group_load(count, 0.0);
    std::vector<std::size_t> group_hosts(count, 0);
    for (std::size_t host = 0; host < graph.hosts(); ++host) {
        group_load[group[host]] += load[host];
        ++group_hosts[group[host]];
    }
    const auto largest =
        std::max_element(group_load.begin(), group_load.end()) - group_load.begin();
    return fmt::format(
        "{} groups; the heaviest: {} hosts, {:.4f} of the load", count, group_hosts[largest],
        group_load[largest] / std::accumulate(group_load.begin(), group_load.end(), 0.0));
}

// One table: every --parts value, links shorter than `keep_below` never cut.
std::string table(const Options& o, const partition::LinkGraph& graph, const Estimates& e,
                  const std::optional<partition::SpeedupModel>& model, const std::string& keep,
                  std::vector<int>& rank) {
    const core::Time keep_below = duration_of("--keep-together-below", keep);
    std::string out = keep_below > core::Time::zero()
                          ? fmt::format("\nlinks kept whole: shorter than {} ({})\n", keep,
                                        largest_group(graph, e, keep_below))
                          : std::string("\nlinks kept whole: none\n");
    out += "\n" + table_header(model.has_value());
    for (int k : o.parts) {
        const auto start = std::chrono::steady_clock::now();
        rank = partition::partition_kway(graph, e.load, e.weights.per_link,
                                         {k, keep_below.count_ns(), static_cast<int>(o.seed)});
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::cerr << fmt::format(
            "smtpsim-partition: {} ranks, links under {} kept whole: METIS "
            "took {:.2f} s\n",
            k, keep, took.count());
        const auto figures = partition::figures_of(graph, e.measured, rank, k,
                                                   model.value_or(partition::SpeedupModel{}));
        out += table_row(figures, model.has_value());
    }
    return out;
}

int run(const Options& o) {
    const std::optional<partition::SpeedupModel> model = model_of(o);
    for (const std::string& keep : o.keep_together_below) {
        duration_of("--keep-together-below", keep);  // checked before the long work
    }
    const net::Topology topology = cli::load_topology_reporting(o.topology);
    check(o, topology);
    const partition::LinkGraph graph = partition::link_graph(topology);
    const Estimates e = estimate(o, topology, graph);
    std::string out = summary(o, graph, e);
    std::vector<int> rank;
    for (const std::string& keep : o.keep_together_below) {
        out += table(o, graph, e, model, keep, rank);
    }
    if (!o.assignment.empty()) {
        write_assignment(o.assignment, topology, rank);
    }
    std::cout << out;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"smtpsim-partition: METIS k-way partitions of a topology for a distributed run",
                 "smtpsim-partition"};
    Options options;
    add_options(app, options);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {
            return app.exit(e);  // --help
        }
        std::cerr << "smtpsim-partition: error: " << e.what() << "\n";
        return 2;
    }
    try {
        return run(options);
    } catch (const core::InputError& e) {
        std::cerr << "smtpsim-partition: error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "smtpsim-partition: internal error: " << e.what() << "\n";
        return 1;
    }
}
