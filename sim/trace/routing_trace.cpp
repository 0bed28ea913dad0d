// routing.jsonl and the routing statistics.
#include "trace/routing_trace.hpp"

#include <fmt/format.h>

#include "trace/writers.hpp"

namespace smtpsim::trace {

void RoutingWriter::on_route_changed(const RouteChanged& e) {
    out_ << fmt::format(
                R"({{"t":{},"host":{},"destination":{},"next_hop":{},"distance":{}}})",
                json_seconds(e.time), json_string(e.host_name), json_string(e.destination_name),
                e.next == no_host ? std::string("null") : json_string(e.next_name), e.distance)
         << '\n';
}

RoutingStatistics::RoutingStatistics(std::vector<std::string> host_names)
    : host_names_(std::move(host_names)) {
    periods_.push_back({Time::zero(), "start", std::nullopt, 0});
}

void RoutingStatistics::on_route_changed(const RouteChanged& e) {
    ++route_changes_;
    periods_.back().last_change = e.time;
    ++periods_.back().route_changes;
}

void RoutingStatistics::on_routing_update(const RoutingUpdate& e) {
    if (e.lost) {
        ++updates_.lost;
        return;
    }
    ++updates_.sent;
    updates_.messages += e.messages;
    updates_.bytes += e.bytes;
}

void RoutingStatistics::on_topology_changed(const TopologyChanged& e) {
    const std::string change =
        e.b == no_host ? fmt::format("host {} {}", host_names_[e.a], e.down ? "down" : "up")
                       : fmt::format("link {} - {} {}", host_names_[e.a], host_names_[e.b],
                                     e.down ? "down" : "up");
    if (periods_.back().at == e.time && periods_.back().change != "start") {
        periods_.back().change += ", " + change;  // changes of one instant together
        return;
    }
    periods_.push_back({e.time, change, std::nullopt, 0});
}

void RoutingStatistics::on_counted(const Counted& e) {
    if (e.what == Tally::hop_limit) {
        ++hop_limit_;
    }
}

}  // namespace smtpsim::trace
