// Typed trace events of a simulation run, and the bus that fans them out to
// observers. The simulation emits; it never prints and keeps no statistics:
// outputs and the run statistics are observers. An observer declares what it
// wants when it subscribes, so an output that is off costs nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/time.hpp"
#include "smtp/mail_text.hpp"
#include "smtp/path.hpp"
#include "smtp/receiver.hpp"
#include "smtp/reply.hpp"

namespace smtpsim::trace {

using core::Time;
using HostIndex = std::uint32_t;  // a host's index in its topology
using LinkIndex = std::uint32_t;  // a link's index in the simulation's network
inline constexpr HostIndex no_host = UINT32_MAX;

// Which end of a session wrote a line: the client (sender-SMTP, "S:") or the
// server (receiver-SMTP, "R:"), as RFC 821 writes its dialogues.
enum class Side { client, server };
inline constexpr auto side_names = core::enum_names<Side>("client", "server");

struct SessionOpened {
    Time time;
    std::uint64_t session;
    HostIndex client;
    HostIndex server;
    LinkIndex link;
    std::string_view client_name;
    std::string_view server_name;
};

// One line of a session, as written (without CRLF): a command, a reply line,
// or a line of mail data.
struct LineWritten {
    Time time;    // when it was written
    Time arrive;  // when it reached the other end (if the session lasted)
    std::uint64_t session;
    Side side;
    std::string_view text;
    // The receiver's state: for a command or text line, the state it is read
    // in; for a reply line, the state the reply leaves. Nothing when unknown.
    std::optional<smtp::ReceiverState> state = std::nullopt;
    // For a reply line: its class in RFC 821 4.3 (S, F, E, or I for 354).
    std::optional<smtp::ReplyOutcome> outcome = std::nullopt;
};

// What one write on a link carried.
enum class Payload { greeting, command, text, reply };
inline constexpr auto payload_names =
    core::enum_names<Payload>("greeting", "command", "text", "reply");

// One write on a link: a command line, a reply, or a whole mail text.
struct Transmission {
    Time time;
    Time arrive;
    std::uint64_t session;
    LinkIndex link;
    HostIndex from;
    HostIndex to;
    Payload payload;
    std::uint64_t bytes;  // on the wire, with CRLFs
    std::uint32_t lines;
};

// Why a session ended.
enum class CloseReason {
    quit,        // the dialogue ended with QUIT (or the server closed it, as with 421)
    timed_out,   // the connection could not be made: the server or the link was down
    broken,      // a failure cut it (host or link down, a dropped connection)
    no_reply,    // the server had no reply to give
    no_command,  // the client had nothing to write
};
inline constexpr auto close_reason_names =
    core::enum_names<CloseReason>("quit", "timed_out", "broken", "no_reply", "no_command");

struct SessionClosed {
    Time time;
    std::uint64_t session;
    HostIndex client;
    HostIndex server;
    CloseReason reason;
    std::string_view text;  // "quit", or a sentence saying why the session ended early
};

// What happened to a copy of a mail at a host.
enum class HopKind {
    submitted,  // a local user handed it to its host
    accepted,   // the host received it over SMTP and took responsibility
    relayed,    // the next host accepted it (its 250 after the data)
    delivered,  // stored in a local mailbox
    failed,     // permanently refused on the way out of this host
};
inline constexpr auto hop_kind_names =
    core::enum_names<HopKind>("submitted", "accepted", "relayed", "delivered", "failed");
inline std::string_view hop_kind_name(HopKind kind) {
    return hop_kind_names(kind);
}

// Where a host put a mail it delivered: the user's mailbox, the user's
// terminal (SEND, SOML, SAML; RFC 821 3.4), both (SAML to a user logged in),
// or a mailing list, which sends it on to its members (RFC 821 3.3).
enum class Destination { mailbox, terminal, both, list };
inline constexpr auto destination_names =
    core::enum_names<Destination>("mailbox", "terminal", "both", "list");

struct HopRecipient {
    std::uint64_t id;                // the ledger's recipient id
    const smtp::Path* forward_path;  // as it stands at this host
};

struct Hop {
    Time time;
    std::uint64_t message;
    std::uint64_t about;  // for a notification, the message it reports on; else 0
    HostIndex host;
    std::string_view host_name;
    HopKind kind;
    std::span<const HopRecipient> recipients;
    const smtp::Path& reverse_path;                  // as it stands at this host
    std::uint64_t bytes = 0;                         // the mail text's size
    Destination destination = Destination::mailbox;  // for delivered
};

// The final outcome of one recipient.
enum class Outcome { delivered, returned, unreturnable, in_flight };
inline constexpr auto outcome_names =
    core::enum_names<Outcome>("delivered", "returned", "unreturnable", "in_flight");
inline std::string_view outcome_name(Outcome outcome) {
    return outcome_names(outcome);
}

// Why mail failed for good, for counting: a reply code, a permanent failure
// without a reply, no route, or the queue lifetime.
struct Cause {
    enum class Kind : std::uint8_t { none, reply, refused, no_route, lifetime } kind = Kind::none;
    std::uint16_t code = 0;  // for reply
    // "550", "refused", "no route", "lifetime"; "" for none.
    std::string name() const;
    bool operator==(const Cause&) const = default;
};

struct RecipientResolved {
    Time time;
    Time injected;  // when its mail was submitted
    std::uint64_t recipient;
    std::uint64_t message;
    bool counted;                    // a recipient of an injected mail; false: of a notification
    const smtp::Path& forward_path;  // as the originator gave it
    Outcome outcome;
    int hops;                    // SMTP hops the mail (or the notification) made
    HostIndex host;              // delivered at, or the host that failed it; no_host
    std::string_view host_name;  // "" for no_host
    const smtp::Reply* reply;    // the refusal, for returned and unreturnable; may be null
    std::string_view reason;     // a sentence for people
    Cause cause;
    std::uint64_t notification;                            // the notification's message id, or 0
    std::span<const std::string_view> notification_route;  // the hosts it went through
    std::string_view originator = {};  // the mail's reverse-path as the originator gave it
    Destination destination = Destination::mailbox;  // for delivered
};

// A delivered mail's text, as the host stored it (only with keep_mail_text):
// in a mailbox with its Return-Path and Received: lines (RFC 821 4.1.1), or
// shown on a terminal.
struct MailStored {
    Time time;
    HostIndex host;
    std::string_view host_name;
    std::string_view user;    // the local part as the topology spells it
    Destination destination;  // mailbox, terminal or both
    const smtp::Path& return_path;
    const smtp::MailText& text;
};

// Things the run counts that are not outcomes.
enum class Tally {
    retry,               // a mail put back in a queue after a transient failure
    duplicate,           // a recipient reached an end again by another copy
    duplicate_delivery,  // a host stored a recipient's mail a second time
    reroute,             // next-hop tables recomputed
    notification,        // an undeliverable-mail notification started
    hop_limit,           // a mail refused for too many Received: lines (a loop)
    list_member,         // a member of a mailing list became a recipient (RFC 821 3.3)
    list_loop,           // a mail reached a list it had been expanded at (RFC 5321 3.10)
    list_limit,          // a list not expanded: the mail's copies would pass the limit
};
inline constexpr auto tally_names =
    core::enum_names<Tally>("retry", "duplicate", "duplicate_delivery", "reroute", "notification",
                            "hop_limit", "list_member", "list_loop", "list_limit");

struct Counted {
    Time time;
    Tally what;
    HostIndex host;  // where, or no_host
};

// A local user handed a mail to the simulation (told when it is submitted,
// with the time it is due).
struct Injected {
    Time time;
    std::uint64_t message;
    std::uint64_t recipients;
};

// A host's outgoing queue length (letters) changed.
struct QueueChanged {
    Time time;
    HostIndex host;
    std::uint64_t length;
};

// Distance-vector routing (not SMTP): a host's route to a destination
// changed. `next` is no_host while the destination is unreachable (distance
// at infinity).
struct RouteChanged {
    Time time;
    HostIndex host;
    HostIndex destination;
    HostIndex next;
    std::uint32_t distance;
    std::string_view host_name;
    std::string_view destination_name;
    std::string_view next_name;  // "" for no_host
};

// A distance-vector update from one host to a neighbour: sent, or lost on
// the way (the link or the neighbour was down).
struct RoutingUpdate {
    Time time;
    HostIndex from;
    HostIndex to;
    std::uint32_t messages;  // datagrams it took (at most 25 routes each)
    std::uint64_t bytes;     // on the wire
    bool lost;
};

// A host or a link went down or came back up.
struct TopologyChanged {
    Time time;
    HostIndex a;
    HostIndex b;  // no_host for a host
    bool down;
};

// Interests, as bits: what an observer wants to be sent.
enum Interest : unsigned {
    sessions = 1u << 0,       // SessionOpened, SessionClosed
    lines = 1u << 1,          // LineWritten
    hops = 1u << 2,           // Hop
    outcomes = 1u << 3,       // RecipientResolved
    transmissions = 1u << 4,  // Transmission
    tallies = 1u << 5,        // Injected, Counted, QueueChanged
    routing = 1u << 6,        // RouteChanged, RoutingUpdate, TopologyChanged
    mail = 1u << 7,           // MailStored
};

class Observer {
  public:
    virtual ~Observer() = default;
    virtual unsigned interests() const = 0;
    virtual void on_session_opened(const SessionOpened&) {}
    virtual void on_line(const LineWritten&) {}
    virtual void on_transmission(const Transmission&) {}
    virtual void on_session_closed(const SessionClosed&) {}
    virtual void on_hop(const Hop&) {}
    virtual void on_resolved(const RecipientResolved&) {}
    virtual void on_injected(const Injected&) {}
    virtual void on_counted(const Counted&) {}
    virtual void on_queue(const QueueChanged&) {}
    virtual void on_route_changed(const RouteChanged&) {}
    virtual void on_routing_update(const RoutingUpdate&) {}
    virtual void on_topology_changed(const TopologyChanged&) {}
    virtual void on_mail_stored(const MailStored&) {}
    // The run is over: write out what is still held.
    virtual void finish() {}
};

// Fans events out to the observers that want them.
class Bus {
  public:
    void subscribe(Observer& observer);
    // For an observer that watches only part of a run (it must go before it ends).
    void unsubscribe(Observer& observer);
    bool wants(Interest interest) const { return (wanted_ & interest) != 0; }

    void session_opened(const SessionOpened& e) {
        fan_out(sessions, &Observer::on_session_opened, e);
    }
    void line(const LineWritten& e) { fan_out(lines, &Observer::on_line, e); }
    void transmission(const Transmission& e) {
        fan_out(transmissions, &Observer::on_transmission, e);
    }
    void session_closed(const SessionClosed& e) {
        fan_out(sessions, &Observer::on_session_closed, e);
    }
    void hop(const Hop& e) { fan_out(hops, &Observer::on_hop, e); }
    void resolved(const RecipientResolved& e) { fan_out(outcomes, &Observer::on_resolved, e); }
    void injected(const Injected& e) { fan_out(tallies, &Observer::on_injected, e); }
    void counted(const Counted& e) { fan_out(tallies, &Observer::on_counted, e); }
    void queue(const QueueChanged& e) { fan_out(tallies, &Observer::on_queue, e); }
    void route_changed(const RouteChanged& e) { fan_out(routing, &Observer::on_route_changed, e); }
    void routing_update(const RoutingUpdate& e) {
        fan_out(routing, &Observer::on_routing_update, e);
    }
    void topology_changed(const TopologyChanged& e) {
        fan_out(routing, &Observer::on_topology_changed, e);
    }
    void mail_stored(const MailStored& e) { fan_out(mail, &Observer::on_mail_stored, e); }

  private:
    template <typename Event>
    void fan_out(Interest interest, void (Observer::*method)(const Event&), const Event& e) {
        if ((wanted_ & interest) == 0) {
            return;
        }
        for (const auto& [observer, wants] : observers_) {
            if ((wants & interest) != 0) {
                (observer->*method)(e);
            }
        }
    }

    std::vector<std::pair<Observer*, unsigned>> observers_;  // with their interests
    unsigned wanted_ = 0;
};

}  // namespace smtpsim::trace
