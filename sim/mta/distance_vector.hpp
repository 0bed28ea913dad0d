// Distance-vector routing (the `distance-vector` routing mode): hosts learn
// their next hops by exchanging distance vectors with their neighbours over
// the links, as RIP does (RFC 2453), instead of being given shortest paths.
// RoutingTable (mta/routing_table.hpp) is one host's table and the
// Bellman-Ford rule; DistanceVector
// is the protocol in time: periodic and triggered updates that cross the
// links (latency, bandwidth, lost when a link or host is down), at most one
// on its way per link direction and one waiting (mta/update_queue.hpp),
// split horizon, route timeouts. Updates are not SMTP: they are traced apart.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/scheduler.hpp"
#include "core/time.hpp"
#include "mta/network.hpp"
#include "mta/routing_table.hpp"
#include "mta/update_queue.hpp"
#include "net/routing.hpp"
#include "net/topology.hpp"
#include "trace/trace.hpp"

namespace smtpsim::mta {

class FaultPlan;

struct DistanceVectorOptions {
    core::Time update_interval = core::Time::s(30);  // RIP's periodic update
    bool triggered_updates = true;                   // also send at once on a change
    SplitHorizon split_horizon = SplitHorizon::simple;
    std::uint32_t infinity = 16;                    // RIP's "unreachable"
    core::Time route_timeout = core::Time::s(180);  // a route not heard of this long is lost
};

// Told when a host's table changed, so that its mail can move.
class RouteListener {
  public:
    virtual ~RouteListener() = default;
    virtual void routes_changed(net::HostId host) = 0;
};

class DistanceVector {
  public:
    DistanceVector(const net::Topology& topology, Network& network, const FaultPlan& faults,
                   core::Scheduler& scheduler, trace::Bus& bus, DistanceVectorOptions options,
                   net::Metric metric);
    void set_listener(RouteListener& listener) { listener_ = &listener; }

    // Cold start at time 0: every host knows its own links only.
    void start();
    // The next host towards `destination` from `at`, if it has a route.
    std::optional<net::HostId> next_hop(net::HostId at, net::HostId destination) const;
    const RoutingTable& table(net::HostId host) const { return tables_[host]; }
    const UpdateQueue& queue() const { return queue_; }
    // Bytes the tables hold (not the updates on their way).
    std::size_t table_bytes() const;

    // The fault plan changed something: a host sees its own links' state at
    // once, and a neighbour that went down only by its silence.
    void host_changed(net::HostId host, bool down);
    void link_changed(LinkIndex link, bool down);

  private:
    bool up(net::HostId host) const;
    bool link_up(LinkIndex link) const;
    std::uint32_t cost(LinkIndex link) const;
    // Host i of n sends first at i/n of the interval, then every interval.
    std::int64_t phase(net::HostId host) const;
    // The stamp of a route of `host` heard of now: the number of its first
    // periodic update at least route_timeout later (RoutingTable::Stamp).
    RoutingTable::Stamp expiry(net::HostId host) const;
    void learn_links(net::HostId host);
    void tick(net::HostId host);
    void cancel_tick(net::HostId host);
    // The next periodic update; `first`: at a cold start, its phase may be now.
    void arm_tick(net::HostId host, bool first = false);
    void trigger(net::HostId host);
    // A periodic update (the whole vector) to every neighbour whose link is up.
    void send_all(net::HostId host);
    // A triggered update (the routes in triggered_) to every neighbour.
    void send_changes(net::HostId host);
    void send(Update update);
    // The routes the update is to carry, with split horizon's omissions
    // (how many go); it is then ready to go.
    std::uint64_t fill(Update& update) const;
    void transmit(std::size_t direction);
    void arrive(std::size_t direction);
    // The routes of `host` in changed_ changed: trace them, tell the others.
    void changed(net::HostId host);
    void notify(net::HostId host);
    template <typename F>
    core::EventId schedule_at(core::Time at, F&& callback);

    const net::Topology& topology_;
    Network& network_;
    const FaultPlan& faults_;
    core::Scheduler& scheduler_;
    trace::Bus& bus_;
    DistanceVectorOptions options_;
    net::Metric metric_;
    RouteListener* listener_ = nullptr;
    std::vector<RoutingTable> tables_;
    std::vector<core::EventId> ticks_;       // per host, its next periodic update
    std::vector<bool> trigger_pending_;      // per host, a triggered update due now
    std::vector<DestinationSet> triggered_;  // per host, what that update is to carry
    std::vector<bool> notify_pending_;       // per host, its listener call due now
    UpdateQueue queue_;                      // per link direction, the updates on their way
    std::vector<net::HostId> changed_;       // the destinations a table change touched
    std::size_t own_events_ = 0;             // events of ours the scheduler holds
};

}  // namespace smtpsim::mta
