// The links as the simulation uses them: who is linked to whom, whether a
// link is up, and when a line written on it arrives. Each direction of a link
// sends one transmission at a time, first come first served: a line waits
// while the link is busy with earlier ones, then takes its size over the
// bandwidth, then the latency.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "net/topology.hpp"

namespace smtpsim::mta {

using core::Time;
using LinkIndex = std::uint32_t;

struct LinkState {
    net::HostId a = 0;  // the end with the smaller host id
    net::HostId b = 0;
    Time latency;
    std::uint64_t bandwidth = 0;  // bits per second
    bool up = true;               // as the topology says (failures are the fault plan's)
    Time busy_until[2];           // per direction: 0 is a -> b, 1 is b -> a
};

class Network {
  public:
    explicit Network(const net::Topology& topology);

    // The link between two hosts, if they are linked.
    std::optional<LinkIndex> link_between(net::HostId x, net::HostId y) const;
    LinkState& link(LinkIndex index) { return links_[index]; }
    const LinkState& link(LinkIndex index) const { return links_[index]; }
    std::size_t link_count() const { return links_.size(); }
    // A host's neighbours, sorted by host id, with the link to each.
    std::span<const std::pair<net::HostId, LinkIndex>> neighbours(net::HostId host) const {
        return neighbours_[host];
    }
    // The ends of every link, by link index.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> link_ends() const;

    // Time to put `bytes` on a link of `bandwidth` bits per second, rounded up
    // to the nanosecond.
    static Time transmission_time(std::uint64_t bytes, std::uint64_t bandwidth);

    // Writes `bytes` from host `from` on the link at time `now`; returns when
    // they have all arrived at the other end.
    Time transmit(LinkIndex index, net::HostId from, std::uint64_t bytes, Time now);

  private:
    std::vector<LinkState> links_;
    // Per host, its neighbours sorted by host id, with the link to each.
    std::vector<std::vector<std::pair<net::HostId, LinkIndex>>> neighbours_;
};

}  // namespace smtpsim::mta
