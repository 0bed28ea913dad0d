// The listening sockets of `smtpsim serve`: one per host of the topology, on
// consecutive ports from a base (given, or chosen free), and ports.json, the
// map from each host's name to its port.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/output_folder.hpp"
#include "net/topology.hpp"

namespace smtpsim::serve {

struct Listening {
    std::vector<boost::asio::ip::tcp::acceptor> acceptors;  // by host id
    std::uint16_t port_base = 0;
};

// Binds `count` consecutive ports on `address` from `port_base`; with no
// base, from an ephemeral port the system picks, tried again (another base)
// when one of the ports after it is taken. Throws core::InputError naming
// --port-base when a given base cannot be used (taken, or past 65535), or
// --listen when the address cannot be bound.
Listening listen_on(boost::asio::io_context& io, const boost::asio::ip::address& address,
                    std::optional<std::uint16_t> port_base, std::size_t count);

// ports.json in `folder`, written whole: {"listen", "port_base", "hosts": {name: port}}.
void write_ports_json(const core::OutputFolder& folder, const net::Topology& topology,
                      const boost::asio::ip::address& address, std::uint16_t port_base);

}  // namespace smtpsim::serve
