// Distance-vector routing: the table's Bellman-Ford rule and the protocol's
// timing over the simulated links.
#include "mta/distance_vector.hpp"

#include <algorithm>

#include "mta/fault_plan.hpp"

namespace smtpsim::mta {

// ---------------------------------------------------------------------------
// RoutingTable

RoutingTable::RoutingTable(net::HostId self, std::size_t hosts, std::uint32_t infinity)
    : self_(self), infinity_(infinity), routes_(hosts) {
    reset();
}

void RoutingTable::reset() {
    std::fill(routes_.begin(), routes_.end(), Route{none, infinity_, core::Time::zero(), false});
    routes_[self_] = Route{self_, 0, core::Time::zero(), true};
}

bool RoutingTable::offer(net::HostId destination, net::HostId via, std::uint32_t distance,
                         core::Time now) {
    if (destination == self_) {
        return false;
    }
    Route& route = routes_[destination];
    distance = std::min(distance, infinity_);
    if (route.next == via) {
        route.refreshed = now;
        if (distance == route.distance) {
            return false;
        }
        if (distance >= infinity_) {
            return lose(destination);
        }
        route.distance = distance;  // from the next hop itself: believed, even if worse
        return true;
    }
    if (distance >= infinity_ || (route.next != none && distance >= route.distance)) {
        return false;
    }
    route = Route{via, distance, now, true};
    return true;
}

bool RoutingTable::lose(net::HostId destination) {
    Route& route = routes_[destination];
    if (destination == self_ || route.next == none) {
        return false;
    }
    route.next = none;
    route.distance = infinity_;
    return true;
}

// ---------------------------------------------------------------------------
// DistanceVector

DistanceVector::DistanceVector(const net::Topology& topology, Network& network,
                               const FaultPlan& faults, core::Scheduler& scheduler, trace::Bus& bus,
                               DistanceVectorOptions options, net::Metric metric)
    : topology_(topology),
      network_(network),
      faults_(faults),
      scheduler_(scheduler),
      bus_(bus),
      options_(options),
      metric_(metric),
      ticks_(topology.host_count()),
      trigger_pending_(topology.host_count(), false),
      notify_pending_(topology.host_count(), false) {
    tables_.reserve(topology.host_count());
    for (net::HostId h = 0; h < topology.host_count(); ++h) {
        tables_.emplace_back(h, topology.host_count(), options_.infinity);
    }
}

template <typename F>
core::EventId DistanceVector::schedule_at(core::Time at, F&& callback) {
    ++own_events_;
    return scheduler_.schedule_at(at, [this, callback = std::forward<F>(callback)]() mutable {
        --own_events_;
        callback();
    });
}

bool DistanceVector::up(net::HostId host) const {
    return !faults_.host_down(host);
}

bool DistanceVector::link_up(LinkIndex link) const {
    return network_.link(link).up && !faults_.link_down(link);
}

std::uint32_t DistanceVector::cost(LinkIndex link) const {
    if (metric_ == net::Metric::hops) {
        return 1;
    }
    // Latency: whole milliseconds, at least 1.
    const std::int64_t ms = network_.link(link).latency.count_ns() / 1'000'000;
    return static_cast<std::uint32_t>(std::clamp<std::int64_t>(ms, 1, UINT32_MAX / 2));
}

void DistanceVector::start() {
    for (net::HostId h = 0; h < tables_.size(); ++h) {
        learn_links(h);
        arm_tick(h, true);
    }
}

std::optional<net::HostId> DistanceVector::next_hop(net::HostId at, net::HostId destination) const {
    if (!tables_[at].reachable(destination)) {
        return std::nullopt;
    }
    return tables_[at].route(destination).next;
}

void DistanceVector::learn_links(net::HostId host) {
    // A host sees its own links: each up link is a route to the neighbour.
    for (const auto& [neighbour, link] : network_.neighbours(host)) {
        if (link_up(link) &&
            tables_[host].offer(neighbour, neighbour, cost(link), scheduler_.now())) {
            changed(host, neighbour);
        }
    }
}

void DistanceVector::arm_tick(net::HostId host, bool first) {
    // Hosts keep their own phase, spread over the interval, so that they do
    // not all speak at once (RFC 2453 3.8 warns of synchronised updates).
    const std::int64_t interval = options_.update_interval.count_ns();
    const std::int64_t phase =
        interval * static_cast<std::int64_t>(host) / static_cast<std::int64_t>(tables_.size());
    const std::int64_t now = scheduler_.now().count_ns();
    const std::int64_t next = now < phase || (first && now == phase)
                                  ? phase
                                  : phase + ((now - phase) / interval + 1) * interval;
    cancel_tick(host);
    ticks_[host] = schedule_at(core::Time::ns(next), [this, host] { tick(host); });
}

void DistanceVector::cancel_tick(net::HostId host) {
    if (scheduler_.cancel(ticks_[host])) {
        --own_events_;
    }
    ticks_[host] = {};
}

void DistanceVector::tick(net::HostId host) {
    ticks_[host] = {};
    expire(host);
    send_all(host);
    // Nothing else left to happen in the whole run: the tables stay as they
    // are, and the run may end.
    if (scheduler_.pending() > own_events_) {
        arm_tick(host);
    }
}

void DistanceVector::expire(net::HostId host) {
    const core::Time now = scheduler_.now();
    RoutingTable& table = tables_[host];
    for (net::HostId d = 0; d < table.size(); ++d) {
        const RoutingTable::Route& route = table.route(d);
        if (d != host && route.next != RoutingTable::none &&
            now - route.refreshed >= options_.route_timeout && table.lose(d)) {
            changed(host, d);
        }
    }
}

void DistanceVector::trigger(net::HostId host) {
    if (!options_.triggered_updates || trigger_pending_[host]) {
        return;
    }
    trigger_pending_[host] = true;
    // After every change of this instant: one update carries them all.
    schedule_at(scheduler_.now(), [this, host] {
        trigger_pending_[host] = false;
        if (up(host)) {
            send_all(host);
        }
    });
}

void DistanceVector::send_all(net::HostId host) {
    for (const auto& [neighbour, link] : network_.neighbours(host)) {
        if (link_up(link)) {  // a host does not send on a link it sees down
            send(host, neighbour, link);
        }
    }
}

void DistanceVector::send(net::HostId host, net::HostId neighbour, LinkIndex link) {
    std::size_t slot = 0;
    if (free_slots_.empty()) {
        slot = in_flight_.size();
        in_flight_.emplace_back();
    } else {
        slot = free_slots_.back();
        free_slots_.pop_back();
    }
    Update& update = in_flight_[slot];
    update.from = host;
    update.to = neighbour;
    update.link = link;
    update.routes.clear();
    const RoutingTable& table = tables_[host];
    for (net::HostId d = 0; d < table.size(); ++d) {
        const RoutingTable::Route& route = table.route(d);
        const bool learned_there = route.next == neighbour && d != neighbour;
        if (!route.known) {
            continue;  // never heard of
        }
        if (learned_there && options_.split_horizon == SplitHorizon::simple) {
            continue;
        }
        const bool poison =
            learned_there && options_.split_horizon == SplitHorizon::poisoned_reverse;
        update.routes.emplace_back(d, poison ? options_.infinity : route.distance);
    }
    // RIP's datagrams: IP and UDP headers (28 bytes), a 4-byte header, then
    // at most 25 routes of 20 bytes each (RFC 2453 4).
    const std::uint64_t routes = update.routes.size();
    const auto messages =
        static_cast<std::uint32_t>(std::max<std::uint64_t>(1, (routes + 24) / 25));
    const std::uint64_t bytes = messages * 32u + routes * 20u;
    const core::Time now = scheduler_.now();
    const core::Time arrival = network_.transmit(link, host, bytes, now);
    if (bus_.wants(trace::routing)) {
        bus_.routing_update({now, static_cast<trace::HostIndex>(host),
                             static_cast<trace::HostIndex>(neighbour), messages, bytes, false});
    }
    schedule_at(arrival, [this, slot] { arrive(slot); });
}

void DistanceVector::arrive(std::size_t slot) {
    free_slots_.push_back(slot);
    const Update& update = in_flight_[slot];
    if (!faults_.reachable(update.from, update.to, update.link)) {
        if (bus_.wants(trace::routing)) {
            bus_.routing_update({scheduler_.now(), static_cast<trace::HostIndex>(update.from),
                                 static_cast<trace::HostIndex>(update.to), 0, 0, true});
        }
        return;
    }
    const std::uint32_t link_cost = cost(update.link);
    RoutingTable& table = tables_[update.to];
    for (const auto& [destination, distance] : update.routes) {
        if (table.offer(destination, update.from, distance + link_cost, scheduler_.now())) {
            changed(update.to, destination);
        }
    }
}

void DistanceVector::changed(net::HostId host, net::HostId destination) {
    const RoutingTable::Route& route = tables_[host].route(destination);
    if (bus_.wants(trace::routing)) {
        const bool reachable = route.next != RoutingTable::none;
        bus_.route_changed(
            {scheduler_.now(), static_cast<trace::HostIndex>(host),
             static_cast<trace::HostIndex>(destination),
             reachable ? static_cast<trace::HostIndex>(route.next) : trace::no_host, route.distance,
             topology_.name(host), topology_.name(destination),
             reachable ? std::string_view(topology_.name(route.next)) : std::string_view()});
    }
    trigger(host);
    notify(host);
}

void DistanceVector::notify(net::HostId host) {
    if (listener_ == nullptr || notify_pending_[host]) {
        return;
    }
    notify_pending_[host] = true;
    schedule_at(scheduler_.now(), [this, host] {
        notify_pending_[host] = false;
        listener_->routes_changed(host);
    });
}

void DistanceVector::lose_via(net::HostId host, net::HostId neighbour) {
    RoutingTable& table = tables_[host];
    for (net::HostId d = 0; d < table.size(); ++d) {
        if (table.route(d).next == neighbour && table.lose(d)) {
            changed(host, d);
        }
    }
}

void DistanceVector::host_changed(net::HostId host, bool down) {
    if (down) {
        // It forgets its table; its neighbours notice only by its silence.
        cancel_tick(host);
        RoutingTable& table = tables_[host];
        for (net::HostId d = 0; d < table.size(); ++d) {
            if (table.lose(d)) {
                changed(host, d);
            }
        }
        table.reset();
        return;
    }
    learn_links(host);  // a cold start
    send_all(host);
    arm_tick(host);
}

void DistanceVector::link_changed(LinkIndex link, bool down) {
    const LinkState& state = network_.link(link);
    for (const net::HostId host : {state.a, state.b}) {
        if (!up(host)) {
            continue;
        }
        if (down) {
            lose_via(host, host == state.a ? state.b : state.a);
        } else {
            learn_links(host);
        }
    }
}

}  // namespace smtpsim::mta
