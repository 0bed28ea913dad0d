// The hop router: where each host sends a mail next, by the scenario's
// routing mode (README, "Routing modes"): a source route is followed as
// written (`as-written`); `source` originators write the whole route; `next-hop` hosts use
// their next-hop tables, recomputed without what is down when the fault plan
// changes (with reroute_after); `distance-vector` hosts use the tables they
// learned (mta/distance_vector.hpp). A host asks only about itself.
#pragma once

#include <boost/container/small_vector.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/enum_names.hpp"
#include "mta/mail.hpp"
#include "mta/network.hpp"
#include "net/routing.hpp"
#include "net/topology.hpp"
#include "smtp/path.hpp"

namespace smtpsim::mta {

class DistanceVector;
class FaultPlan;

// How the next host of a mail is chosen.
enum class RoutingMode {
    as_written,    // as the forward-path's source route says, else straight to the mailbox's host
    source_route,  // source routing: the originator writes the shortest route as a source route
    next_hop,      // plain user@host; each host forwards by its next-hop table
    distance_vector,  // as next_hop, with tables the hosts learn from each other
};
inline constexpr auto routing_mode_names =
    core::enum_names<RoutingMode>("as-written", "source", "next-hop", "distance-vector");
// The old name of `source`, accepted for one release.
inline constexpr std::string_view deprecated_shortest = "shortest";
inline std::string_view routing_mode_name(RoutingMode mode) {
    return routing_mode_names(mode);
}
inline std::optional<RoutingMode> parse_routing_mode(std::string_view text) {
    return text == deprecated_shortest ? RoutingMode::source_route : routing_mode_names.parse(text);
}

// Where a forward-path goes from a host.
struct NextHop {
    enum class Kind { local, remote, none } kind = Kind::none;
    net::HostId host = 0;  // remote: the next host
    // none: why, and the host name it is about.
    // no_route_yet: the learned table has no route now (it may later).
    enum class Why { unknown_host, no_link, no_route, no_route_yet } why = Why::no_route;
    std::string name;

    // none: "no host X in the topology", "no link from A to X", "no route from A to X",
    // "no route yet from A to X".
    std::string describe(std::string_view here) const;
};

// The next hops of a letter's recipients: most letters have one or two.
using NextHops = boost::container::small_vector<NextHop, 2>;

class HopRouter {
  public:
    // `rerouting`: tables are recomputed without failed hosts and links
    // (reroute()); mail cut off only by failures keeps its old next hop.
    HopRouter(const net::Topology& topology, const Network& network, RoutingMode mode,
              net::Metric metric, bool rerouting);
    ~HopRouter();

    RoutingMode mode() const { return mode_; }
    // `distance-vector`: the learned tables to ask.
    void learn_from(const DistanceVector& learned) { learned_ = &learned; }
    // `destination`: the host of the forward-path's mailbox, looked up here
    // by name (and kept) when it is still unresolved and a plain path needs it.
    NextHop next_hop(net::HostId at, const smtp::Path& forward_path, MailboxHost& destination);
    // The host of the forward-path's mailbox, looked up by name unless
    // `known` already says.
    std::optional<net::HostId> mailbox_host(const smtp::Path& forward_path,
                                            MailboxHost& known) const;
    // `claimed` (sent by the other end with the path, or found for some
    // path) when it is the host that the forward-path's mailbox names; else
    // unresolved, to be looked up when it is needed. A name compare, not a
    // look-up: the name in the path decides.
    MailboxHost confirmed(const smtp::Path& forward_path, MailboxHost claimed) const;
    // `source`: the originator writes the whole route into a plain path.
    void write_route(net::HostId origin, smtp::Path& path);
    // Recomputes the next-hop tables from what the fault plan says is up.
    void reroute(const FaultPlan& faults);

  private:
    NextHop next_hop_to(net::HostId at, net::HostId destination, const std::string& name);

    const net::Topology& topology_;
    const Network& network_;
    RoutingMode mode_;
    // What routing sees: the topology, or, with rerouting, a copy whose links
    // are marked down where hosts or links are down.
    std::unique_ptr<net::Topology> view_;
    std::unique_ptr<net::Router> router_;
    // With rerouting: the tables as loaded, for mail whose destination the
    // failures cut off (it waits for the next hop it had before).
    std::unique_ptr<net::Router> loaded_;
    const DistanceVector* learned_ = nullptr;
};

}  // namespace smtpsim::mta
