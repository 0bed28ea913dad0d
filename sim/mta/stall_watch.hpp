// What a run that cannot progress is doing: watches the trace events of a
// few thousand events at the instant where too many ran, and says which
// kinds of event, at which hosts, came most often.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "net/topology.hpp"
#include "trace/trace.hpp"

namespace smtpsim::mta {

class StallWatch final : public trace::Observer {
  public:
    explicit StallWatch(const net::Topology& topology) : topology_(topology) {}

    unsigned interests() const override { return trace::sessions | trace::hops | trace::tallies; }
    void on_session_opened(const trace::SessionOpened& e) override;
    void on_session_closed(const trace::SessionClosed& e) override;
    void on_hop(const trace::Hop& e) override;
    void on_counted(const trace::Counted& e) override;

    // "sessions B -> D closed (timed_out) (1000 times), retry at B (1000 times)";
    // the three seen most often, or a sentence saying nothing was seen.
    std::string describe() const;

  private:
    std::string host_name(trace::HostIndex host) const;
    void seen(std::string what) { ++counts_[std::move(what)]; }

    const net::Topology& topology_;
    std::map<std::string, std::uint64_t> counts_;
};

}  // namespace smtpsim::mta
