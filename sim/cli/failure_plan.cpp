// A scenario's failure plan for the report.
#include "cli/failure_plan.hpp"

#include <fmt/core.h>

namespace smtpsim::cli {
namespace {

std::string detail(const mta::FailureSpec& f) {
    using mta::FailureKind;
    switch (f.kind) {
        case FailureKind::host_down:
        case FailureKind::link_down:
        case FailureKind::relay_refused:
            return "";
        case FailureKind::storage_full:
            return f.permanent ? "552, permanent" : "452, transient";
        case FailureKind::unknown_mailbox:
            return "RCPT " + f.mailbox + ": 550";
        case FailureKind::forward:
            return fmt::format("RCPT {}: {} {}", f.mailbox, f.will_forward ? 251 : 551,
                               f.forward_to.format());
        case FailureKind::transient:
            return fmt::format("{} gets {} with probability {}", smtp::verb_name(f.command), f.code,
                               f.probability);
        case FailureKind::drop_connection:
            return fmt::format("after {}, {} session{}", mta::drop_step_name(f.step), f.count,
                               f.count == 1 ? "" : "s");
    }
    return "";
}

}  // namespace

std::vector<report::PlannedFailure> planned_failures(const scenario::Scenario& scenario) {
    std::vector<report::PlannedFailure> plan;
    const net::Topology& topology = *scenario.topology;
    for (const auto& f : scenario.failures) {
        report::PlannedFailure entry;
        entry.kind = std::string(mta::failure_kind_name(f.kind));
        entry.at = f.at;
        entry.duration = f.duration;
        entry.hosts.push_back(topology.name(f.host));
        if (f.kind == mta::FailureKind::link_down) {
            entry.hosts.push_back(topology.name(f.other));
        }
        entry.detail = detail(f);
        plan.push_back(std::move(entry));
    }
    return plan;
}

}  // namespace smtpsim::cli
