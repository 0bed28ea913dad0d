// The simulated world of a topology's SMTP hosts: local users submit mail,
// hosts deliver it or relay it hop by hop over sessions on links (RFC 821
// 3.6: each relay moves its name from the forward-path to the reverse-path),
// and a relay that cannot deliver a mail it accepted sends an
// undeliverable-mail notification back along the reverse-path. It owns the
// hosts (mta/host.hpp), the links, the hop router, the fault plan and the
// accounting, and connects hosts through sessions; the caller owns the
// scheduler. Everything it does is told to the trace bus; it prints nothing.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/scheduler.hpp"
#include "mta/accounting.hpp"
#include "mta/config.hpp"
#include "mta/distance_vector.hpp"
#include "mta/failures.hpp"
#include "mta/fault_plan.hpp"
#include "mta/hop_router.hpp"
#include "mta/host.hpp"
#include "mta/mail.hpp"
#include "mta/network.hpp"
#include "mta/outside.hpp"
#include "net/topology.hpp"
#include "smtp/command.hpp"
#include "smtp/mail_text.hpp"
#include "trace/trace.hpp"

namespace smtpsim::mta {

// A local user hands a mail to its host.
struct Submission {
    core::Time at;
    smtp::Mailbox from;  // its domain names the originating host
    std::vector<smtp::Path> to;
    smtp::Mode mode = smtp::Mode::mail;
    smtp::MailTextPtr text;
    std::vector<std::string> verify;  // the originating host VRFYs these first
};

class Simulation : private SessionStarter, private FaultListener, private RouteListener {
  public:
    // The topology, the scheduler and the bus must outlive the simulation.
    Simulation(const net::Topology& topology, SimulationConfig config, core::Scheduler& scheduler,
               trace::Bus& bus);
    ~Simulation() override;
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    // Schedules a submission; throws std::invalid_argument when the sender's
    // host is not in the topology. Returns the message id.
    std::uint64_t submit(Submission submission);

    // Schedules a failure (its start, and its end when it has a duration).
    void add_failure(const FailureSpec& failure) { faults_.add(failure); }

    // Runs to the stop time, or until no events remain. Recipients still
    // unresolved at a stop time are then in flight, and so is mail left in the
    // queue of a host that was down when the run ended; every other recipient
    // must have an outcome (totals().balanced()).
    void run();
    // For a caller that advances the scheduler itself (smtpsim serve, in
    // real time): settles what is left as run() does when its events are
    // over, or when it was interrupted.
    void finish();

    // A client outside the simulation connects to `host` now: its receiver,
    // with the host's policy. Mail it accepts enters the simulation there.
    std::unique_ptr<OutsideConnection> connect_from_outside(net::HostId host);
    // Calls `callback` after every `every_events` events during run(), to
    // show progress; it must not touch the simulation's state, but may call
    // interrupt().
    void on_progress(std::function<void()> callback, std::uint64_t every_events);
    // Ends run() at the next progress call (a signal, a user's request): what
    // is unresolved then counts as in flight, as at a stop time.
    void interrupt() { interrupted_ = true; }
    bool interrupted() const { return interrupted_; }
    // Why the run stopped before its end on its own (config max_events, or
    // an instant that could not progress), as a sentence; empty if it did not.
    // What is unresolved then counts as in flight, as at an interrupt.
    const std::string& stopped() const { return stopped_; }

    // What the ledger counted: injected mail and the outcomes of its recipients.
    const trace::OutcomeTotals& totals() const { return accounting_.ledger().totals(); }
    const Host& host(net::HostId id) const { return *hosts_[id]; }
    std::size_t host_count() const { return hosts_.size(); }
    const Network& network() const { return network_; }
    const net::Topology& topology() const { return topology_; }
    const core::Scheduler& scheduler() const { return scheduler_; }
    const SimulationConfig& config() const { return config_; }
    // The learned tables and their updates (distance-vector routing only, else null).
    const DistanceVector* learned_routes() const { return learned_routes_.get(); }
    // Ledger records held now (unresolved mail), for memory checks.
    std::size_t ledger_records() const { return accounting_.ledger().records(); }

  private:
    Session& open_session(Host& client, net::HostId server, LinkIndex link,
                          std::vector<Letter> letters) override;
    void session_finished(Session& session) override;
    void host_changed(net::HostId host, bool down) override;
    void link_changed(LinkIndex link, bool down) override;
    void routes_changed(net::HostId host) override;
    std::vector<Session*> open_sessions_where(
        const std::function<bool(const Session&)>& which) const;
    void break_sessions(const std::function<bool(const Session&)>& which,
                        const std::string& reason);
    void schedule_reroute();
    void reroute();
    void on_submit(std::uint64_t message);
    void start_polling();
    void poll_round();
    bool polling_worthwhile() const;
    bool run_batches();
    std::string stall_report();

    const net::Topology& topology_;
    SimulationConfig config_;
    core::Scheduler& scheduler_;
    trace::Bus& bus_;
    Network network_;
    HopRouter router_;
    std::unique_ptr<DistanceVector> learned_routes_;  // distance-vector routing only
    FaultPlan faults_;
    Accounting accounting_;
    HostEnvironment env_;
    std::vector<std::unique_ptr<Host>> hosts_;
    std::vector<std::unique_ptr<Session>> all_sessions_;  // every session object made
    std::vector<Session*> open_;                          // sessions open now
    std::vector<Session*> free_;                          // ready to be used again
    std::uint64_t next_session_ = 1;
    struct Pending {
        net::HostId origin;
        std::uint64_t first_recipient;
        Submission submission;
    };
    std::unordered_map<std::uint64_t, Pending> pending_;  // submissions, by message id
    core::EventId reroute_timer_;
    // Hosts that accept no connections and poll (RFC 821 3.8 TURN), with
    // the time of each one's next poll.
    std::vector<std::pair<net::HostId, core::Time>> pollers_;
    core::EventId poll_timer_;
    std::function<void()> progress_;
    std::uint64_t progress_every_ = 0;
    bool interrupted_ = false;
    std::string stopped_;
};

}  // namespace smtpsim::mta
