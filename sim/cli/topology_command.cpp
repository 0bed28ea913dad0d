// `smtpsim topology dot|show|generate`: convert a topology to Graphviz,
// describe its shape, or generate one.
#include <fmt/core.h>
#include <iostream>
#include <sstream>

#include "cli/command.hpp"
#include "cli/topology_file.hpp"
#include "cli/validators.hpp"
#include "core/input_error.hpp"
#include "core/output_file.hpp"
#include "core/utf8.hpp"
#include "net/analysis.hpp"
#include "net/generators.hpp"
#include "net/graphviz.hpp"
#include "net/topology_io.hpp"
#include "net/units.hpp"

namespace smtpsim::cli {
namespace {

int run_dot(const std::string& path) {
    const net::Topology topology = load_topology_reporting(path);
    std::ostringstream out;
    net::write_topology_dot(out, topology);
    std::cout << out.str();
    return 0;
}

int run_show(const std::string& path) {
    const net::Topology topology = net::load_topology(path);
    std::size_t users = 0;
    std::size_t lists = 0;
    for (net::HostId v = 0; v < topology.host_count(); ++v) {
        users += topology.host(v).users.size();
        lists += topology.host(v).lists.size();
    }
    std::size_t down = 0;
    for (const net::LinkId e : boost::make_iterator_range(boost::edges(topology.graph()))) {
        down += topology.link(e).up ? 0 : 1;
    }
    const net::Components components = net::connected_components(topology);
    std::string sizes;
    for (std::size_t c = 0; c < components.count() && components.count() > 1; ++c) {
        if (c == 10) {
            sizes += ", ...";
            break;
        }
        sizes += (c == 0 ? " (hosts in each: " : ", ") + std::to_string(components.sizes[c]);
    }
    if (!sizes.empty()) {
        sizes += ")";
    }
    const net::Diameter diameter = net::diameter(topology);
    const net::DegreeStats degree = net::degree_stats(topology);
    fmt::print("topology: {}\n", path);
    if (!topology.description.empty()) {
        fmt::print("description: {}\n", topology.description);
    }
    fmt::print("hosts: {}\nlinks: {}{}\nusers: {}\nmailing lists: {}\n", topology.host_count(),
               topology.link_count(), down == 0 ? "" : fmt::format(" ({} down)", down), users,
               lists);
    fmt::print("connected components: {}{}\n", components.count(), sizes);
    fmt::print("diameter: {}{} hop{}\n", diameter.exact ? "" : "at least ", diameter.hops,
               diameter.hops == 1 ? "" : "s");
    fmt::print("degree: min {}, mean {:.2f}, max {}\n", degree.min, degree.mean, degree.max);
    return 0;
}

struct GenerateOptions {
    std::string kind;
    std::size_t hosts = 0;
    std::uint64_t seed = 1;
    double degree = 0;
    double probability = 0;
    std::size_t arity = 0;
    std::size_t width = 0;
    double alpha = 0;
    std::string latency = "10ms";
    std::string bandwidth = "56kbit/s";
    std::size_t users = 1;
    std::string description;
    std::string out;
};

// "10ms" or "5ms..50ms"; `parse` throws a std::invalid_argument with the reason.
template <class T, class Parse>
net::Range<T> parse_range(const std::string& text, const std::string& option, Parse parse) {
    try {
        const std::size_t dots = text.find("..");
        if (dots == std::string::npos) {
            const T value = parse(text);
            return {value, value};
        }
        return {parse(text.substr(0, dots)), parse(text.substr(dots + 2))};
    } catch (const std::invalid_argument& e) {
        throw core::InputError("command line", option, e.what());
    }
}

int run_generate(const GenerateOptions& options, const CLI::App& sub) {
    net::GeneratorOptions g;
    const auto kind = net::parse_generator_kind(options.kind);
    if (!kind) {
        throw core::InputError("command line", "KIND",
                               "unknown kind \"" + options.kind + "\"; expected one of " +
                                   net::generator_kind_names());
    }
    g.kind = *kind;
    g.hosts = options.hosts;
    g.seed = options.seed;
    if (sub.count("--degree") > 0) {
        g.degree = options.degree;
    }
    if (sub.count("--probability") > 0) {
        g.probability = options.probability;
    }
    if (sub.count("--arity") > 0) {
        g.arity = options.arity;
    }
    if (sub.count("--width") > 0) {
        g.width = options.width;
    }
    if (sub.count("--alpha") > 0) {
        g.alpha = options.alpha;
    }
    g.latency = parse_range<core::Time>(options.latency, "--latency", core::parse_duration);
    g.bandwidth = parse_range<std::uint64_t>(options.bandwidth, "--bandwidth", net::parse_rate);
    g.users = options.users;
    if (core::invalid_utf8(options.description)) {
        throw core::InputError("command line", "--description", "expected UTF-8 text");
    }
    g.description = options.description;
    std::optional<core::AtomicFile> file;
    if (!options.out.empty()) {
        file.emplace(options.out);  // refuses a folder, a device or a pipe before the work
    }
    const net::Topology topology = net::generate(g);
    net::write_topology_json(file ? file->stream() : std::cout, topology);
    if (file) {
        file->commit();
    }
    return 0;
}

void add_dot_command(CLI::App* topology, Registry& registry) {
    auto dot_path = std::make_shared<std::string>();
    CLI::App* dot = topology->add_subcommand("dot", "Write a topology as Graphviz DOT");
    dot->add_option("FILE", *dot_path, "Topology file (JSON, or DOT if .dot/.gv)")->required();
    dot->footer(
        "Example:\n"
        "  smtpsim topology dot topologies/teaching/line.json | dot -Tsvg > line.svg\n"
        "  graph G {\n"
        "  node [shape=box];\n"
        "  \"host0.sim\"[label=\"host0.sim\\n1 user\", users=\"user0\"];\n"
        "  ...\n"
        "  \"host0.sim\"--\"host1.sim\" [label=\"10ms\\n56kbit/s\", latency=\"10ms\", "
        "bandwidth=\"56kbit/s\"];");
    registry.push_back({dot, [dot_path] { return run_dot(*dot_path); }});
}

void add_show_command(CLI::App* topology, Registry& registry) {
    auto show_path = std::make_shared<std::string>();
    CLI::App* show = topology->add_subcommand(
        "show", "Describe a topology: hosts, links, components, diameter, degrees");
    show->add_option("FILE", *show_path, "Topology file (JSON, or DOT if .dot/.gv)")->required();
    show->footer(
        "The diameter is exact up to about 5,000 hosts (hosts x (hosts + links) up to 10^8),\n"
        "a lower bound above.\n\n"
        "Example:\n"
        "  smtpsim topology show topologies/teaching/ring.json\n"
        "  topology: topologies/teaching/ring.json\n"
        "  description: ...\n"
        "  hosts: 8\n"
        "  links: 8\n"
        "  users: 16\n"
        "  mailing lists: 0\n"
        "  connected components: 1\n"
        "  diameter: 4 hops\n"
        "  degree: min 2, mean 2.00, max 2");
    registry.push_back({show, [show_path] { return run_show(*show_path); }});
}

void add_generate_command(CLI::App* topology, Registry& registry) {
    auto options = std::make_shared<GenerateOptions>();
    CLI::App* gen = topology->add_subcommand(
        "generate", "Generate a topology as JSON: " + net::generator_kind_names());
    gen->add_option("KIND", options->kind, net::generator_kind_names())
        ->required()
        ->check(CLI::IsMember(net::generator_kinds()));
    gen->add_option("--hosts", options->hosts, "Number of hosts, named host0.sim, host1.sim, ...")
        ->required()
        ->check(whole_number(1, net::max_generated_hosts));
    gen->add_option("--seed", options->seed, "Seed of every random draw (default 1)")
        ->check(whole_number(0, UINT64_MAX));
    gen->add_option("--degree", options->degree,
                    "random: mean degree (default 4); small-world: ring neighbours, even "
                    "(default 4); scale-free: mean degree aimed at (default 4)")
        ->check(CLI::NonNegativeNumber);
    gen->add_option("--probability", options->probability,
                    "random: link probability (instead of --degree); small-world: rewiring "
                    "probability (default 0.1)")
        ->check(CLI::Range(0.0, 1.0));
    gen->add_option("--arity", options->arity, "tree: children per host (default 2)")
        ->check(whole_number(1, net::max_generated_hosts));
    gen->add_option("--width", options->width, "grid: hosts per row (default: square root)")
        ->check(whole_number(1, net::max_generated_hosts));
    gen->add_option("--alpha", options->alpha,
                    "scale-free: PLOD exponent alpha (default 0.5, degrees ~ power law 1+1/alpha)")
        ->check(CLI::Range(0.0, 10.0));
    gen->add_option("--latency", options->latency,
                    "Link latency, fixed (10ms) or drawn per link from LOW..HIGH (5ms..50ms)");
    gen->add_option("--bandwidth", options->bandwidth,
                    "Link rate, fixed (56kbit/s) or drawn per link from LOW..HIGH");
    gen->add_option("--users", options->users, "Users per host, user0..userK-1 (default 1)")
        ->check(whole_number(0, net::max_generated_users));
    gen->add_option("--description", options->description, "The topology's one-line description");
    gen->add_option("--out", options->out,
                    "Write to FILE (a regular file, whole or not at all) instead of stdout")
        ->check(non_empty_path);
    gen->footer(
        "Every generated topology is connected: random kinds join any components left apart.\n\n"
        "Example:\n"
        "  smtpsim topology generate ring --hosts 3 --seed 7 --latency 5ms..20ms\n"
        "  {\n"
        "    \"description\": \"ring of 3 hosts, seed 7\",\n"
        "    \"nodes\": [\n"
        "      {\"name\":\"host0.sim\",\"users\":[{\"mailbox\":\"user0\"}]},\n"
        "      ...\n"
        "    \"links\": [\n"
        "      {\"a\":\"host0.sim\",\"b\":\"host1.sim\",\"latency\":\"...\",\"bandwidth\":"
        "\"56kbit/s\"},\n"
        "      ...");
    registry.push_back({gen, [options, gen] { return run_generate(*options, *gen); }});
}

}  // namespace

void add_topology_command(CLI::App& app, Registry& registry) {
    CLI::App* topology = app.add_subcommand("topology", "Convert, describe or generate topologies");
    topology->require_subcommand(1);
    topology->footer("Run 'smtpsim topology COMMAND --help' for an example of each.");
    add_dot_command(topology, registry);
    add_show_command(topology, registry);
    add_generate_command(topology, registry);
}

}  // namespace smtpsim::cli
