// The run statistics: one observer of the trace events that counts and
// measures everything a run reports, and the one definition of every metric
// derived from those counts. `smtpsim run` writes them as summary.json and
// `smtpsim compare` tabulates them, so both always say the same thing.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/stats.hpp"
#include "trace/trace.hpp"

namespace smtpsim::trace {

struct HostStatistics {
    std::uint64_t sessions_in = 0;   // sessions it served (greeted)
    std::uint64_t sessions_out = 0;  // sessions it opened
    std::uint64_t commands_in = 0;   // command lines it received as a server
    std::uint64_t bytes_in = 0;      // bytes it received on all its sessions
    std::uint64_t bytes_out = 0;
    std::uint64_t accepted = 0;   // mails taken over SMTP
    std::uint64_t delivered = 0;  // recipients stored in its mailboxes
    std::uint64_t queued = 0;     // letters in its queues now
    std::uint64_t peak_queue = 0;
    std::uint64_t duplicates = 0;  // recipients delivered here more than once
};

struct LinkStatistics {
    HostIndex a = 0;  // the end with the smaller host index
    HostIndex b = 0;
    std::uint64_t sessions = 0;
    std::uint64_t bytes[2] = {0, 0};  // a -> b, b -> a
};

struct OutcomeTotals {
    std::uint64_t injected = 0;  // messages
    std::uint64_t recipients = 0;
    std::uint64_t delivered = 0;
    std::uint64_t returned = 0;
    std::uint64_t unreturnable = 0;
    std::uint64_t in_flight = 0;
    // Every recipient has exactly one outcome.
    bool balanced() const { return recipients == delivered + returned + unreturnable + in_flight; }
};

// Counts by name: the failure cause ("550", "lifetime") or the host.
using CountsByName = std::map<std::string, std::uint64_t>;

class RunStatistics : public Observer {
  public:
    // The hosts' names and the links' ends, by index.
    RunStatistics(std::vector<std::string> host_names,
                  std::vector<std::pair<HostIndex, HostIndex>> links);

    unsigned interests() const override {
        return Interest::sessions | Interest::transmissions | Interest::hops | Interest::outcomes |
               Interest::tallies;
    }
    void on_session_opened(const SessionOpened& e) override;
    void on_transmission(const Transmission& e) override;
    void on_session_closed(const SessionClosed& e) override;
    void on_hop(const Hop& e) override;
    void on_resolved(const RecipientResolved& e) override;
    void on_counted(const Counted& e) override;
    void on_queue(const QueueChanged& e) override;

    void on_injected(const Injected& e) override;

    const OutcomeTotals& totals() const { return totals_; }
    const std::vector<std::string>& host_names() const { return host_names_; }
    const std::vector<HostStatistics>& hosts() const { return hosts_; }
    const std::vector<LinkStatistics>& links() const { return links_; }

    // Delivery latency (submission to mailbox) of delivered recipients, ns.
    const core::Summary& latency() const { return latency_; }
    // A notification's sending by the failing host to its delivery, ns.
    const core::Summary& notification_latency() const { return notification_latency_; }
    double hops_mean() const;  // SMTP hops of delivered recipients; 0 when none
    std::uint64_t hops_max() const { return hops_max_; }

    std::uint64_t sessions() const { return sessions_; }
    std::uint64_t commands() const { return commands_; }  // command lines sent by clients
    std::uint64_t tally(Tally what) const { return tallies_[static_cast<std::size_t>(what)]; }
    std::uint64_t failed_connections() const { return failed_connections_; }
    std::uint64_t broken_sessions() const { return broken_sessions_; }
    std::uint64_t link_bytes() const;  // every link, both ways
    std::uint64_t peak_queue() const;  // the longest queue any host had

    const CountsByName& returned_by_cause() const { return by_[0]; }
    const CountsByName& returned_by_host() const { return by_[1]; }
    const CountsByName& unreturnable_by_cause() const { return by_[2]; }
    const CountsByName& unreturnable_by_host() const { return by_[3]; }

  private:
    std::vector<std::string> host_names_;
    std::vector<HostStatistics> hosts_;
    std::vector<LinkStatistics> links_;
    OutcomeTotals totals_;
    core::Summary latency_;
    core::Summary notification_latency_;
    std::uint64_t hops_sum_ = 0;
    std::uint64_t hops_max_ = 0;
    std::uint64_t sessions_ = 0;
    std::uint64_t commands_ = 0;
    std::uint64_t failed_connections_ = 0;
    std::uint64_t broken_sessions_ = 0;
    std::uint64_t tallies_[tally_names.size()] = {};
    CountsByName by_[4];
};

}  // namespace smtpsim::trace
