// A simulated SMTP session: the dialogue of the protocol library's Sender and
// Receiver, carried over a link with its timing, told to the trace bus.
#include "mta/session.hpp"

#include "mta/server_policy.hpp"
#include "mta/simulation.hpp"

namespace smtpsim::mta {
namespace {

std::vector<smtp::Envelope> envelopes_of(const std::vector<Letter>& letters) {
    std::vector<smtp::Envelope> envelopes;
    envelopes.reserve(letters.size());
    for (const Letter& letter : letters) {
        smtp::Envelope& e = envelopes.emplace_back();
        e.reverse_path = letter.reverse_path;
        e.mode = letter.mode;
        e.data = *letter.text;
        e.verify = letter.verify;
        for (const Recipient& r : letter.recipients) {
            e.forward_paths.push_back(r.forward_path);
        }
    }
    return envelopes;
}

std::uint64_t wire_bytes(const std::vector<std::string>& lines) {
    std::uint64_t bytes = 0;
    for (const std::string& line : lines) {
        bytes += line.size() + 2;
    }
    return bytes;
}

std::uint64_t wire_bytes(const smtp::Reply& reply) {
    std::uint64_t bytes = 0;
    for (const std::string& line : reply.lines) {
        bytes += 4 + line.size() + 2;  // "250-" or "250 ", the text, CRLF
    }
    return bytes;
}

}  // namespace

Session::Session(Simulation& sim, std::uint64_t id, net::HostId client, net::HostId server,
                 LinkIndex link, std::vector<Letter> letters)
    : sim_(sim),
      id_(id),
      client_(client),
      server_(server),
      link_(link),
      letters_(std::move(letters)),
      sender_(sim.hosts_[client].name, envelopes_of(letters_)) {}

Session::~Session() = default;

void Session::connect() {
    opened_ = sim_.scheduler_.now();
    Host& client = sim_.hosts_[client_];
    ++client.counters.sessions_out;
    ++sim_.network_.link(link_).sessions;
    ++sim_.counters_.sessions;
    if (sim_.bus_.wants(trace::sessions)) {
        sim_.bus_.session_opened({opened_, id_, client.name, sim_.hosts_[server_].name});
    }
    sender_.start();
    if (!sim_.connection_possible(client_, server_, link_)) {
        // Nothing answers: the server or the link is down.
        in_flight_ = sim_.scheduler_.schedule_after(sim_.config_.connect_timeout,
                                                    [this] { connect_failed(); });
        return;
    }
    // A TCP handshake: one round trip before either side can write.
    const core::Time round_trip = sim_.network_.link(link_).latency * 2;
    in_flight_ = sim_.scheduler_.schedule_after(round_trip, [this] { connected(); });
}

void Session::connect_failed() {
    ++sim_.counters_.failed_connections;
    sender_.on_connection_lost();
    close("the connection timed out: " + sim_.hosts_[server_].name + " did not answer");
}

void Session::break_off(std::string_view reason) {
    sim_.scheduler_.cancel(in_flight_);
    ++sim_.counters_.broken_sessions;
    // RFC 821 4.1.1: a transaction the receiver did not finish is not
    // delivered; the sender treats what was not accepted as a temporary error.
    sender_.on_connection_lost();
    close(std::string("the connection broke: ") + std::string(reason));
}

void Session::connected() {
    Host& server = sim_.hosts_[server_];
    if (server.inbound >= server.props->max_sessions) {
        server.accept_queue.push_back(this);  // waits for a free session; see README
        return;
    }
    begin();
}

void Session::begin() {
    Host& server = sim_.hosts_[server_];
    ++server.inbound;
    ++server.counters.sessions_in;
    serving_ = true;
    policy_ = std::make_unique<ServerPolicy>(sim_, *this, server);
    receiver_.emplace(server.name, *policy_);
    write_to_client(receiver_->greeting());
}

void Session::write_to_server(std::vector<std::string> lines) {
    const core::Time now = sim_.scheduler_.now();
    to_server_is_text_ = sender_.state() == smtp::SenderState::end_of_data;
    if (!to_server_is_text_) {
        sim_.counters_.commands += lines.size();
    }
    if (sim_.bus_.wants(trace::lines)) {
        for (const std::string& line : lines) {
            sim_.bus_.line({now, id_, trace::Side::client, line});
        }
    }
    const std::uint64_t bytes = wire_bytes(lines);
    sim_.hosts_[client_].counters.bytes_out += bytes;
    sim_.hosts_[server_].counters.bytes_in += bytes;
    to_server_ = std::move(lines);
    const core::Time arrival = sim_.network_.transmit(link_, client_, bytes, now);
    in_flight_ = sim_.scheduler_.schedule_at(arrival, [this] { server_reads(); });
}

void Session::server_reads() {
    Host& server = sim_.hosts_[server_];
    std::optional<smtp::Reply> reply;
    for (const std::string& line : to_server_) {
        reply = receiver_->on_line(line);
    }
    if (!to_server_is_text_) {
        server.counters.commands_in += to_server_.size();
    }
    // The failure plan may drop the connection here, before the reply; after
    // the final "." the server has taken the mail, and the client, never
    // seeing the 250, will send it again (a duplicate).
    std::optional<DropStep> step;
    if (to_server_is_text_) {
        step = DropStep::end_of_data;
    } else if (!to_server_.empty()) {
        const std::string_view line = to_server_.front();
        switch (smtp::parse_verb(line.substr(0, line.find(' '))).value_or(smtp::Verb::noop)) {
            case smtp::Verb::helo:
                step = DropStep::helo;
                break;
            case smtp::Verb::mail:
            case smtp::Verb::send:
            case smtp::Verb::soml:
            case smtp::Verb::saml:
                step = DropStep::mail;
                break;
            case smtp::Verb::rcpt:
                step = DropStep::rcpt;
                break;
            case smtp::Verb::data:
                step = DropStep::data;
                break;
            case smtp::Verb::rset:
            case smtp::Verb::vrfy:
            case smtp::Verb::expn:
            case smtp::Verb::help:
            case smtp::Verb::noop:
            case smtp::Verb::quit:
            case smtp::Verb::turn:
                break;
        }
    }
    to_server_.clear();
    if (step && sim_.drop_now(server, *step)) {
        break_off(server.name + " dropped it after " + std::string(drop_step_name(*step)));
        return;
    }
    if (!reply) {
        // Every command and every end of mail data has a reply; a client that
        // stops writing without one would hang the session.
        close("no reply from the server");
        return;
    }
    // The server acts on the command for its service time, then answers.
    to_client_ = std::move(*reply);
    in_flight_ = sim_.scheduler_.schedule_after(server.props->service_time,
                                                [this] { write_to_client(std::move(to_client_)); });
}

void Session::write_to_client(smtp::Reply reply) {
    const core::Time now = sim_.scheduler_.now();
    if (sim_.bus_.wants(trace::lines)) {
        for (const std::string& line : reply.wire_lines()) {
            sim_.bus_.line({now, id_, trace::Side::server, line});
        }
    }
    const std::uint64_t bytes = wire_bytes(reply);
    sim_.hosts_[server_].counters.bytes_out += bytes;
    sim_.hosts_[client_].counters.bytes_in += bytes;
    to_client_ = std::move(reply);
    const core::Time arrival = sim_.network_.transmit(link_, server_, bytes, now);
    in_flight_ = sim_.scheduler_.schedule_at(arrival, [this] { client_reads(); });
}

void Session::client_reads() {
    std::vector<std::string> lines = sender_.on_reply(to_client_);
    if (sender_.done()) {
        close("quit");
        return;
    }
    if (lines.empty()) {
        sender_.on_connection_lost();
        close("no command from the client");
        return;
    }
    write_to_server(std::move(lines));
}

void Session::close(std::string_view reason) {
    closed_ = true;
    Host& server = sim_.hosts_[server_];
    if (serving_) {
        serving_ = false;
        --server.inbound;
        if (!server.accept_queue.empty()) {
            Session* next = server.accept_queue.front();
            server.accept_queue.pop_front();
            next->begin();
        }
    } else {
        std::erase(server.accept_queue, this);  // it may have been waiting for a slot
    }
    sim_.session_ended(*this, reason);
}

}  // namespace smtpsim::mta
