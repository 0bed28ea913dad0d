// The summary of a run, from its statistics.
#include "scenario/summary.hpp"

#include <cmath>

#include "core/calendar.hpp"

namespace smtpsim::scenario {
namespace {

using nlohmann::ordered_json;

double round6(double x) {
    return std::round(x * 1e6) / 1e6;
}

double seconds(std::int64_t ns) {
    return round6(static_cast<double>(ns) / 1e9);
}

ordered_json distribution(const core::Summary& s) {
    return ordered_json{{"mean", round6(s.mean() / 1e9)},
                        {"p50", seconds(s.percentile(50))},
                        {"p95", seconds(s.percentile(95))},
                        {"p99", seconds(s.percentile(99))},
                        {"max", seconds(s.max())}};
}

// Adds `key` to `object` without looking for it first: the caller knows the
// keys are distinct (host names, map keys). ordered_json's operator[] looks
// through every key before it, which costs O(hosts^2) on 100,000 hosts.
void append_distinct(ordered_json& object, const std::string& key, ordered_json value) {
    auto& members = object.get_ref<ordered_json::object_t&>();
    using Members = std::vector<std::pair<const std::string, ordered_json>>;
    static_cast<Members&>(members).emplace_back(key, std::move(value));
}

ordered_json counts(const trace::CountsByName& by_name) {
    ordered_json j = ordered_json::object();
    for (const auto& [key, n] : by_name) {
        append_distinct(j, key, n);
    }
    return j;
}

ordered_json hosts_json(const trace::RunStatistics& stats) {
    ordered_json hosts = ordered_json::object();
    for (std::size_t i = 0; i < stats.hosts().size(); ++i) {
        const trace::HostStatistics& h = stats.hosts()[i];
        append_distinct(hosts, stats.host_names()[i],
                        {{"sessions_in", h.sessions_in},
                         {"sessions_out", h.sessions_out},
                         {"commands", h.commands_in},
                         {"bytes_in", h.bytes_in},
                         {"bytes_out", h.bytes_out},
                         {"accepted", h.accepted},
                         {"delivered", h.delivered},
                         {"peak_queue", h.peak_queue},
                         {"duplicates", h.duplicates}});
    }
    return hosts;
}

ordered_json links_json(const trace::RunStatistics& stats) {
    ordered_json links = ordered_json::array();
    for (const trace::LinkStatistics& l : stats.links()) {
        links.push_back({{"a", stats.host_names()[l.a]},
                         {"b", stats.host_names()[l.b]},
                         {"sessions", l.sessions},
                         {"bytes_a_to_b", l.bytes[0]},
                         {"bytes_b_to_a", l.bytes[1]}});
    }
    return links;
}

ordered_json convergence_json(const trace::RoutingStatistics& stats) {
    ordered_json periods = ordered_json::array();
    for (const trace::RoutingStatistics::Period& p : stats.periods()) {
        periods.push_back(
            {{"at_s", round6(p.at.seconds())},
             {"change", p.change},
             {"converged_after_s", round6(p.last_change ? (*p.last_change - p.at).seconds() : 0)},
             {"route_changes", p.route_changes}});
    }
    return periods;
}

}  // namespace

ordered_json routing_summary(const mta::DistanceVectorOptions& options, std::uint32_t hop_limit,
                             const trace::RoutingStatistics& stats) {
    ordered_json j;
    j["update_interval_s"] = round6(options.update_interval.seconds());
    j["triggered_updates"] = options.triggered_updates;
    j["split_horizon"] = std::string(mta::split_horizon_names(options.split_horizon));
    j["infinity"] = options.infinity;
    j["route_timeout_s"] = round6(options.route_timeout.seconds());
    j["hop_limit"] = hop_limit;
    // Not SMTP: these cross the links beside the sessions and are counted apart.
    const trace::RoutingStatistics::UpdateTraffic& updates = stats.updates();
    j["updates"] = {{"sent", updates.sent},
                    {"messages", updates.messages},
                    {"bytes", updates.bytes},
                    {"lost", updates.lost}};
    j["route_changes"] = stats.route_changes();
    j["convergence"] = convergence_json(stats);
    j["hop_limit_refusals"] = stats.hop_limit_refusals();
    return j;
}

ordered_json make_summary(const RunFacts& facts, const trace::RunStatistics& stats) {
    const trace::OutcomeTotals& t = stats.totals();
    ordered_json j;
    j["scenario"] = facts.scenario;
    j["seed"] = facts.seed;
    j["routing"] = std::string(mta::routing_mode_name(facts.config->routing));
    j["start"] = core::format_utc_timestamp(facts.config->epoch_unix);
    j["sim_time_s"] = round6(facts.sim_time.seconds());
    j["events"] = facts.events;
    j["messages"] = {{"injected", t.injected},         {"recipients", t.recipients},
                     {"delivered", t.delivered},       {"returned", t.returned},
                     {"unreturnable", t.unreturnable}, {"in_flight", t.in_flight}};
    j["latency_s"] = distribution(stats.latency());
    j["hops"] = {{"mean", round6(stats.hops_mean())}, {"max", stats.hops_max()}};
    j["sessions"] = stats.sessions();
    j["commands"] = stats.commands();
    j["notifications"] = {{"sent", stats.tally(trace::Tally::notification)},
                          {"latency_s", distribution(stats.notification_latency())}};
    j["returned"] = {{"by_cause", counts(stats.returned_by_cause())},
                     {"by_host", counts(stats.returned_by_host())}};
    j["unreturnable"] = {{"by_cause", counts(stats.unreturnable_by_cause())},
                         {"by_host", counts(stats.unreturnable_by_host())}};
    j["retries"] = stats.tally(trace::Tally::retry);
    j["duplicates"] = stats.tally(trace::Tally::duplicate);
    j["failed_connections"] = stats.failed_connections();
    j["broken_sessions"] = stats.broken_sessions();
    j["reroutes"] = stats.tally(trace::Tally::reroute);
    j["hosts"] = hosts_json(stats);
    j["links"] = links_json(stats);
    return j;
}

}  // namespace smtpsim::scenario
