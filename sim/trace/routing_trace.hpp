// Observers of distance-vector routing: routing.jsonl (every change of every
// host's table) and the routing statistics of summary.json (update traffic,
// convergence after each topology change, mail stopped by the hop limit).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "trace/trace.hpp"

namespace smtpsim::trace {

// routing.jsonl: one line per route change:
// {"t":..,"host":..,"destination":..,"next_hop":..|null,"distance":..}
class RoutingWriter : public Observer {
  public:
    explicit RoutingWriter(std::ostream& out) : out_(out) {}
    unsigned interests() const override { return routing; }
    void on_route_changed(const RouteChanged& e) override;

  private:
    std::ostream& out_;
};

class RoutingStatistics : public Observer {
  public:
    // From the start of the run, and from each topology change (those of one
    // instant together) until the next: when the tables last changed.
    struct Period {
        Time at;
        std::string change;  // "start", "link a - b down", "host c up", ...
        std::optional<Time> last_change;
        std::uint64_t route_changes = 0;
    };

    // The routing protocol's own traffic, from host to neighbour.
    struct UpdateTraffic {
        std::uint64_t sent = 0;
        std::uint64_t messages = 0;  // datagrams
        std::uint64_t bytes = 0;
        std::uint64_t lost = 0;  // lost on the way
    };

    explicit RoutingStatistics(std::vector<std::string> host_names);
    unsigned interests() const override { return routing | tallies; }
    void on_route_changed(const RouteChanged& e) override;
    void on_routing_update(const RoutingUpdate& e) override;
    void on_topology_changed(const TopologyChanged& e) override;
    void on_counted(const Counted& e) override;

    const std::vector<Period>& periods() const { return periods_; }
    const UpdateTraffic& updates() const { return updates_; }
    std::uint64_t route_changes() const { return route_changes_; }
    std::uint64_t hop_limit_refusals() const { return hop_limit_; }

  private:
    std::vector<std::string> host_names_;
    std::vector<Period> periods_;
    UpdateTraffic updates_;
    std::uint64_t route_changes_ = 0;
    std::uint64_t hop_limit_ = 0;
};

}  // namespace smtpsim::trace
