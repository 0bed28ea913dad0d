// The simulation of a topology's SMTP hosts: local users submit mail, hosts
// deliver it or relay it hop by hop over sessions on links (RFC 821 3.6:
// each relay moves its name from the forward-path to the reverse-path), and a
// relay that cannot deliver a mail it accepted sends an undeliverable-mail
// notification back along the reverse-path. Everything it does is told to
// the trace bus; it prints nothing.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/random.hpp"
#include "core/scheduler.hpp"
#include "mta/failures.hpp"
#include "mta/host.hpp"
#include "mta/mail.hpp"
#include "mta/network.hpp"
#include "mta/retry.hpp"
#include "net/routing.hpp"
#include "net/topology.hpp"
#include "smtp/policy.hpp"
#include "trace/trace.hpp"

namespace smtpsim::mta {

// How the next host of a mail is chosen (see the README, "Routing modes").
enum class RoutingMode {
    source,    // as the forward-path's source route says, else straight to the mailbox's host
    shortest,  // the originating host writes the shortest route as a source route
    next_hop,  // plain user@host; each host forwards by its next-hop table
};
std::string_view routing_mode_name(RoutingMode mode);
std::optional<RoutingMode> parse_routing_mode(std::string_view text);

struct SimulationConfig {
    RoutingMode routing = RoutingMode::next_hop;
    net::Metric metric = net::Metric::hops;
    RetryPolicy retry;
    std::optional<core::Time> stop;  // nothing: run until no events remain
    // The wall-clock date of simulated time 0, in seconds since 1970, for the
    // time stamps in Received: lines.
    std::int64_t epoch_unix = 397'008'000;  // 1 Aug 1982 00:00:00 GMT, RFC 821's date
    // false, for large runs: mailboxes keep no copies of delivered mail, and a
    // resolved recipient keeps only what the summary counts.
    bool keep_mail_text = true;
    std::uint64_t seed = 1;  // for the failures' random streams
    // A connection to a host that is down, or over a link that is down, fails
    // after this long.
    core::Time connect_timeout = core::Time::s(30);
    // next-hop routing: hosts recompute their tables without down hosts and
    // links this long after each failure or repair; nothing: never.
    std::optional<core::Time> reroute_after;
    std::map<net::HostId, RetryPolicy> host_retry;  // per host, instead of `retry`
};

// A local user hands a mail to its host.
struct Submission {
    core::Time at;
    smtp::Mailbox from;  // its domain names the originating host
    std::vector<smtp::Path> to;
    smtp::Mode mode = smtp::Mode::mail;
    TextPtr text;
    std::vector<std::string> verify;  // the originating host VRFYs these first
};

struct RunCounters {
    std::uint64_t sessions = 0;
    std::uint64_t commands = 0;  // command lines sent by clients
    std::uint64_t notifications = 0;
    std::uint64_t retries = 0;             // mail put back in a queue after a transient failure
    std::uint64_t duplicates = 0;          // recipients resolved again by another copy
    std::uint64_t failed_connections = 0;  // connects to a down host or over a down link
    std::uint64_t broken_sessions = 0;     // sessions cut by a failure or a drop
    std::uint64_t reroutes = 0;            // next-hop tables recomputed
};

class Simulation {
  public:
    Simulation(const net::Topology& topology, SimulationConfig config, trace::Bus& bus);
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    // Schedules a submission; throws std::invalid_argument when the sender's
    // host is not in the topology. Returns the message id.
    std::uint64_t submit(Submission submission);

    // Schedules a failure (its start, and its end when it has a duration).
    void add_failure(const FailureSpec& failure);

    // Runs to the stop time, or until no events remain. Recipients still
    // unresolved at a stop time are then in flight, and so is mail left in the
    // queue of a host that was down when the run ended; every other recipient
    // must have an outcome (Ledger::Totals::balanced()).
    void run();
    // Calls `callback` after every `every_events` events during run(), to
    // show progress; it must not touch the simulation's state.
    void on_progress(std::function<void()> callback, std::uint64_t every_events);

    const Ledger& ledger() const { return ledger_; }
    const std::vector<Host>& hosts() const { return hosts_; }
    const Network& network() const { return network_; }
    const net::Topology& topology() const { return topology_; }
    const core::Scheduler& scheduler() const { return scheduler_; }
    // For workloads that schedule their own events (traffic sources).
    core::Scheduler& mutable_scheduler() { return scheduler_; }
    const RunCounters& counters() const { return counters_; }
    const SimulationConfig& config() const { return config_; }

  private:
    friend class Session;
    friend class ServerPolicy;

    // Where a forward-path goes from `at`.
    struct NextHop {
        enum class Kind { local, remote, none } kind;
        net::HostId host = 0;
        std::string why;  // for none
    };
    NextHop next_hop(net::HostId at, const smtp::Path& forward_path);

    void on_submit(std::uint64_t message, Submission& submission);
    // A host that accepted a mail (or was handed one by a local user) sends
    // each recipient where it goes: its mailbox, a queue, or back.
    void dispatch(Host& host, Letter letter);
    void enqueue(Host& host, net::HostId next, Letter letter);
    void try_send(Host& host, net::HostId next);
    void arm_retry(Host& host, net::HostId next, OutQueue& queue);
    void session_ended(Session& session, std::string_view reason);

    // Failures.
    void start_failure(const FailureSpec& failure);
    void end_failure(const FailureSpec& failure);
    void host_state_changed(Host& host);
    void link_state_changed(LinkIndex link);
    void break_sessions(const std::function<bool(const Session&)>& which, std::string_view reason);
    void schedule_reroute();
    void reroute();
    void requeue_by_new_routes();
    bool connection_possible(net::HostId client, net::HostId server, LinkIndex link) const;
    std::optional<smtp::ReplyCode> transient_failure(Host& host, smtp::Verb verb);
    bool drop_now(Host& host, DropStep step);
    std::optional<smtp::MailboxAnswer> mailbox_override(Host& host, const smtp::Mailbox& mailbox);
    void handle_outcomes(Session& session);
    // Follows a 551 "please try <path>"; false when there is nothing to follow.
    bool redirect(Host& host, const Letter& letter, std::size_t index,
                  const std::optional<smtp::Reply>& reply);

    // Server side, through ServerPolicy.
    smtp::RelayStatus may_relay(Host& host, const smtp::Path& forward_path);
    smtp::StorageStatus storage_for(Host& host);
    // Takes the mail: moves the text out of the transaction.
    smtp::Reply accept(Session& session, smtp::Transaction& transaction);

    void store(Host& host, const Letter& letter, const Recipient& recipient);
    // Why mail failed for good, for people (`reason`) and for counting (`cause`:
    // the reply code, "no route", "lifetime").
    struct Failure {
        const smtp::Reply* reply = nullptr;
        std::uint32_t failing_host = RecipientRecord::no_host;
        std::string reason;
        std::string cause;
    };
    // Recipients `which` of `letter` failed for good at `host`.
    void give_up(Host& host, const Letter& letter, const std::vector<std::size_t>& which,
                 const Failure& failure);
    void notify(Host& host, const Letter& letter, const std::vector<std::size_t>& which,
                const Failure& failure);
    void fail_notification(std::uint64_t notification_recipient, std::uint32_t failing_host,
                           const smtp::Reply* reply, const std::string& reason,
                           std::uint16_t cause);
    // Records a recipient's outcome; false (and a duplicate counted) when
    // another copy of the mail had resolved it already.
    bool resolve(std::uint64_t recipient, trace::Outcome outcome, int hops, std::uint32_t host,
                 const smtp::Reply* reply, std::string reason, std::uint64_t notification,
                 std::uint16_t cause = 0);
    void hold_in_flight(std::uint64_t recipient, const std::string& reason);
    void hop(const Host& host, trace::HopKind kind, const Letter& letter,
             const std::vector<std::size_t>* which = nullptr);
    void count_queue(Host& host, std::int64_t change);
    std::string received_line(const Host& from, const Host& by) const;
    std::string date_text() const;

    const net::Topology& topology_;
    SimulationConfig config_;
    trace::Bus& bus_;
    core::Scheduler scheduler_;
    Network network_;
    // What next-hop routing sees: the topology, or, with reroute_after, a copy
    // whose links are marked down where hosts or links are down.
    std::unique_ptr<net::Topology> routing_view_;
    std::unique_ptr<net::Router> router_;
    // With rerouting: the tables as loaded, for mail whose destination the
    // failures cut off (it waits for the next hop it had before).
    std::unique_ptr<net::Router> static_router_;
    std::deque<FailureSpec> failures_;  // the plan, in the order added
    struct ActiveFault {
        const FailureSpec* spec;
        bool active = false;
        std::uint64_t remaining = 0;  // drop_connection: sessions still to drop
    };
    std::deque<ActiveFault> faults_;                                   // transient and drop entries
    std::vector<std::unique_ptr<core::RandomStream>> failure_random_;  // per host, on first use
    core::EventId reroute_timer_;
    std::vector<Host> hosts_;
    Ledger ledger_;
    std::unordered_map<std::uint64_t, std::unique_ptr<Session>> sessions_;  // open, by id
    std::uint64_t next_session_ = 1;
    std::unordered_map<std::uint64_t, Submission> pending_submissions_;  // by message id
    RunCounters counters_;
    std::function<void()> progress_;
    std::uint64_t progress_every_ = 0;
};

}  // namespace smtpsim::mta
