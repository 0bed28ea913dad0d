// The run statistics, counted from trace events.
#include "trace/statistics.hpp"

#include <algorithm>

namespace smtpsim::trace {

RunStatistics::RunStatistics(std::vector<std::string> host_names,
                             std::vector<std::pair<HostIndex, HostIndex>> links)
    : host_names_(std::move(host_names)), hosts_(host_names_.size()) {
    links_.reserve(links.size());
    for (const auto& [a, b] : links) {
        LinkStatistics link;
        link.a = std::min(a, b);
        link.b = std::max(a, b);
        links_.push_back(link);
    }
}

void RunStatistics::on_session_opened(const SessionOpened& e) {
    ++sessions_;
    ++hosts_[e.client].sessions_out;
    ++links_[e.link].sessions;
}

void RunStatistics::on_transmission(const Transmission& e) {
    hosts_[e.from].bytes_out += e.bytes;
    hosts_[e.to].bytes_in += e.bytes;
    LinkStatistics& link = links_[e.link];
    link.bytes[e.from == link.a ? 0 : 1] += e.bytes;
    switch (e.payload) {
        case Payload::greeting:
            ++hosts_[e.from].sessions_in;
            break;
        case Payload::command:
            commands_ += e.lines;
            hosts_[e.to].commands_in += e.lines;
            break;
        case Payload::text:
        case Payload::reply:
            break;
    }
}

void RunStatistics::on_session_closed(const SessionClosed& e) {
    switch (e.reason) {
        case CloseReason::timed_out:
            ++failed_connections_;
            break;
        case CloseReason::broken:
            ++broken_sessions_;
            break;
        case CloseReason::quit:
        case CloseReason::no_reply:
        case CloseReason::no_command:
            break;
    }
}

void RunStatistics::on_hop(const Hop& e) {
    switch (e.kind) {
        case HopKind::accepted:
            ++hosts_[e.host].accepted;
            break;
        case HopKind::delivered:
            hosts_[e.host].delivered += e.recipients.size();
            break;
        case HopKind::submitted:
        case HopKind::relayed:
        case HopKind::failed:
            break;
    }
}

void RunStatistics::on_injected(const Injected& e) {
    ++totals_.injected;
    totals_.recipients += e.recipients;
}

void RunStatistics::on_resolved(const RecipientResolved& e) {
    if (!e.counted) {
        if (e.outcome == Outcome::delivered) {
            notification_latency_.add(e.time - e.injected);  // it reached the originator
        }
        return;
    }
    const std::string host = e.host == no_host ? std::string() : host_names_[e.host];
    switch (e.outcome) {
        case Outcome::delivered:
            ++totals_.delivered;
            latency_.add(e.time - e.injected);
            hops_sum_ += static_cast<std::uint64_t>(e.hops);
            hops_max_ = std::max(hops_max_, static_cast<std::uint64_t>(e.hops));
            break;
        case Outcome::returned:
            ++totals_.returned;
            ++by_[0][e.cause.name()];
            ++by_[1][host];
            break;
        case Outcome::unreturnable:
            ++totals_.unreturnable;
            ++by_[2][e.cause.name()];
            ++by_[3][host];
            break;
        case Outcome::in_flight:
            ++totals_.in_flight;
            break;
    }
}

void RunStatistics::on_counted(const Counted& e) {
    ++tallies_[static_cast<std::size_t>(e.what)];
    if (e.what == Tally::duplicate_delivery) {
        ++hosts_[e.host].duplicates;
    }
    if (e.what == Tally::list_member) {
        ++totals_.recipients;  // a recipient the list added to the mail
    }
}

void RunStatistics::on_queue(const QueueChanged& e) {
    HostStatistics& host = hosts_[e.host];
    host.queued = e.length;
    host.peak_queue = std::max(host.peak_queue, e.length);
}

double RunStatistics::hops_mean() const {
    return latency_.empty()
               ? 0.0
               : static_cast<double>(hops_sum_) / static_cast<double>(latency_.count());
}

std::uint64_t RunStatistics::link_bytes() const {
    std::uint64_t bytes = 0;
    for (const LinkStatistics& link : links_) {
        bytes += link.bytes[0] + link.bytes[1];
    }
    return bytes;
}

std::uint64_t RunStatistics::peak_queue() const {
    std::uint64_t peak = 0;
    for (const HostStatistics& host : hosts_) {
        peak = std::max(peak, host.peak_queue);
    }
    return peak;
}

}  // namespace smtpsim::trace
