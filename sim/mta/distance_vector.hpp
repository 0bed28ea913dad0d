// Distance-vector routing (the `distance-vector` routing mode): hosts learn
// their next hops by exchanging distance vectors with their neighbours over
// the links, as RIP does (RFC 2453), instead of being given shortest paths.
// RoutingTable is one host's table and the Bellman-Ford rule; DistanceVector
// is the protocol in time: periodic and triggered updates that cross the
// links (latency, bandwidth, lost when a link or host is down), split
// horizon, route timeouts. Updates are not SMTP: they are traced apart.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/enum_names.hpp"
#include "core/scheduler.hpp"
#include "core/time.hpp"
#include "mta/network.hpp"
#include "net/routing.hpp"
#include "net/topology.hpp"
#include "trace/trace.hpp"

namespace smtpsim::mta {

class FaultPlan;

// What a host tells a neighbour about the routes it learned from that
// neighbour (RFC 2453 3.4.3).
enum class SplitHorizon {
    none,              // everything, as it is: count-to-infinity happens
    simple,            // nothing about them
    poisoned_reverse,  // that they are at infinity
};
inline constexpr auto split_horizon_names =
    core::enum_names<SplitHorizon>("none", "simple", "poisoned-reverse");

struct DistanceVectorOptions {
    core::Time update_interval = core::Time::s(30);  // RIP's periodic update
    bool triggered_updates = true;                   // also send at once on a change
    SplitHorizon split_horizon = SplitHorizon::simple;
    std::uint32_t infinity = 16;                    // RIP's "unreachable"
    core::Time route_timeout = core::Time::s(180);  // a route not heard of this long is lost
};

// One host's routes: one entry per destination, O(destinations).
class RoutingTable {
  public:
    static constexpr net::HostId none = UINT32_MAX;
    struct Route {
        net::HostId next = none;  // none: unreachable (or never heard of)
        std::uint32_t distance = 0;
        core::Time refreshed;  // last heard of from its next hop
        bool known = false;    // heard of since the last cold start (advertised)
    };

    RoutingTable(net::HostId self, std::size_t hosts, std::uint32_t infinity);

    const Route& route(net::HostId destination) const { return routes_[destination]; }
    std::size_t size() const { return routes_.size(); }
    bool reachable(net::HostId destination) const { return routes_[destination].next != none; }
    // Forgets everything but itself (a cold start).
    void reset();
    // Bellman-Ford as RIP does it (RFC 2453 3.9.2): `via` says it reaches
    // `destination` at `distance` (the link's cost included). Taken when
    // better, or when it comes from the current next hop (even if worse).
    // Returns whether the route changed.
    bool offer(net::HostId destination, net::HostId via, std::uint32_t distance, core::Time now);
    // The route is lost (timeout, or its next hop's link went down).
    bool lose(net::HostId destination);

  private:
    net::HostId self_;
    std::uint32_t infinity_;
    std::vector<Route> routes_;
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

    // The fault plan changed something: a host sees its own links' state at
    // once, and a neighbour that went down only by its silence.
    void host_changed(net::HostId host, bool down);
    void link_changed(LinkIndex link, bool down);

  private:
    // An update on its way: a copy of the routes as the sender advertised them.
    struct Update {
        net::HostId from = 0;
        net::HostId to = 0;
        LinkIndex link = 0;
        std::vector<std::pair<net::HostId, std::uint32_t>> routes;
    };

    bool up(net::HostId host) const;
    bool link_up(LinkIndex link) const;
    std::uint32_t cost(LinkIndex link) const;
    void learn_links(net::HostId host);
    void tick(net::HostId host);
    void cancel_tick(net::HostId host);
    // The next periodic update; `first`: at a cold start, its phase may be now.
    void arm_tick(net::HostId host, bool first = false);
    void trigger(net::HostId host);
    void send_all(net::HostId host);
    void send(net::HostId host, net::HostId neighbour, LinkIndex link);
    void arrive(std::size_t slot);
    void expire(net::HostId host);
    void changed(net::HostId host, net::HostId destination);
    void notify(net::HostId host);
    void lose_via(net::HostId host, net::HostId neighbour);
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
    std::vector<core::EventId> ticks_;   // per host, its next periodic update
    std::vector<bool> trigger_pending_;  // per host, a triggered update due now
    std::vector<bool> notify_pending_;   // per host, its listener call due now
    std::vector<Update> in_flight_;      // updates on the wire, by slot
    std::vector<std::size_t> free_slots_;
    std::size_t own_events_ = 0;  // events of ours the scheduler holds
};

}  // namespace smtpsim::mta
