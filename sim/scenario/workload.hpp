// A scenario's workload running on a simulation: explicit messages submitted
// at their times, and traffic sources that draw each next mail only when the
// previous one is sent, so that memory holds only the mail in flight.
#pragma once

#include <memory>
#include <vector>

#include "core/random.hpp"
#include "mta/simulation.hpp"
#include "scenario/scenario.hpp"

namespace smtpsim::scenario {

class Workload {
  public:
    // All must outlive the workload; the workload must outlive the run.
    Workload(mta::Simulation& sim, core::Scheduler& scheduler, const Scenario& scenario);
    Workload(const Workload&) = delete;
    Workload& operator=(const Workload&) = delete;

    // Schedules the explicit messages and the first mail of each traffic source.
    void start();

  private:
    struct Source {
        const TrafficSpec* spec;
        core::RandomStream random;  // one stream per source: (seed, source name, "traffic")
        std::uint64_t sent;
    };

    void schedule_next(std::size_t index, Time from);
    smtp::Mailbox pick_user(core::RandomStream& random, net::HostId host) const;
    void send(std::size_t index);

    mta::Simulation& sim_;
    core::Scheduler& scheduler_;
    const Scenario& scenario_;
    std::vector<Source> sources_;
    std::uint64_t number_ = 0;
};

// Makes the workload and starts it.
std::unique_ptr<Workload> schedule_workload(mta::Simulation& sim, core::Scheduler& scheduler,
                                            const Scenario& scenario);

}  // namespace smtpsim::scenario
