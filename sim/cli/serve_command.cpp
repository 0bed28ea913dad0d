// `smtpsim serve`: the hosts of a topology (or a scenario's) on real TCP
// ports, the simulation in real time, and the run's outputs at the end.
#include <fmt/format.h>

#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/validators.hpp"
#include "core/input_error.hpp"
#include "core/json_input.hpp"
#include "net/topology_io.hpp"
#include "scenario/run.hpp"
#include "serve/server.hpp"
#include "trace/mailbox_writer.hpp"

namespace smtpsim::cli {
namespace {

struct ServeArgs {
    std::string file;
    std::string out;
    std::optional<std::uint64_t> port_base;
    std::string listen = "127.0.0.1";
    double speed = 1;
    std::string lag = "best-effort";
    std::uint64_t max_connections = 100;
    std::uint64_t max_connections_per_host = 20;
    std::optional<std::uint64_t> seed;
    std::string routing;
};

// A scenario names its topology; a topology file does not. Read with the
// checks of every input (a regular file, its size, nesting, keys twice): a
// pipe named here must not block, nor a syntax error be taken for a topology.
bool is_scenario(const std::string& file) {
    const nlohmann::json doc = core::parse_json(core::read_text_file(file), file);
    return doc.is_object() && doc.contains("topology");
}

scenario::Scenario load(const std::string& file) {
    if (is_scenario(file)) {
        return scenario::load_scenario(file);
    }
    scenario::Scenario s;
    s.topology = std::make_shared<const net::Topology>(net::load_topology(file));
    s.topology_file = file;
    s.file = file;
    s.name = "serve";
    // No workload: the mail comes from the clients, dated by the wall clock.
    s.config.epoch_unix = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
    return s;
}

serve::ServeOptions serve_options(const ServeArgs& args) {
    serve::ServeOptions options;
    boost::system::error_code error;
    options.listen = boost::asio::ip::make_address(args.listen, error);
    if (error) {
        throw core::InputError("command line", "--listen",
                               "expected an IPv4 or IPv6 address, found \"" + args.listen + "\"");
    }
    if (!options.listen.is_loopback()) {
        std::cerr << "smtpsim: warning: --listen " << args.listen
                  << " is not a loopback address: anyone who can reach it can send mail "
                     "into the simulation\n";
    }
    if (args.port_base) {
        options.port_base = static_cast<std::uint16_t>(*args.port_base);
    }
    if (!(args.speed > 0) || !std::isfinite(args.speed) || args.speed > 1e6) {
        throw core::InputError("command line", "--speed",
                               fmt::format("expected a number above 0 and at most 1000000, "
                                           "found {}",
                                           args.speed));
    }
    options.speed = args.speed;
    const auto lag = serve::parse_lag(args.lag);
    if (!lag) {
        throw core::InputError("command line", "--lag",
                               "expected best-effort, strict or hard=MS (MS a whole number of "
                               "milliseconds, at least 1), found \"" +
                                   args.lag + "\"");
    }
    options.lag = *lag;
    options.max_connections = args.max_connections;
    options.max_connections_per_host = args.max_connections_per_host;
    options.out = args.out;
    options.status = &std::cerr;
    return options;
}

int serve(const ServeArgs& args) {
    serve::ServeOptions options = serve_options(args);  // bad options before the file
    const scenario::Scenario scenario = load(args.file);
    scenario::RunOptions run;
    run.seed = args.seed;
    if (!args.routing.empty()) {
        run.routing = mta::parse_routing_mode(args.routing);
    }
    run.out = std::filesystem::path(args.out);
    trace::MailboxWriter live(scenario.config.epoch_unix);
    run.observers.push_back(&live);
    std::optional<serve::ServeResult> served;
    nlohmann::ordered_json serve_summary;
    run.drive = [&](mta::Simulation& sim, core::Scheduler& scheduler) {
        serve::Server server(sim, scheduler, options, &live);
        served = server.run();
        serve_summary = server.summary();
    };
    run.add_to_summary = [&](nlohmann::ordered_json& summary) { summary["serve"] = serve_summary; };
    const scenario::RunResult result = scenario::run_scenario(scenario, run);
    const auto& m = result.summary["messages"];
    std::cerr << fmt::format(
        "smtpsim serve: stopped at simulated time {}s; {} recipients: {} delivered, {} returned, "
        "{} unreturnable, {} in flight; outputs in {}/\n",
        core::format_seconds(result.sim_time), m["recipients"].dump(), m["delivered"].dump(),
        m["returned"].dump(), m["unreturnable"].dump(), m["in_flight"].dump(), args.out);
    if (!result.totals.balanced()) {
        std::cerr << "smtpsim: error: the accounting does not balance\n";
        return 1;
    }
    if (!served->aborted.empty()) {
        std::cerr << "smtpsim: error: serve: " << served->aborted << "\n";
        return 1;
    }
    return served->signal != 0 ? 128 + served->signal : 0;
}

}  // namespace

void add_serve_command(CLI::App& app, Registry& registry) {
    auto args = std::make_shared<ServeArgs>();
    CLI::App* sub = app.add_subcommand(
        "serve",
        "Every host of a topology on a TCP port: real SMTP clients send mail through the "
        "simulated network, in real time");
    sub->add_option("topology_or_scenario", args->file,
                    "Topology file (JSON or DOT), or a scenario (its traffic and failures run "
                    "alongside)")
        ->required()
        ->check(CLI::ExistingFile);
    sub->add_option("--out", args->out,
                    "Output folder: ports.json, mailboxes/ as mail is delivered, and at the end "
                    "the files of smtpsim run")
        ->required()
        ->check(non_empty_path);
    sub->add_option("--port-base", args->port_base,
                    "Host i (in topology order) listens on port P+i (default: a free base, "
                    "printed and in ports.json)")
        ->check(whole_number(1, 65535));
    sub->add_option("--listen", args->listen, "Address to listen on (default 127.0.0.1)");
    sub->add_option("--speed", args->speed,
                    "Simulated seconds per wall-clock second (default 1; 10: ten times faster)");
    sub->add_option("--lag", args->lag,
                    "When events run late: best-effort (catch up), strict (hold the simulated "
                    "clock back), hard=MS (stop with an error past MS ms)");
    sub->add_option("--max-connections", args->max_connections,
                    "Connections open at once in all; more get 421 (default 100)")
        ->check(whole_number(1, 100000));
    sub->add_option("--max-connections-per-host", args->max_connections_per_host,
                    "Connections open at once to one host; more get 421 (default 20)")
        ->check(whole_number(1, 100000));
    sub->add_option("--seed", args->seed, "Run seed (overrides the scenario's)")
        ->check(whole_number(0, UINT64_MAX));
    sub->add_option("--routing", args->routing,
                    "Routing mode (overrides the scenario's; next-hop for a topology)")
        ->check(routing_mode_name());
    sub->footer(
        "Runs until SIGINT or SIGTERM (or a scenario's stop time): open connections get 421,\n"
        "and the outputs are written with summary.json saying \"interrupted\": true.\n"
        "Example:\n"
        "  smtpsim serve topologies/rfc821.json --out /tmp/serve --port-base 2525 --speed 10 &\n"
        "  swaks --server 127.0.0.1:$(jq '.hosts[\"USC-ISIE.ARPA\"]' /tmp/serve/ports.json) \\\n"
        "    --protocol SMTP --helo MIT-AI.ARPA --from JQP@MIT-AI.ARPA \\\n"
        "    --to '@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA'");
    registry.push_back({sub, [args] { return serve(*args); }});
}

}  // namespace smtpsim::cli
