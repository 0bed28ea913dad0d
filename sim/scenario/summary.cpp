// The summary of a run, from its statistics.
#include "scenario/summary.hpp"

#include <cassert>
#include <cmath>
#include <initializer_list>

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

// An object of distinct keys, built in place: an initializer list of
// key-value pairs copies every value twice, which is most of the cost of a
// summary on 100,000 hosts and 196,000 links.
template <class... Values>
ordered_json fields(std::initializer_list<const char*> keys, const Values&... values) {
    ordered_json object = ordered_json::object();
    auto& members = object.get_ref<ordered_json::object_t&>();
    assert(keys.size() == sizeof...(Values));
    members.reserve(keys.size());
    const char* const* key = keys.begin();
    (append_distinct(object, *key++, values), ...);
    return object;
}

ordered_json hosts_json(const trace::RunStatistics& stats) {
    ordered_json hosts = ordered_json::object();
    hosts.get_ref<ordered_json::object_t&>().reserve(stats.hosts().size());
    for (std::size_t i = 0; i < stats.hosts().size(); ++i) {
        const trace::HostStatistics& h = stats.hosts()[i];
        append_distinct(hosts, stats.host_names()[i],
                        fields({"sessions_in", "sessions_out", "commands", "bytes_in", "bytes_out",
                                "accepted", "delivered", "peak_queue", "duplicates"},
                               h.sessions_in, h.sessions_out, h.commands_in, h.bytes_in,
                               h.bytes_out, h.accepted, h.delivered, h.peak_queue, h.duplicates));
    }
    return hosts;
}

ordered_json links_json(const trace::RunStatistics& stats) {
    ordered_json links = ordered_json::array();
    links.get_ref<ordered_json::array_t&>().reserve(stats.links().size());
    for (const trace::LinkStatistics& l : stats.links()) {
        links.push_back(fields({"a", "b", "sessions", "bytes_a_to_b", "bytes_b_to_a"},
                               stats.host_names()[l.a], stats.host_names()[l.b], l.sessions,
                               l.bytes[0], l.bytes[1]));
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
    j["lists"] = {{"copies", stats.tally(trace::Tally::list_member)},
                  {"loops", stats.tally(trace::Tally::list_loop)},
                  {"over_limit", stats.tally(trace::Tally::list_limit)}};
    j["failed_connections"] = stats.failed_connections();
    j["broken_sessions"] = stats.broken_sessions();
    j["reroutes"] = stats.tally(trace::Tally::reroute);
    j["hosts"] = hosts_json(stats);
    j["links"] = links_json(stats);
    return j;
}

}  // namespace smtpsim::scenario
