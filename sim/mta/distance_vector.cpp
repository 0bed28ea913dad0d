// Distance-vector routing: the protocol's timing over the simulated links
// (the table's Bellman-Ford rule is mta/routing_table.cpp).
#include "mta/distance_vector.hpp"

#include <algorithm>

#include "mta/fault_plan.hpp"

namespace smtpsim::mta {

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
      triggered_(options.triggered_updates ? topology.host_count() : 0),
      notify_pending_(topology.host_count(), false),
      queue_(network.link_count()) {
    tables_.reserve(topology.host_count());
    for (net::HostId h = 0; h < topology.host_count(); ++h) {
        tables_.emplace_back(h, options_.infinity);
    }
}

std::size_t DistanceVector::table_bytes() const {
    std::size_t bytes = 0;
    for (const RoutingTable& table : tables_) {
        bytes += table.bytes();
    }
    return bytes;
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
    const auto route = tables_[at].route(destination);
    if (!route || route->next == RoutingTable::none) {
        return std::nullopt;
    }
    return route->next;
}

void DistanceVector::learn_links(net::HostId host) {
    // A host sees its own links: each up link is a route to the neighbour.
    for (const auto& [neighbour, link] : network_.neighbours(host)) {
        if (link_up(link) && tables_[host].offer(neighbour, neighbour, cost(link), expiry(host))) {
            changed_.push_back(neighbour);
        }
    }
    changed(host);
}

std::int64_t DistanceVector::phase(net::HostId host) const {
    // interval x host / n, without the product (days of nanoseconds times
    // millions of hosts would overflow): interval = q n + r.
    const auto n = static_cast<std::int64_t>(tables_.size());
    const std::int64_t interval = options_.update_interval.count_ns();
    const auto h = static_cast<std::int64_t>(host);
    return interval / n * h + interval % n * h / n;
}

RoutingTable::Stamp DistanceVector::expiry(net::HostId host) const {
    // Periodic update k of the host is at phase + k x interval; the route is
    // lost at the first one at least route_timeout after now.
    const std::int64_t interval = options_.update_interval.count_ns();
    const std::int64_t due =
        scheduler_.now().count_ns() + options_.route_timeout.count_ns() - phase(host);
    return static_cast<RoutingTable::Stamp>((due + interval - 1) / interval);
}

void DistanceVector::arm_tick(net::HostId host, bool first) {
    // Hosts keep their own phase, spread over the interval, so that they do
    // not all speak at once (RFC 2453 3.8 warns of synchronised updates).
    const std::int64_t interval = options_.update_interval.count_ns();
    const std::int64_t phase = this->phase(host);
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
    // This is periodic update number (now - phase) / interval: routes whose
    // stamp it has reached were not heard of for route_timeout.
    const std::int64_t number =
        (scheduler_.now().count_ns() - phase(host)) / options_.update_interval.count_ns();
    tables_[host].expire(static_cast<RoutingTable::Stamp>(number), changed_);
    changed(host);
    send_all(host);
    // Nothing else left to happen in the whole run: the tables stay as they
    // are, and the run may end.
    if (scheduler_.pending() > own_events_) {
        arm_tick(host);
    }
}

void DistanceVector::trigger(net::HostId host) {
    if (!options_.triggered_updates) {
        return;
    }
    // RFC 2453 3.10.1: the routes whose "route change flag" is set.
    for (const net::HostId destination : changed_) {
        triggered_[host].add(destination);
    }
    if (trigger_pending_[host]) {
        return;
    }
    trigger_pending_[host] = true;
    // After every change of this instant: one update carries them all.
    schedule_at(scheduler_.now(), [this, host] {
        trigger_pending_[host] = false;
        if (up(host)) {
            send_changes(host);
        }
        triggered_[host].clear();
    });
}

void DistanceVector::send_all(net::HostId host) {
    for (const auto& [neighbour, link] : network_.neighbours(host)) {
        if (link_up(link)) {  // a host does not send on a link it sees down
            send(Update{.from = host, .to = neighbour, .link = link});
        }
    }
}

void DistanceVector::send_changes(net::HostId host) {
    for (const auto& [neighbour, link] : network_.neighbours(host)) {
        if (link_up(link)) {
            send(Update{.from = host,
                        .to = neighbour,
                        .link = link,
                        .full = false,
                        .destinations = triggered_[host]});
        }
    }
}

void DistanceVector::send(Update update) {
    const std::size_t direction =
        UpdateQueue::direction(network_.link(update.link), update.link, update.from);
    // At most one on its way: a newer one waits, in place of any older one.
    if (queue_.offer(direction, std::move(update))) {
        transmit(direction);
    }
}

std::uint64_t DistanceVector::fill(Update& update) const {
    // Made when it goes, so that one that waited carries the newest routes.
    const RoutingTable& table = tables_[update.from];
    const bool simple = options_.split_horizon == SplitHorizon::simple;
    std::uint64_t routes = 0;
    const auto count = [&routes, &update, simple](const RoutingTable::Route& route) {
        // Split horizon leaves out what was learned from the receiver.
        const bool learned_there = route.next == update.to && route.destination != update.to;
        routes += learned_there && simple ? 0 : 1;
    };
    if (update.full) {
        update.routes = table.snapshot();  // shared with the table until it changes
        update.routes->for_each(count);
        return routes;
    }
    update.destinations.for_each([&table, &update](net::HostId destination) {
        if (const auto route = table.route(destination)) {
            update.changed.push_back(*route);
        }
    });
    update.destinations.clear();
    std::for_each(update.changed.begin(), update.changed.end(), count);
    return routes;
}

void DistanceVector::transmit(std::size_t direction) {
    Update& update = *queue_.on_its_way(direction);
    const std::uint64_t routes = fill(update);
    // RIP's datagrams: IP and UDP headers (28 bytes), a 4-byte header, then
    // at most 25 routes of 20 bytes each (RFC 2453 4).
    const auto messages =
        static_cast<std::uint32_t>(std::max<std::uint64_t>(1, (routes + 24) / 25));
    const std::uint64_t bytes = messages * 32u + routes * 20u;
    const core::Time now = scheduler_.now();
    const core::Time arrival = network_.transmit(update.link, update.from, bytes, now);
    if (bus_.wants(trace::routing)) {
        bus_.routing_update({now, static_cast<trace::HostIndex>(update.from),
                             static_cast<trace::HostIndex>(update.to), messages, bytes, false});
    }
    schedule_at(arrival, [this, direction] { arrive(direction); });
}

void DistanceVector::arrive(std::size_t direction) {
    const Update update = queue_.arrived(direction);
    if (!faults_.reachable(update.from, update.to, update.link)) {
        if (bus_.wants(trace::routing)) {
            bus_.routing_update({scheduler_.now(), static_cast<trace::HostIndex>(update.from),
                                 static_cast<trace::HostIndex>(update.to), 0, 0, true});
        }
    } else {
        RoutingTable& table = tables_[update.to];
        if (update.full) {
            table.merge(*update.routes, update.from, cost(update.link), options_.split_horizon,
                        expiry(update.to), changed_);
        } else {
            table.merge(std::span<const Route>(update.changed), update.from, cost(update.link),
                        options_.split_horizon, expiry(update.to), changed_);
        }
        changed(update.to);
    }
    // The one that waited goes now, if its sender still sees the link up.
    if (const Update* next = queue_.on_its_way(direction)) {
        if (up(next->from) && link_up(next->link)) {
            transmit(direction);
        } else {
            queue_.drop(direction);
        }
    }
}

void DistanceVector::changed(net::HostId host) {
    if (changed_.empty()) {
        return;
    }
    if (bus_.wants(trace::routing)) {
        for (const net::HostId destination : changed_) {
            const RoutingTable::Route route = *tables_[host].route(destination);
            const bool reachable = route.next != RoutingTable::none;
            bus_.route_changed(
                {scheduler_.now(), static_cast<trace::HostIndex>(host),
                 static_cast<trace::HostIndex>(destination),
                 reachable ? static_cast<trace::HostIndex>(route.next) : trace::no_host,
                 route.distance, topology_.name(host), topology_.name(destination),
                 reachable ? std::string_view(topology_.name(route.next)) : std::string_view()});
        }
    }
    trigger(host);
    changed_.clear();
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

void DistanceVector::host_changed(net::HostId host, bool down) {
    if (down) {
        // It forgets its table; its neighbours notice only by its silence.
        cancel_tick(host);
        tables_[host].lose_all(changed_);
        changed(host);
        tables_[host].reset();
        if (options_.triggered_updates) {
            triggered_[host].clear();
        }
        for (const auto& [neighbour, link] : network_.neighbours(host)) {
            queue_.forget_waiting(UpdateQueue::direction(network_.link(link), link, host));
        }
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
            tables_[host].lose_via(host == state.a ? state.b : state.a, changed_);
            changed(host);
        } else {
            learn_links(host);
        }
    }
}

}  // namespace smtpsim::mta
