// One TCP connection of a real SMTP client to a simulated host: the bytes
// it sends are fed to the host's receiver (through the protocol library's
// stream reader, which holds no more of a line than RFC 821 4.5.3 allows),
// and its replies are written back. Nothing is held without bound: reading
// pauses while replies wait to be written, and a mail's text is limited.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mta/outside.hpp"
#include "smtp/receiver_stream.hpp"

namespace smtpsim::serve {

class Connection;

// What a connection asks of the server that owns it.
class ConnectionOwner {
  public:
    virtual ~ConnectionOwner() = default;
    // Bytes arrived: bring the simulation up to the wall clock's instant
    // before they are read, so that what they carry is stamped now.
    virtual void catch_up() = 0;
    // They were read: a mail taken may have scheduled events.
    virtual void events_changed() = 0;
    // The connection is closed; the owner lets it go.
    virtual void closed(Connection& connection) = 0;
};

struct ConnectionLimits {
    // RFC 1123 5.3.2: a server waits at least 5 minutes for a command; in
    // wall time, divided by the speed.
    std::chrono::steady_clock::duration idle_timeout = std::chrono::minutes(5);
    std::uint64_t max_mail_bytes = 10u << 20;  // of one mail's text on the wire
    std::size_t max_pending_output = 64u << 10;
};

class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(boost::asio::ip::tcp::socket socket, std::unique_ptr<mta::OutsideConnection> outside,
               const ConnectionLimits& limits, ConnectionOwner& owner);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Greets the client and starts reading.
    void start();
    // The server stops: "421 ... closing transmission channel", then closed.
    void shut_down();
    net::HostId host() const { return outside_->host().id(); }
    std::uint64_t transactions() const { return outside_->receiver().completed_transactions(); }

  private:
    void read();
    void on_read(const boost::system::error_code& error, std::size_t bytes);
    void take(std::string_view bytes);
    void send(const smtp::Reply& reply);
    void write();
    void on_written(const boost::system::error_code& error, std::size_t bytes);
    void arm_idle();
    void drain();
    void drain_some();
    void close_with(const smtp::Reply& reply);
    void close();
    smtp::Reply closing_reply() const;

    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer idle_;
    std::unique_ptr<mta::OutsideConnection> outside_;
    smtp::ReceiverStream stream_;
    ConnectionLimits limits_;
    ConnectionOwner& owner_;
    std::array<char, 4096> input_{};
    std::string output_;            // replies waiting to be written
    std::string writing_;           // the replies being written now
    std::uint64_t mail_bytes_ = 0;  // of the mail text being received
    bool reading_ = false;
    bool closing_ = false;   // close once the output is written
    bool draining_ = false;  // the last reply is out; reading until the client closes
    bool closed_ = false;
    std::uint64_t drained_ = 0;
    static constexpr std::uint64_t max_drained = 1u << 20;
};

}  // namespace smtpsim::serve
