// A simulated SMTP session: the dialogue of the protocol library's Sender and
// Receiver, carried over a link with its timing, told to the trace bus.
#include "mta/session.hpp"

#include "smtp/transparency.hpp"

namespace smtpsim::mta {
namespace {

std::uint64_t wire_bytes(const smtp::Reply& reply) {
    std::uint64_t bytes = 0;
    for (const std::string& line : reply.lines) {
        bytes += 4 + line.size() + 2;  // "250-" or "250 ", the text, CRLF
    }
    return bytes;
}

}  // namespace

// ---------------------------------------------------------------------------
// The connection

void Session::reset(std::uint64_t id, Host& client, Host& server, LinkIndex link,
                    std::vector<Letter> letters) {
    id_ = id;
    client_ = &client;
    server_ = &server;
    link_ = link;
    load(std::move(letters));
    receiver_.reset();
    serving_ = false;
    closed_ = false;
    client_open_ = true;
    server_open_ = true;
    connected_ = false;
    in_flight_ = {};
    to_server_ = {};
    tag_ = {};
    to_client_ = {};
}

void Session::load(std::vector<Letter> letters) {
    infos_.clear();
    for (Letter& letter : letters) {
        infos_.push_back(std::move(letter.info));
        envelopes_.push_back(std::move(letter.envelope));
    }
    sender_.reset(client_->name(), std::move(envelopes_));
    inbound_.mail.recipients.clear();
}

void Session::turn_around() {
    // RFC 821 3.8: the client, answered 250 to TURN, is now the receiver, in
    // the state of a connection just opened: it sends the 220. The server is
    // now the sender, with the mail it holds for the client.
    end_server();
    end_client();
    std::swap(client_, server_);
    client_open_ = true;
    server_open_ = true;
    load(client_->take_over(server_->id()));
    server_->serve_turned();
    serving_ = true;
    client_waiting_since_ = env_.scheduler.now();  // for the 220
    start_receiver();
    write_to_client(receiver_->greeting(), trace::Payload::greeting);
}

void Session::connect() {
    const core::Time now = env_.scheduler.now();
    if (env_.bus.wants(trace::sessions)) {
        env_.bus.session_opened({now, id_, static_cast<trace::HostIndex>(client_->id()),
                                 static_cast<trace::HostIndex>(server_->id()), link_,
                                 client_->name(), server_->name()});
    }
    sender_.start();
    client_waiting_since_ = now;
    if (!env_.faults.reachable(client_->id(), server_->id(), link_)) {
        // Nothing answers: the server or the link is down.
        in_flight_ = env_.scheduler.schedule_after(env_.config.connect_timeout,
                                                   [this] { connect_failed(); });
        return;
    }
    // A TCP handshake: SYN, SYN-ACK, ACK. The server may write its greeting
    // once the third segment has arrived, one and a half round trips on.
    const core::Time handshake = env_.network.link(link_).latency * 3;
    in_flight_ = env_.scheduler.schedule_after(handshake, [this] { connected(); });
}

void Session::connect_failed() {
    sender_.on_connection_lost();
    close(trace::CloseReason::timed_out,
          "the connection timed out: " + server_->name() + " did not answer");
}

void Session::break_off(std::string_view reason) {
    env_.scheduler.cancel(in_flight_);
    // RFC 821 4.1.1: a transaction the receiver did not finish is not
    // delivered; the sender treats what was not accepted as a temporary error.
    if (client_open_) {
        sender_.on_connection_lost();
    }
    close(trace::CloseReason::broken, "the connection broke: " + std::string(reason));
}

void Session::host_went_down(net::HostId host, const std::string& reason) {
    const bool is_client = host == client_->id();
    if (is_client ? !client_open_ : !server_open_) {
        return;  // its end had gone already
    }
    env_.scheduler.cancel(in_flight_);  // nothing in flight arrives
    if (is_client) {
        sender_.on_connection_lost();
        end_client();
    } else {
        end_server();
    }
    const core::Time now = env_.scheduler.now();
    if (!client_open_ && !server_open_) {
        close(trace::CloseReason::broken, "the connection broke: " + reason);
    } else if (client_open_) {
        const auto [at, waiting_for] = client_notices(now);
        give_up_at(at, client_->name() + " gave up waiting for " + std::string(waiting_for) + ": " +
                           reason);
    } else if (!serving_) {
        // It had not begun to serve the connection.
        close(trace::CloseReason::broken, "the connection broke: " + reason);
    } else {
        notice_ = server_->name() + " gave up waiting for a command: " + reason;
        in_flight_ = env_.scheduler.schedule_at(
            server_notices(now), [this] { close(trace::CloseReason::timed_out, notice_); });
    }
}

std::pair<core::Time, std::string_view> Session::client_notices(core::Time now) const {
    const SmtpTimeouts& t = env_.config.timeouts;
    const auto after = [&](core::Time timeout) {
        return std::max(now, client_waiting_since_ + timeout);
    };
    if (!connected_) {
        return {after(env_.config.connect_timeout), "the connection"};
    }
    switch (sender_.state()) {
        case smtp::SenderState::greeting:
            return {after(t.greeting), "the greeting"};
        case smtp::SenderState::mail:
            return {after(t.mail), "the reply to MAIL"};
        case smtp::SenderState::rcpt:
            return {after(t.rcpt), "the reply to RCPT"};
        case smtp::SenderState::data:
            return {after(t.data_initiation), "the reply to DATA"};
        case smtp::SenderState::end_of_data:
            // A write that cannot go out stalls; once the "." is out, the
            // client waits for its reply.
            if (now < text_sent_) {
                return {now + t.data_block, "the mail text to go out"};
            }
            return {std::max(now, text_sent_ + t.data_termination), "the reply to the final \".\""};
        case smtp::SenderState::helo:
        case smtp::SenderState::vrfy:
        case smtp::SenderState::rset:
        case smtp::SenderState::turn:
        case smtp::SenderState::quit:
        case smtp::SenderState::done:
            return {after(t.mail), "a reply"};  // RFC 1123 names no timeout of their own
    }
    return {now, "a reply"};
}

core::Time Session::server_notices(core::Time now) const {
    return std::max(now, server_waiting_since_ + env_.config.timeouts.server);
}

void Session::connected() {
    connected_ = true;
    client_waiting_since_ = env_.scheduler.now();
    server_->admit(*this);  // begin() now, or when a session slot is free
}

void Session::give_up_at(core::Time at, std::string notice) {
    notice_ = std::move(notice);
    in_flight_ = env_.scheduler.schedule_at(at, [this] {
        // RFC 821 4.1.1: what was not accepted is as if it got a 4xx; the
        // host retries it by its retry policy.
        sender_.on_connection_lost();
        close(trace::CloseReason::timed_out, notice_);
    });
}

bool Session::gives_up_before(core::Time arrival) {
    const auto [deadline, waiting_for] = client_notices(env_.scheduler.now());
    if (arrival <= deadline) {
        return false;
    }
    give_up_at(deadline, client_->name() + " gave up waiting for " + std::string(waiting_for) +
                             ": " + server_->name() + " was too slow (RFC 1123 5.3.2)");
    return true;
}

void Session::wait_for_slot() {
    // Nothing arrives until a slot is free (begin); the 220 may never come
    // in time, so the client's timeout runs from the handshake.
    const auto [deadline, waiting_for] = client_notices(env_.scheduler.now());
    give_up_at(deadline, client_->name() + " gave up waiting for " + std::string(waiting_for) +
                             ": " + server_->name() + " had no free session (RFC 1123 5.3.2)");
}

void Session::start_receiver() {
    inbound_.serve(*server_);
    receiver_.emplace(server_->name(), inbound_);
    receiver_->strict_sequence(server_->props().strict_sequence);
    receiver_->eight_bit(server_->props().eight_bit);
}

void Session::begin() {
    env_.scheduler.cancel(in_flight_);  // the client's wait for a slot
    serving_ = true;
    start_receiver();
    write_to_client(receiver_->greeting(), trace::Payload::greeting);
}

// ---------------------------------------------------------------------------
// Client to server

Session::Tag Session::tag_of_step() const {
    if (const auto rcpt = sender_.pending_rcpt()) {
        const Recipient& recipient = infos_[rcpt->first].recipients[rcpt->second];
        return {Tag::Kind::rcpt, 0, 0, 0, recipient.id, recipient.destination};
    }
    if (sender_.state() == smtp::SenderState::mail) {
        const LetterInfo& info = infos_[sender_.current()->envelope];
        return {Tag::Kind::mail, info.message, info.about, info.hops, 0, {}};
    }
    return {};
}

void Session::write_to_server(smtp::SenderStep step) {
    const core::Time now = env_.scheduler.now();
    const bool text = step.text != nullptr;
    const std::uint64_t bytes = text ? step.text->wire_bytes() : step.command.size() + 2;
    const core::Time arrival = env_.network.transmit(link_, client_->id(), bytes, now);
    client_waiting_since_ = now;
    if (text) {
        text_sent_ = arrival - env_.network.link(link_).latency;  // its last byte leaves
    }
    if (env_.bus.wants(trace::transmissions)) {
        env_.bus.transmission({now, arrival, id_, link_,
                               static_cast<trace::HostIndex>(client_->id()),
                               static_cast<trace::HostIndex>(server_->id()),
                               text ? trace::Payload::text : trace::Payload::command, bytes,
                               static_cast<std::uint32_t>(text ? step.text->line_count() + 1 : 1)});
    }
    if (env_.bus.wants(trace::lines)) {
        trace_lines(step, now, arrival);
    }
    // A command held up on the link past the client's timeout: it gives up.
    // The text is always on its way (RFC 1123 5.3.2 times a block that
    // cannot be sent, which a link that carries it never holds back).
    if (!text && gives_up_before(arrival)) {
        return;
    }
    tag_ = tag_of_step();
    to_server_ = std::move(step);
    in_flight_ = env_.scheduler.schedule_at(arrival, [this] { server_reads(); });
}

void Session::trace_lines(const smtp::SenderStep& step, core::Time now, core::Time arrival) {
    // A command or text line: the state the receiver reads it in.
    const smtp::ReceiverState state = receiver_->state();
    if (!step.text) {
        env_.bus.line({now, arrival, id_, trace::Side::client, step.command, state});
        return;
    }
    std::string stuffed;
    step.text->for_each_line([&](std::string_view line) {
        stuffed.clear();
        if (!line.empty() && line.front() == '.') {
            stuffed += '.';  // RFC 821 4.5.2
        }
        stuffed += line;
        env_.bus.line({now, arrival, id_, trace::Side::client, stuffed, state});
    });
    env_.bus.line({now, arrival, id_, trace::Side::client, smtp::end_of_data, state});
}

std::optional<DropStep> Session::drop_step() const {
    if (to_server_.text) {
        return DropStep::end_of_data;
    }
    const std::string_view line = to_server_.command;
    switch (smtp::parse_verb(line.substr(0, line.find(' '))).value_or(smtp::Verb::noop)) {
        case smtp::Verb::helo:
            return DropStep::helo;
        case smtp::Verb::mail:
        case smtp::Verb::send:
        case smtp::Verb::soml:
        case smtp::Verb::saml:
            return DropStep::mail;
        case smtp::Verb::rcpt:
            return DropStep::rcpt;
        case smtp::Verb::data:
            return DropStep::data;
        case smtp::Verb::rset:
        case smtp::Verb::vrfy:
        case smtp::Verb::expn:
        case smtp::Verb::help:
        case smtp::Verb::noop:
        case smtp::Verb::quit:
        case smtp::Verb::turn:
            return std::nullopt;
    }
    return std::nullopt;
}

void Session::server_reads() {
    inbound_.rcpt_destination = tag_.destination;
    std::optional<smtp::Reply> reply = to_server_.text ? receiver_->on_mail_text(to_server_.text)
                                                       : receiver_->on_line(to_server_.command);
    if (reply && reply->positive()) {
        if (tag_.kind == Tag::Kind::mail) {
            InboundMail& mail = inbound_.mail;
            mail.message = tag_.message;
            mail.about = tag_.about;
            mail.hops = tag_.hops;
            mail.recipients.clear();
        } else if (tag_.kind == Tag::Kind::rcpt) {
            inbound_.mail.recipients.push_back({tag_.recipient, 0, inbound_.rcpt_destination});
        }
    }
    inbound_.rcpt_destination = {};
    // The failure plan may drop the connection here, before the reply; after
    // the final "." the server has taken the mail, and the client, never
    // seeing the 250, will send it again (a duplicate).
    const std::optional<DropStep> step = drop_step();
    to_server_ = {};
    if (step && env_.faults.drop_now(server_->id(), *step)) {
        break_off(server_->name() + " dropped it after " + std::string(drop_step_name(*step)));
        return;
    }
    if (!reply) {
        // Every command and every end of mail data has a reply; a client that
        // stops writing without one would hang the session.
        close(trace::CloseReason::no_reply, "no reply from the server");
        return;
    }
    // The server acts on the command for its service time, then answers; a
    // client whose timeout ends first gives up (after the final ".", with
    // the mail taken: the duplicate of RFC 1047).
    if (gives_up_before(env_.scheduler.now() + server_->props().service_time)) {
        return;
    }
    to_client_ = std::move(*reply);
    in_flight_ = env_.scheduler.schedule_after(server_->props().service_time, [this] {
        write_to_client(std::move(to_client_), trace::Payload::reply);
    });
}

// ---------------------------------------------------------------------------
// Server to client

void Session::write_to_client(smtp::Reply reply, trace::Payload payload) {
    const core::Time now = env_.scheduler.now();
    const std::uint64_t bytes = wire_bytes(reply);
    const core::Time arrival = env_.network.transmit(link_, server_->id(), bytes, now);
    server_waiting_since_ = now;
    if (env_.bus.wants(trace::transmissions)) {
        env_.bus.transmission({now, arrival, id_, link_,
                               static_cast<trace::HostIndex>(server_->id()),
                               static_cast<trace::HostIndex>(client_->id()), payload, bytes,
                               static_cast<std::uint32_t>(reply.lines.size())});
    }
    if (env_.bus.wants(trace::lines)) {
        // A reply line: the state the reply left the receiver in, and its class.
        for (const std::string& line : reply.wire_lines()) {
            env_.bus.line({now, arrival, id_, trace::Side::server, line, receiver_->state(),
                           receiver_->last_outcome()});
        }
    }
    if (gives_up_before(arrival)) {
        return;
    }
    to_client_ = std::move(reply);
    in_flight_ = env_.scheduler.schedule_at(arrival, [this] { client_reads(); });
}

void Session::client_reads() {
    // RFC 821 4.1.1: the mail is the receiver's from the 250 to its final
    // ".": the recipients accepted now are relayed now.
    std::optional<std::size_t> envelope;
    std::vector<bool> accepted_before;
    if (sender_.state() == smtp::SenderState::end_of_data && sender_.current()) {
        envelope = sender_.current()->envelope;
        for (const smtp::RecipientOutcome& o : sender_.outcomes(*envelope)) {
            accepted_before.push_back(o.outcome == smtp::Outcome::accepted);
        }
    }
    smtp::SenderStep step = sender_.react(to_client_);
    if (envelope) {
        relayed_now(*envelope, accepted_before);
    }
    if (sender_.turned()) {
        turn_around();
        return;
    }
    if (sender_.done()) {
        close(trace::CloseReason::quit, "quit");
        return;
    }
    if (step.empty()) {
        sender_.on_connection_lost();
        close(trace::CloseReason::no_command, "no command from the client");
        return;
    }
    write_to_server(std::move(step));
}

void Session::relayed_now(std::size_t envelope, const std::vector<bool>& accepted_before) {
    std::vector<std::size_t> now_accepted;
    const auto outcomes = sender_.outcomes(envelope);
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        if (outcomes[i].outcome == smtp::Outcome::accepted && !accepted_before[i]) {
            now_accepted.push_back(i);
        }
    }
    if (!now_accepted.empty()) {
        client_->data_accepted(*this, envelope, now_accepted);
    }
}

void Session::close(trace::CloseReason reason, std::string_view text) {
    if (server_open_) {
        end_server();
    }
    trace_closed(reason, text);
    if (client_open_) {
        end_client();
    }
    closed_ = true;
    env_.sessions.session_finished(*this);
}

void Session::end_server() {
    server_open_ = false;
    server_->release(*this, serving_);
    serving_ = false;
}

void Session::end_client() {
    client_open_ = false;
    client_->session_closed(*this);
}

void Session::trace_closed(trace::CloseReason reason, std::string_view text) {
    if (env_.bus.wants(trace::sessions)) {
        env_.bus.session_closed({env_.scheduler.now(), id_,
                                 static_cast<trace::HostIndex>(client_->id()),
                                 static_cast<trace::HostIndex>(server_->id()), reason, text});
    }
}

}  // namespace smtpsim::mta
