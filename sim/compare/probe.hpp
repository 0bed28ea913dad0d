// What a comparison measures in a run beyond the run statistics: link busy
// time, delivered bytes, hop counts, delivery within deadlines, and each
// host's queue length sampled over time. An observer of the trace events.
#pragma once

#include <cstdint>
#include <vector>

#include "core/time.hpp"
#include "mta/network.hpp"
#include "net/topology.hpp"
#include "trace/trace.hpp"

namespace smtpsim::compare {

class RunProbe : public trace::Observer {
  public:
    // `within`: the deadlines to count delivery within; `sample_every`: the
    // period of the queue samples (positive).
    RunProbe(const net::Topology& topology, std::vector<core::Time> within,
             core::Time sample_every);

    unsigned interests() const override {
        return trace::Interest::transmissions | trace::Interest::hops | trace::Interest::outcomes |
               trace::Interest::tallies;
    }
    void on_transmission(const trace::Transmission& e) override;
    void on_hop(const trace::Hop& e) override;
    void on_resolved(const trace::RecipientResolved& e) override;
    void on_queue(const trace::QueueChanged& e) override;
    // Samples the queues up to `end`, the run's last simulated time.
    void close(core::Time end);

    const mta::Network& network() const { return network_; }
    // Time each link spent sending, per direction: [2 * link] a -> b, [2 * link + 1] b -> a.
    const std::vector<core::Time>& busy() const { return busy_; }
    std::uint64_t delivered_bytes() const { return delivered_bytes_; }
    // Delivered recipients of injected mail by SMTP hops: [h] made h hops.
    const std::vector<std::uint64_t>& hop_counts() const { return hop_counts_; }
    // Recipients of injected mail delivered within each deadline.
    const std::vector<std::uint64_t>& delivered_within() const { return delivered_within_; }
    // Queue length of every host at 0, sample_every, 2 sample_every, ...: [sample][host].
    const std::vector<std::vector<std::uint32_t>>& queue_samples() const { return samples_; }

  private:
    void sample_until(core::Time t);

    mta::Network network_;
    std::vector<core::Time> within_;
    core::Time sample_every_;
    core::Time next_sample_ = core::Time::zero();
    std::vector<core::Time> busy_;
    std::uint64_t delivered_bytes_ = 0;
    std::vector<std::uint64_t> hop_counts_;
    std::vector<std::uint64_t> delivered_within_;
    std::vector<std::uint32_t> queue_;  // per host, now
    std::vector<std::vector<std::uint32_t>> samples_;
};

}  // namespace smtpsim::compare
