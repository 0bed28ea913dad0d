// The comparison's own measurements of a run.
#include "compare/probe.hpp"

#include <utility>

namespace smtpsim::compare {

RunProbe::RunProbe(const net::Topology& topology, std::vector<core::Time> within,
                   core::Time sample_every)
    : network_(topology),
      within_(std::move(within)),
      sample_every_(sample_every),
      busy_(2 * network_.link_count(), core::Time::zero()),
      delivered_within_(within_.size(), 0),
      queue_(topology.host_count(), 0) {}

void RunProbe::on_transmission(const trace::Transmission& e) {
    const mta::LinkState& link = network_.link(e.link);
    const std::size_t direction = e.from == link.a ? 0 : 1;
    busy_[2 * e.link + direction] += mta::Network::transmission_time(e.bytes, link.bandwidth);
}

void RunProbe::on_hop(const trace::Hop& e) {
    if (e.kind == trace::HopKind::delivered && e.about == 0) {  // not a notification
        delivered_bytes_ += e.bytes * e.recipients.size();
    }
}

void RunProbe::on_resolved(const trace::RecipientResolved& e) {
    if (!e.counted || e.outcome != trace::Outcome::delivered) {
        return;
    }
    const auto hops = static_cast<std::size_t>(e.hops < 0 ? 0 : e.hops);
    if (hop_counts_.size() <= hops) {
        hop_counts_.resize(hops + 1, 0);
    }
    ++hop_counts_[hops];
    const core::Time latency = e.time - e.injected;
    for (std::size_t i = 0; i < within_.size(); ++i) {
        delivered_within_[i] += latency <= within_[i] ? 1 : 0;
    }
}

void RunProbe::on_queue(const trace::QueueChanged& e) {
    sample_until(e.time);
    queue_[e.host] = static_cast<std::uint32_t>(e.length);
}

void RunProbe::close(core::Time end) {
    sample_until(end);
}

// Records the lengths as they stood at every sample time before `t`.
void RunProbe::sample_until(core::Time t) {
    while (next_sample_ < t) {
        samples_.push_back(queue_);
        next_sample_ += sample_every_;
    }
}

}  // namespace smtpsim::compare
