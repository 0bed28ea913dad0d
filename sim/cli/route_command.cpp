// `smtpsim route`: the shortest route between two hosts of a topology, with
// its hop count, latency and RFC 821 source route.
#include <fmt/core.h>

#include "cli/command.hpp"
#include "cli/topology_file.hpp"
#include "core/input_error.hpp"
#include "net/routing.hpp"
#include "smtp/path.hpp"

namespace smtpsim::cli {
namespace {

struct RouteOptions {
    std::string topology;
    std::string from;
    std::string to;
    std::string metric = "hops";
};

net::HostId host_named(const net::Topology& topology, const std::string& name,
                       const std::string& option) {
    const auto id = topology.find_host(name);
    if (!id) {
        throw core::InputError("command line", option,
                               "unknown host \"" + name + "\" (not in the topology)");
    }
    return *id;
}

int run_route(const RouteOptions& options) {
    const auto recipient = smtp::parse_path("<" + options.to + ">");
    if (!recipient || recipient.value().is_null() || !recipient.value().route.empty()) {
        // Say why, when the shape is right but a part is not (too long, say).
        const std::optional<std::string> why =
            recipient ? std::nullopt : std::optional<std::string>(recipient.error().reason);
        throw core::InputError("command line", "--to",
                               "expected a mailbox USER@HOST such as Jones@BBN-VAX.ARPA, found \"" +
                                   options.to + "\"" + (why ? ": " + *why : std::string()));
    }
    const auto metric = net::parse_metric(options.metric);
    if (!metric) {
        throw core::InputError("command line", "--metric",
                               "expected hops or latency, found \"" + options.metric + "\"");
    }
    const smtp::Mailbox& mailbox = recipient.value().mailbox;
    const net::Topology topology = load_topology_reporting(options.topology);
    const net::HostId from = host_named(topology, options.from, "--from");
    const net::HostId to = host_named(topology, mailbox.domain, "--to");
    net::Router router(topology, *metric);
    const auto route = router.route(from, to);
    if (!route) {
        fmt::print("no route: {} cannot be reached from {} over links that are up\n",
                   topology.name(to), topology.name(from));
        return 1;
    }
    std::string path;
    for (const net::HostId host : route->hosts) {
        path += (path.empty() ? "" : " -> ") + topology.name(host);
    }
    fmt::print("path: {}\nhops: {}\nlatency: {}\nsource route: {}\n", path, route->hops(),
               core::format_duration(route->latency),
               net::source_route(topology, *route, mailbox.local_part));
    return 0;
}

}  // namespace

void add_route_command(CLI::App& app, Registry& registry) {
    auto options = std::make_shared<RouteOptions>();
    CLI::App* sub = app.add_subcommand(
        "route", "Print the shortest route between two hosts and its RFC 821 source route");
    sub->add_option("--topology", options->topology, "Topology file (JSON, or DOT if .dot/.gv)")
        ->required();
    sub->add_option("--from", options->from, "The host the mail starts at")->required();
    sub->add_option("--to", options->to, "The recipient's mailbox, USER@HOST")->required();
    sub->add_option("--metric", options->metric,
                    "hops (breadth-first search) or latency (Dijkstra); default hops")
        ->check(CLI::IsMember({"hops", "latency"}));
    sub->footer(
        "Ties between equally short routes go to the neighbour whose name sorts first.\n"
        "Exit status: 0 with a route, 1 when there is none, 2 on bad input.\n\n"
        "Example:\n"
        "  smtpsim route --topology topologies/rfc821.json --from MIT-AI.ARPA --to "
        "Jones@BBN-VAX.ARPA\n"
        "  path: MIT-AI.ARPA -> USC-ISIE.ARPA -> BBN-VAX.ARPA\n"
        "  hops: 2\n"
        "  latency: 40ms\n"
        "  source route: <@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>");
    registry.push_back({sub, [options] { return run_route(*options); }});
}

}  // namespace smtpsim::cli
