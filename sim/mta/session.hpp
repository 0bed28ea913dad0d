// One simulated SMTP session: a TCP connection over one link between a
// client host (the sender-SMTP) and a server host (the receiver-SMTP), and
// the protocol library's Sender and Receiver talking over it in lock step.
//
// Timing: opening the connection costs a round trip; then the server writes
// its greeting. Each line (or the whole mail text with its final ".") is
// written on the link and arrives after the link's queueing, transmission and
// latency (Network::transmit). The server answers each command after its
// host's service time; the client writes its next command as soon as a reply
// arrives. Only one thing is ever in flight on a session.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/scheduler.hpp"
#include "core/time.hpp"
#include "mta/mail.hpp"
#include "mta/network.hpp"
#include "smtp/receiver.hpp"
#include "smtp/sender.hpp"

namespace smtpsim::mta {

class Simulation;
class ServerPolicy;

class Session {
  public:
    Session(Simulation& sim, std::uint64_t id, net::HostId client, net::HostId server,
            LinkIndex link, std::vector<Letter> letters);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // The client starts connecting now.
    void connect();
    // The server has a free session slot for this connection: greet.
    void begin();
    // The connection breaks now (a host or link went down): nothing in
    // flight arrives, the sender counts what was not accepted as a transient
    // failure, and the receiver forgets an unfinished transaction.
    void break_off(std::string_view reason);
    bool closed() const { return closed_; }

    std::uint64_t id() const { return id_; }
    net::HostId client() const { return client_; }
    net::HostId server() const { return server_; }
    LinkIndex link() const { return link_; }
    core::Time opened() const { return opened_; }
    std::vector<Letter>& letters() { return letters_; }
    const smtp::Sender& sender() const { return sender_; }

  private:
    void connected();
    void write_to_server(std::vector<std::string> lines);
    void server_reads();
    void write_to_client(smtp::Reply reply);
    void client_reads();
    void close(std::string_view reason);
    void connect_failed();

    Simulation& sim_;
    std::uint64_t id_;
    net::HostId client_;
    net::HostId server_;
    LinkIndex link_;
    core::Time opened_;
    std::vector<Letter> letters_;
    smtp::Sender sender_;
    std::unique_ptr<ServerPolicy> policy_;
    std::optional<smtp::Receiver> receiver_;
    bool serving_ = false;  // holds one of the server's session slots
    bool closed_ = false;
    core::EventId in_flight_;  // the one event this session waits for
    // What is on the wire now: lines to the server, or a reply to the client.
    std::vector<std::string> to_server_;
    bool to_server_is_text_ = false;
    smtp::Reply to_client_;
};

}  // namespace smtpsim::mta
