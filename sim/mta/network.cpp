// Link lookup and the transmission model.
#include "mta/network.hpp"

#include <algorithm>

namespace smtpsim::mta {

Network::Network(const net::Topology& topology) : neighbours_(topology.host_count()) {
    const net::Graph& g = topology.graph();
    for (auto [it, end] = boost::edges(g); it != end; ++it) {
        net::HostId a = boost::source(*it, g);
        net::HostId b = boost::target(*it, g);
        if (b < a) {
            std::swap(a, b);
        }
        const net::LinkProps& props = g[*it];
        LinkState state;
        state.a = a;
        state.b = b;
        state.latency = props.latency;
        state.bandwidth = props.bandwidth;
        state.up = props.up;
        const auto index = static_cast<LinkIndex>(links_.size());
        links_.push_back(state);
        neighbours_[a].emplace_back(b, index);
        neighbours_[b].emplace_back(a, index);
    }
    for (auto& list : neighbours_) {
        std::sort(list.begin(), list.end());
    }
}

std::optional<LinkIndex> Network::link_between(net::HostId x, net::HostId y) const {
    const auto& list = neighbours_[x];
    auto it = std::lower_bound(list.begin(), list.end(), std::pair{y, LinkIndex{0}});
    if (it == list.end() || it->first != y) {
        return std::nullopt;
    }
    return it->second;
}

Time Network::transmission_time(std::uint64_t bytes, std::uint64_t bandwidth) {
    // bits * 1e9 / bandwidth, rounded up; 128-bit so that large mail cannot overflow.
    __extension__ using wide = unsigned __int128;
    const wide bits_ns = static_cast<wide>(bytes) * 8u * 1'000'000'000u;
    return Time::ns(static_cast<std::int64_t>((bits_ns + bandwidth - 1) / bandwidth));
}

Time Network::transmit(LinkIndex index, net::HostId from, std::uint64_t bytes, Time now) {
    LinkState& l = links_[index];
    const int direction = from == l.a ? 0 : 1;
    const Time start = std::max(now, l.busy_until[direction]);
    const Time done = start + transmission_time(bytes, l.bandwidth);
    l.busy_until[direction] = done;
    return done + l.latency;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> Network::link_ends() const {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;
    ends.reserve(links_.size());
    for (const LinkState& l : links_) {
        ends.emplace_back(static_cast<std::uint32_t>(l.a), static_cast<std::uint32_t>(l.b));
    }
    return ends;
}

}  // namespace smtpsim::mta
