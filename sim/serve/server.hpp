// `smtpsim serve`: every host of a simulation listens on a TCP port, and
// real SMTP clients talk to its receiver while the simulation runs in real
// time. One thread does everything: Boost.Asio's event loop serves the
// connections (no thread per connection) and a timer on it advances the
// scheduler as the wall clock goes (serve/pacer.hpp).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/scheduler.hpp"
#include "mta/simulation.hpp"
#include "serve/connection.hpp"
#include "serve/pacer.hpp"
#include "serve/ports.hpp"
#include "trace/mailbox_writer.hpp"

namespace smtpsim::serve {

struct ServeOptions {
    boost::asio::ip::address listen = boost::asio::ip::make_address("127.0.0.1");
    std::optional<std::uint16_t> port_base;  // nothing: chosen free
    double speed = 1;
    LagOptions lag;
    std::size_t max_connections = 100;          // open at once, in all
    std::size_t max_connections_per_host = 20;  // open at once, to one host
    std::uint64_t max_mail_bytes = 10u << 20;
    std::filesystem::path out;                       // ports.json and the live mailboxes
    std::chrono::milliseconds status_every{10'000};  // the lag report on `status`
    std::ostream* status = nullptr;
};

// How a serve ended.
struct ServeResult {
    int signal = 0;             // the signal that stopped it, or 0
    std::string aborted;        // why it ended with an error (--lag hard), or ""
    bool reached_stop = false;  // the scenario's stop time came
    std::uint16_t port_base = 0;
    std::uint64_t connections = 0;   // accepted and served
    std::uint64_t refused = 0;       // refused with 421 (too many)
    std::uint64_t transactions = 0;  // mail transactions that reached the final "."
};

class Server : private ConnectionOwner {
  public:
    // `live`, when given, is written into `out` as mail is delivered.
    Server(mta::Simulation& sim, core::Scheduler& scheduler, ServeOptions options,
           trace::MailboxWriter* live);
    ~Server() override;
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Listens (throws core::InputError when it cannot), writes ports.json,
    // then serves until a signal, the stop time, or a lag past --lag hard.
    // The simulation is then finished (Simulation::finish()).
    ServeResult run();
    // For summary.json.
    nlohmann::ordered_json summary() const;

  private:
    void catch_up() override;
    void events_changed() override;
    void closed(Connection& connection) override;
    void accept(net::HostId host);
    void admit(net::HostId host, boost::asio::ip::tcp::socket socket);
    void arm_clock();
    void on_clock();
    void arm_status();
    void report_status();
    void write_mailboxes();
    void stop(int signal, std::string aborted);

    mta::Simulation& sim_;
    core::Scheduler& scheduler_;
    ServeOptions options_;
    trace::MailboxWriter* live_;
    core::OutputFolder out_;  // options_.out, opened once: never through a link
    boost::asio::io_context io_;
    Pacer pacer_;
    Listening listening_;
    boost::asio::steady_timer clock_;
    boost::asio::steady_timer status_;
    boost::asio::signal_set signals_;
    std::map<Connection*, std::shared_ptr<Connection>> open_;
    std::vector<std::size_t> open_per_host_;
    ConnectionLimits limits_;
    ServeResult result_;
    std::chrono::steady_clock::time_point last_status_;
    bool stopping_ = false;
};

}  // namespace smtpsim::serve
