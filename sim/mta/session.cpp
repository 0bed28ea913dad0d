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
// The server host's answers

std::optional<smtp::ReplyCode> Session::Inbound::transient_failure(smtp::Verb verb) {
    return session_.env_.faults.transient_failure(host().id(), verb);
}

smtp::StorageStatus Session::Inbound::storage_for(smtp::Mode, const smtp::Path&) {
    return host().storage_for();
}

smtp::MailboxAnswer Session::Inbound::lookup_mailbox(const smtp::Mailbox& mailbox) {
    if (auto answer = session_.env_.faults.mailbox_override(host().id(), mailbox.user())) {
        return *answer;
    }
    return host().topology_policy().lookup_mailbox(mailbox);
}

bool Session::Inbound::terminal_active(const smtp::Mailbox& mailbox) {
    return host().terminal_active(mailbox);
}

smtp::RelayStatus Session::Inbound::may_relay(std::string_view, const smtp::Path& forward_path) {
    return host().may_relay(forward_path);
}

smtp::VerifyAnswer Session::Inbound::verify(std::string_view user_name) {
    return host().topology_policy().verify(user_name);
}

smtp::ExpandAnswer Session::Inbound::expand(std::string_view list_name) {
    return host().topology_policy().expand(list_name);
}

smtp::Reply Session::Inbound::accept_message(smtp::Transaction& transaction) {
    return host().accept(transaction, mail);
}

// ---------------------------------------------------------------------------
// The connection

void Session::reset(std::uint64_t id, Host& client, Host& server, LinkIndex link,
                    std::vector<Letter> letters) {
    id_ = id;
    client_ = &client;
    server_ = &server;
    link_ = link;
    infos_.clear();
    for (Letter& letter : letters) {
        infos_.push_back(std::move(letter.info));
        envelopes_.push_back(std::move(letter.envelope));
    }
    sender_.reset(client.name(), std::move(envelopes_));
    inbound_.mail.recipients.clear();
    receiver_.reset();
    serving_ = false;
    closed_ = false;
    in_flight_ = {};
    to_server_ = {};
    tag_ = {};
    to_client_ = {};
}

void Session::connect() {
    const core::Time now = env_.scheduler.now();
    if (env_.bus.wants(trace::sessions)) {
        env_.bus.session_opened({now, id_, static_cast<trace::HostIndex>(client_->id()),
                                 static_cast<trace::HostIndex>(server_->id()), link_,
                                 client_->name(), server_->name()});
    }
    sender_.start();
    if (!env_.faults.reachable(client_->id(), server_->id(), link_)) {
        // Nothing answers: the server or the link is down.
        in_flight_ = env_.scheduler.schedule_after(env_.config.connect_timeout,
                                                   [this] { connect_failed(); });
        return;
    }
    // A TCP handshake: one round trip before either side can write.
    const core::Time round_trip = env_.network.link(link_).latency * 2;
    in_flight_ = env_.scheduler.schedule_after(round_trip, [this] { connected(); });
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
    sender_.on_connection_lost();
    close(trace::CloseReason::broken, "the connection broke: " + std::string(reason));
}

void Session::connected() {
    server_->admit(*this);  // begin() now, or when a session slot is free
}

void Session::begin() {
    serving_ = true;
    receiver_.emplace(server_->name(), inbound_);
    receiver_->strict_sequence(server_->props().strict_sequence);
    receiver_->eight_bit(server_->props().eight_bit);
    write_to_client(receiver_->greeting(), trace::Payload::greeting);
}

// ---------------------------------------------------------------------------
// Client to server

Session::Tag Session::tag_of_step() const {
    if (const auto rcpt = sender_.pending_rcpt()) {
        return {Tag::Kind::rcpt, 0, 0, 0, infos_[rcpt->first].recipients[rcpt->second].id};
    }
    if (sender_.state() == smtp::SenderState::mail) {
        const LetterInfo& info = infos_[sender_.current()->envelope];
        return {Tag::Kind::mail, info.message, info.about, info.hops, 0};
    }
    return {};
}

void Session::write_to_server(smtp::SenderStep step) {
    const core::Time now = env_.scheduler.now();
    const bool text = step.text != nullptr;
    const std::uint64_t bytes = text ? step.text->wire_bytes() : step.command.size() + 2;
    const core::Time arrival = env_.network.transmit(link_, client_->id(), bytes, now);
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
    const std::optional<smtp::Reply> reply = to_server_.text
                                                 ? receiver_->on_mail_text(to_server_.text)
                                                 : receiver_->on_line(to_server_.command);
    if (reply && reply->positive()) {
        if (tag_.kind == Tag::Kind::mail) {
            InboundMail& mail = inbound_.mail;
            mail.message = tag_.message;
            mail.about = tag_.about;
            mail.hops = tag_.hops;
            mail.recipients.clear();
        } else if (tag_.kind == Tag::Kind::rcpt) {
            inbound_.mail.recipients.push_back(tag_.recipient);
        }
    }
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
    // The server acts on the command for its service time, then answers.
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
    to_client_ = std::move(reply);
    in_flight_ = env_.scheduler.schedule_at(arrival, [this] { client_reads(); });
}

void Session::client_reads() {
    smtp::SenderStep step = sender_.react(to_client_);
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

void Session::close(trace::CloseReason reason, std::string_view text) {
    closed_ = true;
    server_->release(*this, serving_);
    serving_ = false;
    if (env_.bus.wants(trace::sessions)) {
        env_.bus.session_closed({env_.scheduler.now(), id_,
                                 static_cast<trace::HostIndex>(client_->id()),
                                 static_cast<trace::HostIndex>(server_->id()), reason, text});
    }
    client_->session_closed(*this);
}

}  // namespace smtpsim::mta
