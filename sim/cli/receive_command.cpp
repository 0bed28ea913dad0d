// `smtpsim receive`: one receiver-SMTP session of a topology host on standard
// input and output, as a person would see it on port 25.
#include <iostream>
#include <string>

#include "cli/command.hpp"
#include "core/input_error.hpp"
#include "mta/topology_policy.hpp"
#include "net/topology_io.hpp"
#include "smtp/receiver.hpp"

namespace smtpsim::cli {
namespace {

struct ReceiveArgs {
    std::string topology;
    std::string host;
};

class ReceivePolicy : public mta::TopologyPolicy {
  public:
    using TopologyPolicy::TopologyPolicy;
    // RFC 821 4.1.1: "250 OK" at the end of mail data, as its dialogues show.
    smtp::Reply accept_message(smtp::Transaction&) override {
        return smtp::Reply{smtp::reply::ok, "OK"};
    }
};

void write(const smtp::Reply& reply) {
    std::cout << reply.format();
    std::cout.flush();
}

int receive(const ReceiveArgs& args) {
    const net::Topology topology = net::load_topology(args.topology);
    const auto host = topology.find_host(args.host);
    if (!host) {
        throw core::InputError("command line", "--host",
                               "no host " + args.host + " in " + args.topology);
    }
    ReceivePolicy policy(topology, *host);
    smtp::Receiver receiver(topology.name(*host), policy);
    write(receiver.greeting());
    std::string line;
    while (!receiver.closed() && std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();  // CRLF or LF both end a line
        }
        if (auto reply = receiver.on_line(line)) {
            write(*reply);
        }
    }
    return 0;
}

}  // namespace

void add_receive_command(CLI::App& app, Registry& registry) {
    auto args = std::make_shared<ReceiveArgs>();
    CLI::App* sub = app.add_subcommand(
        "receive",
        "Be one host's receiver-SMTP on standard input and output (type RFC 821 by hand)");
    sub->add_option("--topology", args->topology, "Topology file (JSON or DOT)")
        ->required()
        ->check(CLI::ExistingFile);
    sub->add_option("--host", args->host, "The host to be (its users, lists, forwards, policy)")
        ->required();
    sub->footer(
        "Reads command lines (CRLF or LF) and writes replies (CRLF); ends after QUIT or at the\n"
        "end of input.\n"
        "Example:\n"
        "  printf 'HELO MIT-AI.ARPA\\nVRFY Smith\\nQUIT\\n' |\n"
        "    smtpsim receive --topology topologies/rfc821.json --host USC-ISIF.ARPA");
    registry.push_back({sub, [args] { return receive(*args); }});
}

}  // namespace smtpsim::cli
