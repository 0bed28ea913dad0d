// Binding a port per host, and ports.json.
#include "serve/ports.hpp"

#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/input_error.hpp"
#include "core/output_file.hpp"

namespace smtpsim::serve {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// An acceptor on one port, or the error that refused it.
boost::system::error_code open_one(tcp::acceptor& acceptor, const tcp::endpoint& endpoint) {
    boost::system::error_code error;
    acceptor.open(endpoint.protocol(), error);
    if (!error) {
        acceptor.set_option(tcp::acceptor::reuse_address(true), error);
    }
    if (!error) {
        acceptor.bind(endpoint, error);
    }
    if (!error) {
        acceptor.listen(asio::socket_base::max_listen_connections, error);
    }
    return error;
}

// All `count` ports from `base`, or the first error (and nothing kept open).
boost::system::error_code bind_from(asio::io_context& io, const asio::ip::address& address,
                                    std::uint16_t base, std::size_t count, Listening& out) {
    out.acceptors.clear();
    for (std::size_t i = 0; i < count; ++i) {
        out.acceptors.emplace_back(io);
        const auto port = static_cast<std::uint16_t>(base + i);
        if (const auto error = open_one(out.acceptors.back(), {address, port})) {
            out.acceptors.clear();
            return error;
        }
    }
    out.port_base = base;
    return {};
}

Listening choose_free(asio::io_context& io, const asio::ip::address& address, std::size_t count) {
    constexpr int attempts = 64;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        // The system's choice of a free port is the first; the rest follow it.
        tcp::acceptor probe(io);
        if (const auto error = open_one(probe, {address, 0})) {
            throw core::InputError(
                "command line", "--listen",
                "cannot listen on " + address.to_string() + ": " + error.message());
        }
        const std::uint16_t base = probe.local_endpoint().port();
        probe.close();
        if (base + count - 1 > 65535) {
            continue;
        }
        Listening listening;
        if (!bind_from(io, address, base, count, listening)) {
            return listening;
        }
    }
    throw core::InputError("command line", "--port-base",
                           "found no " + std::to_string(count) +
                               " consecutive free ports; give a base with --port-base");
}

}  // namespace

Listening listen_on(asio::io_context& io, const asio::ip::address& address,
                    std::optional<std::uint16_t> port_base, std::size_t count) {
    if (!port_base) {
        return choose_free(io, address, count);
    }
    if (*port_base + count - 1 > 65535) {
        throw core::InputError("command line", "--port-base",
                               std::to_string(*port_base) + " + " + std::to_string(count) +
                                   " hosts goes past port 65535");
    }
    Listening listening;
    if (const auto error = bind_from(io, address, *port_base, count, listening)) {
        throw core::InputError("command line", "--port-base",
                               "cannot listen on " + address.to_string() + " ports " +
                                   std::to_string(*port_base) + "-" +
                                   std::to_string(*port_base + count - 1) + ": " + error.message());
    }
    return listening;
}

void write_ports_json(const core::OutputFolder& folder, const net::Topology& topology,
                      const asio::ip::address& address, std::uint16_t port_base) {
    nlohmann::ordered_json j;
    j["listen"] = address.to_string();
    j["port_base"] = port_base;
    nlohmann::ordered_json hosts = nlohmann::ordered_json::object();
    for (net::HostId h = 0; h < topology.host_count(); ++h) {
        hosts[topology.name(h)] = port_base + h;
    }
    j["hosts"] = std::move(hosts);
    std::ostringstream text;
    text << std::setw(2) << j << "\n";
    core::write_file_atomically(folder, "ports.json", text.str());
}

}  // namespace smtpsim::serve
