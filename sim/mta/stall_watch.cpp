#include "mta/stall_watch.hpp"

#include <algorithm>
#include <vector>

namespace smtpsim::mta {

std::string StallWatch::host_name(trace::HostIndex host) const {
    return host == trace::no_host ? std::string("no host") : topology_.name(host);
}

void StallWatch::on_session_opened(const trace::SessionOpened& e) {
    seen("sessions " + host_name(e.client) + " -> " + host_name(e.server) + " opened");
}

void StallWatch::on_session_closed(const trace::SessionClosed& e) {
    seen("sessions " + host_name(e.client) + " -> " + host_name(e.server) + " closed (" +
         std::string(trace::close_reason_names(e.reason)) + ")");
}

void StallWatch::on_hop(const trace::Hop& e) {
    seen("mail " + std::string(trace::hop_kind_name(e.kind)) + " at " + host_name(e.host));
}

void StallWatch::on_counted(const trace::Counted& e) {
    std::string what(trace::tally_names(e.what));
    if (e.host != trace::no_host) {
        what += " at " + host_name(e.host);
    }
    seen(std::move(what));
}

std::string StallWatch::describe() const {
    if (counts_.empty()) {
        return "events that write no trace (no session, hop or count)";
    }
    std::vector<std::pair<std::string, std::uint64_t>> most(counts_.begin(), counts_.end());
    // Most often first; equal counts by name, so that the message is the same on every run.
    std::stable_sort(most.begin(), most.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string text;
    for (std::size_t i = 0; i < most.size() && i < 3; ++i) {
        text += (i == 0 ? "" : ", ") + most[i].first + " (" + std::to_string(most[i].second) +
                (most[i].second == 1 ? " time)" : " times)");
    }
    return text;
}

}  // namespace smtpsim::mta
