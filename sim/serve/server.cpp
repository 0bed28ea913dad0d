// The serve loop: acceptors, connection limits, the real-time clock, the
// live mailboxes, the periodic lag report, and a clean stop on a signal.
#include "serve/server.hpp"

#include <fmt/format.h>

#include <csignal>

#include "core/time.hpp"
#include "smtp/reply.hpp"

namespace smtpsim::serve {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

WallTime wall_now() {
    return std::chrono::duration_cast<WallTime>(
        std::chrono::steady_clock::now().time_since_epoch());
}

std::chrono::steady_clock::time_point wall_point(WallTime t) {
    return std::chrono::steady_clock::time_point(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(t));
}

}  // namespace

Server::Server(mta::Simulation& sim, core::Scheduler& scheduler, ServeOptions options,
               trace::MailboxWriter* live)
    : sim_(sim),
      scheduler_(scheduler),
      options_(std::move(options)),
      live_(live),
      out_(core::OutputFolder::open(options_.out)),
      pacer_(options_.speed, options_.lag, wall_now),
      clock_(io_),
      status_(io_),
      signals_(io_, SIGINT, SIGTERM),
      open_per_host_(sim.host_count(), 0) {
    signals_.add(SIGHUP);
    // RFC 1123 5.3.2's server timeout is simulated time; the wall waits
    // it divided by the speed.
    const double wall_s = sim.config().timeouts.server.seconds() / options_.speed;
    limits_.idle_timeout = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(std::max(wall_s, 0.001)));
    limits_.max_mail_bytes = options_.max_mail_bytes;
}

Server::~Server() = default;

ServeResult Server::run() {
    listening_ = listen_on(io_, options_.listen, options_.port_base, sim_.host_count());
    result_.port_base = listening_.port_base;
    write_ports_json(out_, sim_.topology(), options_.listen, listening_.port_base);
    if (options_.status != nullptr) {
        *options_.status << fmt::format(
            "smtpsim serve: {} hosts listening on {} ports {}-{} (ports.json in {}/)\n",
            sim_.host_count(), options_.listen.to_string(), listening_.port_base,
            listening_.port_base + sim_.host_count() - 1, options_.out.string());
        options_.status->flush();
    }
    signals_.async_wait([this](const boost::system::error_code& error, int signal) {
        if (!error) {
            stop(signal, "");
        }
    });
    pacer_.start(scheduler_.now());
    last_status_ = std::chrono::steady_clock::now();
    for (net::HostId h = 0; h < sim_.host_count(); ++h) {
        accept(h);
    }
    arm_clock();
    arm_status();
    io_.run();
    if (!result_.reached_stop) {
        sim_.interrupt();  // a signal or the lag: what is unresolved is in flight
    }
    sim_.finish();
    return result_;
}

void Server::accept(net::HostId host) {
    listening_.acceptors[host].async_accept(
        [this, host](const boost::system::error_code& error, tcp::socket socket) {
            if (stopping_) {
                return;
            }
            if (!error) {
                admit(host, std::move(socket));
                accept(host);
                return;
            }
            // Out of descriptors, say: wait a little before trying again.
            auto pause = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(50));
            pause->async_wait([this, host, pause](const boost::system::error_code&) {
                if (!stopping_) {
                    accept(host);
                }
            });
        });
}

void Server::admit(net::HostId host, tcp::socket socket) {
    if (open_.size() >= options_.max_connections ||
        open_per_host_[host] >= options_.max_connections_per_host) {
        // RFC 821 3.9: 421 to a connection the host cannot serve now. One
        // write attempt of a short reply: nothing is kept for it.
        ++result_.refused;
        const smtp::Reply reply{smtp::reply::service_not_available,
                                sim_.topology().name(host) +
                                    " Service not available, too many connections; closing "
                                    "transmission channel"};
        boost::system::error_code ignored;
        socket.non_blocking(true, ignored);
        socket.write_some(asio::buffer(reply.format()), ignored);
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        return;
    }
    ++result_.connections;
    ++open_per_host_[host];
    ConnectionOwner& owner = *this;
    auto connection = std::make_shared<Connection>(std::move(socket),
                                                   sim_.connect_from_outside(host), limits_, owner);
    open_.emplace(connection.get(), connection);
    connection->start();
}

void Server::closed(Connection& connection) {
    result_.transactions += connection.transactions();
    --open_per_host_[connection.host()];
    open_.erase(&connection);
}

void Server::catch_up() {
    if (stopping_) {
        return;
    }
    try {
        pacer_.advance(scheduler_, sim_.config().stop);
    } catch (const LagExceeded& e) {
        stop(0, e.what());
    }
}

void Server::events_changed() {
    arm_clock();
}

void Server::arm_clock() {
    if (stopping_) {
        return;
    }
    // The next event, or the stop time, or a look again in a second.
    std::optional<core::Time> next = scheduler_.next_time();
    if (const auto stop = sim_.config().stop; stop && (!next || *next > *stop)) {
        next = *stop;
    }
    clock_.expires_at(next ? wall_point(pacer_.due(*next))
                           : std::chrono::steady_clock::now() + std::chrono::seconds(1));
    clock_.async_wait([this](const boost::system::error_code& error) {
        if (!error) {
            on_clock();
        }
    });
}

void Server::on_clock() {
    catch_up();
    if (stopping_) {
        return;
    }
    if (const auto stop = sim_.config().stop; stop && scheduler_.now() >= *stop) {
        result_.reached_stop = true;
        this->stop(0, "");
        return;
    }
    arm_clock();
}

void Server::arm_status() {
    // The live mailboxes twice a second; the lag report every status_every.
    constexpr auto tick = std::chrono::milliseconds(500);
    status_.expires_after(tick);
    status_.async_wait([this, tick](const boost::system::error_code& error) {
        if (error || stopping_) {
            return;
        }
        write_mailboxes();
        report_status();
        arm_status();
    });
}

void Server::write_mailboxes() {
    if (live_ != nullptr) {
        live_->write_changed(out_);
    }
}

void Server::report_status() {
    if (options_.status == nullptr) {
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last_status_ < options_.status_every) {
        return;
    }
    last_status_ = now;
    const LagStatistics& lag = pacer_.statistics();
    *options_.status << fmt::format(
        "smtpsim serve: simulated {}s, {} events, lag mean {:.3f} ms max {:.3f} ms, {} late; "
        "{} connections open, {} served, {} refused\n",
        core::format_seconds(scheduler_.now()), scheduler_.executed(), lag.mean_ms(), lag.max_ms,
        lag.late, open_.size(), result_.connections, result_.refused);
    options_.status->flush();
}

void Server::stop(int signal, std::string aborted) {
    if (stopping_) {
        return;
    }
    stopping_ = true;
    result_.signal = signal;
    result_.aborted = std::move(aborted);
    boost::system::error_code ignored;
    for (tcp::acceptor& acceptor : listening_.acceptors) {
        acceptor.close(ignored);
    }
    // Every open connection: 421, closed (RFC 821 3.9).
    std::vector<std::shared_ptr<Connection>> open;
    for (const auto& [raw, connection] : open_) {
        open.push_back(connection);
    }
    for (const auto& connection : open) {
        connection->shut_down();
    }
    clock_.cancel();
    status_.cancel();
    signals_.clear();  // a second signal ends the program at once
    io_.stop();
}

nlohmann::ordered_json Server::summary() const {
    nlohmann::ordered_json j;
    j["listen"] = options_.listen.to_string();
    j["port_base"] = result_.port_base;
    j["connections"] = result_.connections;
    j["refused"] = result_.refused;
    j["transactions"] = result_.transactions;
    j["max_connections"] = options_.max_connections;
    j["max_connections_per_host"] = options_.max_connections_per_host;
    j["realtime"] = pacer_.summary();
    if (!result_.aborted.empty()) {
        j["aborted"] = result_.aborted;
    }
    return j;
}

}  // namespace smtpsim::serve
