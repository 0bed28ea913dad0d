// The fault plan in force: the scenario's failures scheduled on the
// simulation's clock, and what is failing at each moment. Hosts ask it what
// the environment does to them (is the peer reachable, is storage full, does
// this command get a transient reply); it tells its listener when a host or a
// link goes down or comes back, so that sessions over them break and routes
// can change. Protocol code sees only the outcomes.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/random.hpp"
#include "core/scheduler.hpp"
#include "mta/failures.hpp"
#include "mta/network.hpp"
#include "net/topology.hpp"
#include "smtp/policy.hpp"

namespace smtpsim::mta {

class FaultListener {
  public:
    virtual ~FaultListener() = default;
    virtual void host_changed(net::HostId host, bool down) = 0;
    virtual void link_changed(LinkIndex link, bool down) = 0;
};

class FaultPlan {
  public:
    FaultPlan(core::Scheduler& scheduler, const Network& network, const net::Topology& topology,
              std::uint64_t seed);
    void set_listener(FaultListener& listener) { listener_ = &listener; }

    // Schedules a failure: its start, and its end when it has a duration.
    void add(const FailureSpec& failure);

    bool host_down(net::HostId host) const { return host_down_[host] > 0; }
    bool link_down(LinkIndex link) const { return link_down_[link] > 0; }
    // A connection can be made: both hosts up, the link up and not failed.
    bool reachable(net::HostId client, net::HostId server, LinkIndex link) const;

    bool storage_full(net::HostId host) const;       // 452
    bool storage_exhausted(net::HostId host) const;  // 552
    bool relay_refused(net::HostId host) const;
    // The failure plan's answer for a mailbox, before the topology's.
    std::optional<smtp::MailboxAnswer> mailbox_override(net::HostId host,
                                                        std::string_view user) const;
    // An injected transient reply for this command, drawn from the host's stream.
    std::optional<smtp::ReplyCode> transient_failure(net::HostId host, smtp::Verb verb);
    // Whether the server drops the connection now, after reading `step`.
    bool drop_now(net::HostId host, DropStep step);

  private:
    // The failures in force at a host beside being down, each a count of the
    // windows that hold it.
    struct HostFaults {
        int storage_full = 0;
        int storage_full_permanent = 0;
        int relay_refused = 0;
        std::map<std::string, int, std::less<>> unknown;  // upper-cased mailbox -> windows
        std::map<std::string, std::vector<const FailureSpec*>, std::less<>> forwards;
    };
    // Transient replies and dropped connections, in the order added.
    struct ActiveFault {
        const FailureSpec* spec;
        bool active = false;
        std::uint64_t remaining = 0;  // drop_connection: sessions still to drop
    };

    void start(const FailureSpec& failure);
    void end(const FailureSpec& failure);
    void end_window(const FailureSpec& failure);  // host and link down, dialogue faults
    void set_active(const FailureSpec& failure, bool active);
    const HostFaults* faults_at(net::HostId host) const;

    core::Scheduler& scheduler_;
    const Network& network_;
    const net::Topology& topology_;
    std::uint64_t seed_;
    FaultListener* listener_ = nullptr;
    std::deque<FailureSpec> failures_;  // the plan, in the order added
    std::deque<ActiveFault> dialogue_faults_;
    std::vector<int> host_down_;  // windows in force, per host
    std::vector<int> link_down_;  // per link
    std::unordered_map<net::HostId, HostFaults> host_faults_;
    std::unordered_map<net::HostId, core::RandomStream> random_;  // per host, on first use
};

}  // namespace smtpsim::mta
