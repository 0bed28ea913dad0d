// Next hops by routing mode.
#include "mta/hop_router.hpp"

#include <algorithm>

#include "core/ascii.hpp"
#include "mta/distance_vector.hpp"
#include "mta/fault_plan.hpp"

namespace smtpsim::mta {

std::string NextHop::describe(std::string_view here) const {
    switch (why) {
        case Why::unknown_host:
            return "no host " + name + " in the topology";
        case Why::no_link:
            return "no link from " + std::string(here) + " to " + name;
        case Why::no_route:
            return "no route from " + std::string(here) + " to " + name;
        case Why::no_route_yet:
            return "no route yet from " + std::string(here) + " to " + name;
    }
    return "";
}

HopRouter::HopRouter(const net::Topology& topology, const Network& network, RoutingMode mode,
                     net::Metric metric, bool rerouting)
    : topology_(topology), network_(network), mode_(mode) {
    // The routers' default cache budget (net::CacheBudget) keeps every next
    // hop of a large run; a smaller one would cost searches, never routes.
    if (rerouting) {
        view_ = std::make_unique<net::Topology>(topology);
        loaded_ = std::make_unique<net::Router>(topology, metric);
    }
    router_ = std::make_unique<net::Router>(view_ ? *view_ : topology, metric);
}

HopRouter::~HopRouter() = default;

std::optional<net::HostId> HopRouter::mailbox_host(const smtp::Path& forward_path,
                                                   MailboxHost& known) const {
    if (known.id == MailboxHost::unresolved) {
        const auto host = topology_.find_host(forward_path.mailbox.domain);
        known.id = host ? static_cast<std::uint32_t>(*host) : MailboxHost::unknown;
    }
    if (known.id == MailboxHost::unknown) {
        return std::nullopt;
    }
    return net::HostId{known.id};
}

MailboxHost HopRouter::confirmed(const smtp::Path& forward_path, MailboxHost claimed) const {
    if (claimed.id < MailboxHost::unknown &&
        core::iequals(topology_.name(claimed.id), forward_path.mailbox.domain)) {
        return claimed;
    }
    return {};
}

NextHop HopRouter::next_hop(net::HostId at, const smtp::Path& forward_path,
                            MailboxHost& destination) {
    if (!forward_path.route.empty()) {
        const std::string& first = forward_path.route.front();
        const auto target = topology_.find_host(first);
        if (!target) {
            return {NextHop::Kind::none, 0, NextHop::Why::unknown_host, first};
        }
        if (!network_.link_between(at, *target)) {
            return {NextHop::Kind::none, 0, NextHop::Why::no_link, first};
        }
        return {NextHop::Kind::remote, *target, {}, {}};
    }
    const std::string& domain = forward_path.mailbox.domain;
    const auto host = mailbox_host(forward_path, destination);
    if (!host) {
        return {NextHop::Kind::none, 0, NextHop::Why::unknown_host, domain};
    }
    if (*host == at) {
        return {NextHop::Kind::local, at, {}, {}};
    }
    return next_hop_to(at, *host, domain);
}

// A plain path's next hop towards another host, `name`.
NextHop HopRouter::next_hop_to(net::HostId at, net::HostId destination, const std::string& name) {
    if (mode_ == RoutingMode::distance_vector && learned_ != nullptr) {
        if (auto hop = learned_->next_hop(at, destination)) {
            return {NextHop::Kind::remote, *hop, {}, {}};
        }
        return {NextHop::Kind::none, 0, NextHop::Why::no_route_yet, name};
    }
    if (mode_ == RoutingMode::next_hop) {
        if (auto hop = router_->next_hop(at, destination)) {
            return {NextHop::Kind::remote, *hop, {}, {}};
        }
        // Cut off only by failures: keep the mail for the way the tables had
        // before them, where it waits (retried) for a repair or a new route.
        if (loaded_) {
            if (auto hop = loaded_->next_hop(at, destination)) {
                return {NextHop::Kind::remote, *hop, {}, {}};
            }
        }
        return {NextHop::Kind::none, 0, NextHop::Why::no_route, name};
    }
    if (!network_.link_between(at, destination)) {
        return {NextHop::Kind::none, 0, NextHop::Why::no_link, name};
    }
    return {NextHop::Kind::remote, destination, {}, {}};
}

void HopRouter::write_route(net::HostId origin, smtp::Path& path) {
    const auto destination = topology_.find_host(path.mailbox.domain);
    if (!path.route.empty() || !destination || *destination == origin) {
        return;
    }
    auto route = router_->route(origin, *destination);
    if (!route && loaded_) {
        route = loaded_->route(origin, *destination);  // cut off only by failures: wait on it
    }
    if (route) {
        for (std::size_t h = 1; h + 1 < route->hosts.size(); ++h) {
            path.route.push_back(topology_.name(route->hosts[h]));
        }
    }
}

void HopRouter::reroute(const FaultPlan& faults) {
    // A link is up when the topology says so, no window holds it down, and
    // both its hosts are up.
    net::Graph& g = view_->graph();
    for (auto [it, end] = boost::edges(g); it != end; ++it) {
        const net::HostId a = boost::source(*it, g);
        const net::HostId b = boost::target(*it, g);
        g[*it].up = faults.reachable(a, b, *network_.link_between(a, b));
    }
    router_->invalidate();
}

}  // namespace smtpsim::mta
