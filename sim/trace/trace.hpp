// Typed trace events of a simulation run, and the observers that turn them
// into outputs. The simulation emits; it never prints. An observer declares
// what it wants when it subscribes, so an output that is off costs nothing.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "smtp/path.hpp"
#include "smtp/reply.hpp"

namespace smtpsim::trace {

using core::Time;

// Which end of a session wrote a line: the client (sender-SMTP, "S:") or the
// server (receiver-SMTP, "R:"), as RFC 821 writes its dialogues.
enum class Side { client, server };

struct SessionOpened {
    Time time;
    std::uint64_t session;
    std::string_view client;
    std::string_view server;
};

struct LineWritten {
    Time time;
    std::uint64_t session;
    Side side;
    std::string_view text;  // without CRLF
};

struct SessionClosed {
    Time time;
    std::uint64_t session;
    std::string_view reason;  // "quit", or why the session ended early
};

// What happened to a copy of a mail at a host.
enum class HopKind {
    submitted,  // a local user handed it to its host
    accepted,   // the host received it over SMTP and took responsibility
    relayed,    // the next host accepted it (its 250 after the data)
    delivered,  // stored in a local mailbox
    failed,     // permanently refused on the way out of this host
};
std::string_view hop_kind_name(HopKind kind);

struct Hop {
    Time time;
    std::uint64_t message;
    std::uint64_t about;  // for a notification, the message it reports on; else 0
    std::string_view host;
    HopKind kind;
    std::span<const smtp::Path> forward_paths;  // as they stand at this host
    const smtp::Path& reverse_path;             // as it stands at this host
    std::span<const std::uint64_t> recipients;  // ledger ids, in forward_paths order
};

// The final outcome of one recipient of an injected mail.
enum class Outcome { delivered, returned, unreturnable, in_flight };
std::string_view outcome_name(Outcome outcome);

struct RecipientResolved {
    Time time;
    std::uint64_t recipient;  // ledger id
    std::uint64_t message;
    const smtp::Path& forward_path;  // as the originator gave it
    Outcome outcome;
    int hops;                    // SMTP hops the mail (or the notification) made
    std::string_view host;       // delivered at, or the host that failed it
    const smtp::Reply* reply;    // the refusal, for returned and unreturnable; may be null
    std::string_view reason;     // a sentence for people
    std::uint64_t notification;  // the notification's message id, or 0
    std::span<const std::string_view> notification_route;  // the hosts it went through
};

// Interests, as bits: what an observer wants to be sent.
enum Interest : unsigned {
    sessions = 1u << 0,
    lines = 1u << 1,
    hops = 1u << 2,
    outcomes = 1u << 3,
};

class Observer {
  public:
    virtual ~Observer() = default;
    virtual unsigned interests() const = 0;
    virtual void on_session_opened(const SessionOpened&) {}
    virtual void on_line(const LineWritten&) {}
    virtual void on_session_closed(const SessionClosed&) {}
    virtual void on_hop(const Hop&) {}
    virtual void on_resolved(const RecipientResolved&) {}
};

// Fans events out to the observers that want them.
class Bus {
  public:
    void subscribe(Observer& observer);
    bool wants(Interest interest) const { return (wanted_ & interest) != 0; }

    void session_opened(const SessionOpened& e);
    void line(const LineWritten& e);
    void session_closed(const SessionClosed& e);
    void hop(const Hop& e);
    void resolved(const RecipientResolved& e);

  private:
    std::vector<Observer*> observers_;
    unsigned wanted_ = 0;
};

}  // namespace smtpsim::trace
