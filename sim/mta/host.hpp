// One simulated SMTP host (an MTA): its outgoing queues (one per next host),
// its sessions out and in, its mailboxes, and its decisions: deliver here,
// relay, retry, redirect, give up. It meets other hosts only through SMTP
// sessions over links; what it learns of a mail arrives with the
// transaction. Everything it does is told to the trace bus.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/scheduler.hpp"
#include "mta/accounting.hpp"
#include "mta/config.hpp"
#include "mta/fault_plan.hpp"
#include "mta/hop_router.hpp"
#include "mta/mail.hpp"
#include "mta/network.hpp"
#include "mta/retry.hpp"
#include "mta/topology_policy.hpp"
#include "net/topology.hpp"
#include "smtp/policy.hpp"
#include "trace/trace.hpp"

namespace smtpsim::mta {

class Host;
class Session;

// How a host opens sessions: the simulation connects it to its neighbour.
class SessionStarter {
  public:
    virtual ~SessionStarter() = default;
    virtual Session& open_session(Host& client, net::HostId server, LinkIndex link,
                                  std::vector<Letter> letters) = 0;
    // The session has ended; free it once the current event is over.
    virtual void session_finished(Session& session) = 0;
};

// What a host uses besides itself: the clock, the trace, the links, routing,
// the failures in force and the accounting. Never another host.
struct HostEnvironment {
    const net::Topology& topology;
    core::Scheduler& scheduler;
    trace::Bus& bus;
    const SimulationConfig& config;
    Network& network;
    HopRouter& router;
    FaultPlan& faults;
    Accounting& accounting;
    SessionStarter& sessions;
};

// What arrives with a transaction besides its SMTP text: which mail it is
// and which recipients the accepted RCPTs were (the ledger's ids), so that
// the accounting can follow every copy.
struct InboundMail {
    std::uint64_t message = 0;
    std::uint64_t about = 0;
    int hops = 0;  // SMTP hops it had made before this one
    // Of the accepted RCPTs, in order: the ledger's id, and the mailbox's
    // host as the relay check found it.
    std::vector<Recipient> recipients;
};

class Host {
  public:
    Host(HostEnvironment& env, const net::Topology& topology, net::HostId id, RetryPolicy retry);
    Host(const Host&) = delete;
    Host& operator=(const Host&) = delete;

    net::HostId id() const { return id_; }
    const std::string& name() const { return props_.name; }
    const net::HostProps& props() const { return props_; }
    const std::vector<StoredMail>& mailbox() const { return mailbox_; }
    bool down() const { return env_.faults.host_down(id_); }

    // --- as the sender of mail -------------------------------------------
    // A local user hands a mail to this host.
    void submit(Letter letter);
    // The receiver answered the end of the mail data of `envelope` in a
    // session this host opened: the recipients it accepted now are relayed.
    void data_accepted(const Session& session, std::size_t envelope,
                       std::span<const std::size_t> recipients);
    // A session this host opened has ended: act on each recipient's outcome.
    void session_closed(Session& session);
    // The host came back up: run its queues.
    void came_up();
    // Decides again where waiting mail goes (next-hop routing, new tables).
    void requeue_by_new_routes();
    // Its learned table changed (distance-vector routing): queued mail may
    // take another way, and mail waiting for a route may have one now.
    void routes_changed();
    // The run ended with this host down: what it holds stays in flight.
    void hold_queued_in_flight();

    // --- TURN (RFC 821 3.8) ------------------------------------------------
    // A host that accepts no connections polls: a session to each neighbour
    // with its mail for it, ending in TURN.
    void poll();
    // Whether mail waits here for `next` (a neighbour that accepts no
    // connections, until it polls).
    bool holds_mail_for(net::HostId next) const;
    // A client of this host sent TURN and got 250: this host is now the
    // sender on that connection, with the mail it holds for the client.
    std::vector<Letter> take_over(net::HostId client);
    // ... and the client is now this host's receiver.
    void serve_turned() { ++inbound_; }
    // The run ended: mail still waiting for a host that accepts no
    // connections stays in flight.
    void hold_waiting_in_flight();

    // --- as the receiver of mail -------------------------------------------
    // A connection arrived: served now, or when a session slot is free.
    void admit(Session& session);
    // A session this host served (or had queued) has ended.
    void release(Session& session, bool was_served);
    smtp::HostPolicy& topology_policy() { return policy_; }
    // RFC 821 3.4: the user is logged in now, so SEND, SOML and SAML reach the terminal.
    bool terminal_active(const smtp::Mailbox& mailbox) const;
    // `destination`: the mailbox's host, as the check found it (for accept()).
    smtp::RelayStatus may_relay(const smtp::Path& forward_path, MailboxHost& destination);
    smtp::StorageStatus storage_for() const;
    // The end of mail data: take responsibility for the mail (RFC 821 4.1.1).
    // A `mail` with message 0 came from outside the simulation (smtpsim
    // serve): it is counted as injected here, now, when it is taken.
    smtp::Reply accept(smtp::Transaction& transaction, const InboundMail& mail);

  private:
    // Mail waiting for one next host.
    struct OutQueue {
        std::vector<Letter> letters;
        bool session_open = false;
        bool run_scheduled = false;  // a queue run is due at this instant
        bool waiting_for_slot = false;
        core::EventId retry_timer;
    };

    std::size_t queue_of(net::HostId next) const;
    NextHops next_hops(Letter& letter);  // resolves the recipients' mailbox hosts
    void dispatch(Letter letter);
    void dispatch(Letter letter, std::span<const NextHop> next);
    void enqueue(std::size_t queue, Letter letter);
    void try_send(std::size_t queue);
    std::vector<Letter> take_ready(std::size_t queue);
    void start_session(std::size_t queue, std::vector<Letter> batch, bool turn);
    bool dial_up(std::size_t queue) const;
    void arm_retry(std::size_t queue);
    void count_queue(std::int64_t change);
    // Final delivery (host_delivery.cpp): a mailbox, a terminal, or a list.
    void store(const Letter& letter, std::size_t index);
    std::optional<trace::Destination> destination_of(smtp::Mode mode, const net::User* user) const;
    void keep_text(const Letter& letter, std::size_t index, std::string_view user,
                   trace::Destination destination);
    void expand(const Letter& letter, std::size_t index, const net::MailingList& list);
    std::vector<smtp::Path> list_members(const net::MailingList& list) const;
    // True when the mail may not be sent on by `list`: it failed instead.
    bool refuse_list(const Letter& letter, std::size_t index, const net::MailingList& list,
                     std::size_t list_index, std::size_t members);
    smtp::Path list_owner(const net::MailingList& list) const;
    void settle(Letter& letter, const smtp::Sender& sender, std::size_t envelope,
                net::HostId server);
    void requeue(std::size_t queue, Letter letter);
    bool redirect(const Letter& letter, std::size_t index, const std::optional<smtp::Reply>& reply);
    void give_up(const Letter& letter, std::span<const std::size_t> which, const Failure& failure);
    void hold_for_route(Letter letter);
    void release_held();
    void expire_held();
    std::optional<smtp::Reply> refuse_loop(const smtp::MailText& text) const;
    void hop(trace::HopKind kind, const Letter& letter, bool passes_on,
             std::span<const std::size_t> which = {},
             trace::Destination destination = trace::Destination::mailbox);
    void hop(trace::HopKind kind, const smtp::Envelope& envelope, const LetterInfo& info,
             bool passes_on, std::span<const std::size_t> which,
             trace::Destination destination = trace::Destination::mailbox);
    std::string received_line(std::string_view from) const;
    InboundMail enter_from_outside(const smtp::Transaction& transaction);

    HostEnvironment& env_;
    net::HostId id_;
    const net::HostProps& props_;
    RetryPolicy retry_;
    TopologyPolicy policy_;
    std::span<const std::pair<net::HostId, LinkIndex>> neighbours_;
    std::vector<OutQueue> queues_;         // one per neighbour, in the order of neighbours_
    std::uint64_t queued_ = 0;             // letters in its queues
    std::uint32_t inbound_ = 0;            // sessions served now
    std::uint32_t outbound_ = 0;           // sessions opened now
    std::vector<Session*> accept_queue_;   // connections waiting for a free session
    std::vector<std::size_t> slot_queue_;  // queues waiting for an outgoing session
    std::uint64_t storage_used_ = 0;       // bytes in mailboxes and queues
    std::vector<StoredMail> mailbox_;      // delivered mail, in arrival order
    std::vector<trace::HopRecipient> hop_buffer_;
    // distance-vector routing: mail that has no route yet, waiting for one
    // (until the retry policy's lifetime).
    std::vector<Letter> held_;
    core::EventId held_timer_;
};

}  // namespace smtpsim::mta
