// The scenario loader: every error names the file, the JSON pointer and what
// was expected. This file reads the top level, the policies and the values
// every part shares; workload_reader.cpp and failure_reader.cpp the rest.
#include "scenario/scenario.hpp"

#include <array>
#include <filesystem>
#include <unordered_set>

#include "core/ascii.hpp"
#include "core/calendar.hpp"
#include "net/topology_io.hpp"
#include "net/units.hpp"
#include "scenario/loader.hpp"
#include "smtp/command.hpp"

namespace smtpsim::scenario {
namespace detail {

using core::JsonReader;
using core::JsonWhere;
using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 20> top_fields{"$schema",
                                                      "name",
                                                      "description",
                                                      "topology",
                                                      "seed",
                                                      "routing",
                                                      "metric",
                                                      "start",
                                                      "stop",
                                                      "retry",
                                                      "host_retry",
                                                      "keep_mail_text",
                                                      "messages",
                                                      "traffic",
                                                      "failures",
                                                      "reroute_after",
                                                      "connect_timeout",
                                                      "distance_vector",
                                                      "hop_limit",
                                                      "timeouts"};
// RFC 1123 5.3.2's names for the SMTP timeouts.
constexpr std::array<std::string_view, 7> timeout_fields{
    "greeting", "mail", "rcpt", "data_initiation", "data_block", "data_termination", "server"};
constexpr std::array<std::string_view, 4> retry_fields{"first", "backoff", "max", "lifetime"};
constexpr std::array<std::string_view, 5> distance_vector_fields{
    "update_interval", "triggered_updates", "split_horizon", "infinity", "route_timeout"};

const std::string limit_text = core::format_duration(time_limit);

}  // namespace

Scenario Loader::load(const json& doc) {
    in_.check_object(doc, JsonWhere{}, top_fields, "a scenario");
    Scenario s;
    s.file = in_.source();
    read_header(doc, s);
    read_choices(doc, s);
    read_policies(doc, s);
    read_routing_protocol(doc, s);
    read_workload(doc, s);
    read_failures(doc, s);
    return s;
}

void Loader::read_header(const json& doc, Scenario& s) const {
    const JsonWhere root;
    s.name =
        in_.string_value(in_.require(doc, root, "name", "the scenario's name"), root.field("name"));
    check_name(s.name, root.field("name"));
    if (const json* d = JsonReader::find(doc, "description")) {
        s.description = in_.string_value(*d, root.field("description"));
    }
    read_topology(in_.require(doc, root, "topology", "a topology file or an inline topology"),
                  root.field("topology"), s);
    if (const json* seed = JsonReader::find(doc, "seed")) {
        s.seed = in_.count_value(*seed, root.field("seed"), 0, UINT64_MAX);
    }
    if (const json* start = JsonReader::find(doc, "start")) {
        const std::string text = in_.string_value(*start, root.field("start"));
        const auto unix = core::parse_utc_timestamp(text);
        if (!unix) {
            in_.fail(root.field("start"),
                     "expected a UTC date and time such as \"1982-08-01T00:00:00Z\", found \"" +
                         text + "\"");
        }
        s.config.epoch_unix = *unix;
    }
    if (const json* stop = JsonReader::find(doc, "stop")) {
        s.config.stop = duration(*stop, root.field("stop"), true);
    }
}

void Loader::read_choices(const json& doc, Scenario& s) const {
    const JsonWhere root;
    if (const json* routing = JsonReader::find(doc, "routing")) {
        s.config.routing =
            choice(*routing, root.field("routing"), mta::parse_routing_mode, "routing mode",
                   "as-written, source, next-hop or distance-vector");
    }
    if (const json* metric = JsonReader::find(doc, "metric")) {
        s.config.metric =
            choice(*metric, root.field("metric"), net::parse_metric, "metric", "hops or latency");
    }
    if (const json* keep = JsonReader::find(doc, "keep_mail_text")) {
        s.config.keep_mail_text = in_.bool_value(*keep, root.field("keep_mail_text"));
    }
}

void Loader::read_policies(const json& doc, Scenario& s) const {
    const JsonWhere root;
    if (const json* retry = JsonReader::find(doc, "retry")) {
        read_retry(*retry, root.field("retry"), s.config.retry);
    }
    if (const json* host_retry = JsonReader::find(doc, "host_retry")) {
        read_host_retry(*host_retry, root.field("host_retry"), s);
    }
    if (const json* v = JsonReader::find(doc, "reroute_after")) {
        s.config.reroute_after = interval(*v, root.field("reroute_after"), "reroute_after");
    }
    if (const json* v = JsonReader::find(doc, "connect_timeout")) {
        s.config.connect_timeout = interval(*v, root.field("connect_timeout"), "timeout");
    }
    if (const json* v = JsonReader::find(doc, "timeouts")) {
        read_timeouts(*v, root.field("timeouts"), s.config.timeouts);
    }
}

void Loader::read_timeouts(const json& j, const JsonWhere& where, mta::SmtpTimeouts& t) const {
    in_.check_object(j, where, timeout_fields, "the SMTP timeouts");
    core::Time* const slots[] = {&t.greeting,        &t.mail,       &t.rcpt,
                                 &t.data_initiation, &t.data_block, &t.data_termination,
                                 &t.server};
    for (std::size_t i = 0; i < timeout_fields.size(); ++i) {
        const std::string field(timeout_fields[i]);
        if (const json* v = JsonReader::find(j, field)) {
            *slots[i] = interval(*v, where.field(field), "timeout");
        }
    }
}

void Loader::read_host_retry(const json& j, const JsonWhere& where, Scenario& s) const {
    if (!j.is_object()) {
        in_.fail(where, "expected an object of host names to retry policies, found " +
                            core::json_type_name(j));
    }
    std::unordered_set<net::HostId> seen;
    for (const auto& [name, policy] : j.items()) {
        const auto host = s.topology->find_host(name);
        if (!host) {
            in_.fail(where.field(name), "no host " + name + " in the topology");
        }
        if (!seen.insert(*host).second) {
            in_.fail(where.field(name), "host " + s.topology->name(*host) +
                                            " has a retry policy already (host names are "
                                            "case-insensitive); give it once");
        }
        mta::RetryPolicy retry = s.config.retry;
        read_retry(policy, where.field(name), retry);
        s.config.host_retry[*host] = retry;
    }
}

void Loader::read_routing_protocol(const json& doc, Scenario& s) const {
    const JsonWhere root;
    if (const json* limit = JsonReader::find(doc, "hop_limit")) {
        s.config.hop_limit =
            static_cast<std::uint32_t>(in_.count_value(*limit, root.field("hop_limit"), 1, 10'000));
    }
    const json* j = JsonReader::find(doc, "distance_vector");
    if (j == nullptr) {
        return;
    }
    const JsonWhere where = root.field("distance_vector");
    in_.check_object(*j, where, distance_vector_fields, "the distance-vector options");
    mta::DistanceVectorOptions& o = s.config.distance_vector;
    if (const json* v = JsonReader::find(*j, "update_interval")) {
        o.update_interval = duration(*v, where.field("update_interval"), true);
    }
    if (const json* v = JsonReader::find(*j, "triggered_updates")) {
        o.triggered_updates = in_.bool_value(*v, where.field("triggered_updates"));
    }
    if (const json* v = JsonReader::find(*j, "split_horizon")) {
        o.split_horizon = choice(
            *v, where.field("split_horizon"),
            [](std::string_view text) { return mta::split_horizon_names.parse(text); },
            "split horizon", "none, simple or poisoned-reverse");
    }
    if (const json* v = JsonReader::find(*j, "infinity")) {
        o.infinity =
            static_cast<std::uint32_t>(in_.count_value(*v, where.field("infinity"), 2, 1'000'000));
    }
    if (const json* v = JsonReader::find(*j, "route_timeout")) {
        o.route_timeout = duration(*v, where.field("route_timeout"), true);
    }
    check_distance_vector_timers(*j, where, o);
}

void Loader::check_distance_vector_timers(const json& j, const JsonWhere& where,
                                          const mta::DistanceVectorOptions& o) const {
    // Each periodic update costs every host work and a message per
    // neighbour: below the floor a run does nothing but exchange tables.
    const std::string floor = core::format_duration(min_update_interval);
    if (o.update_interval < min_update_interval) {
        in_.fail(where.field("update_interval"), "\"" + j["update_interval"].get<std::string>() +
                                                     "\" is shorter than " + floor +
                                                     ", the shortest update interval");
    }
    // A route lives at least one interval (it could not be refreshed
    // sooner), and its timeout stamp counts intervals in 32 bits.
    const bool given = j.contains("route_timeout");
    const JsonWhere at = where.field(given ? "route_timeout" : "update_interval");
    const std::string timeout =
        given ? "\"" + j["route_timeout"].get<std::string>() + "\""
              : "the default route_timeout (" + core::format_duration(o.route_timeout) + ")";
    if (o.route_timeout < o.update_interval) {
        in_.fail(at, timeout + " is shorter than update_interval (" +
                         core::format_duration(o.update_interval) +
                         "); a route must live at least one interval");
    }
    if (o.route_timeout.count_ns() / o.update_interval.count_ns() > max_timeout_intervals) {
        in_.fail(at, timeout + " is more than 1,000,000,000 update intervals (" +
                         core::format_duration(o.update_interval) + ")");
    }
}

void Loader::check_name(const std::string& name, const JsonWhere& where) const {
    // The name becomes a folder under results/.
    const bool ok = !name.empty() && name.size() <= 100 && name != "." && name != ".." &&
                    name.find_first_not_of(
                        "abcdefghijklmnopqrstuvwxyz"
                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == std::string::npos;
    if (!ok) {
        in_.fail(where,
                 "expected a name of letters, digits, '-', '_' and '.' (it names the output "
                 "folder), found \"" +
                     name + "\"");
    }
}

void Loader::read_topology(const json& j, const JsonWhere& where, Scenario& s) const {
    if (replacement_) {
        s.topology = replacement_;
        return;
    }
    if (j.is_string()) {
        std::filesystem::path path = j.get<std::string>();
        if (path.is_relative()) {
            path = std::filesystem::path(base_dir_) / path;
        }
        s.topology_file = path.lexically_normal().string();
        try {
            s.topology = std::make_shared<net::Topology>(net::load_topology(s.topology_file));
        } catch (const core::InputError& e) {
            // Say which scenario field led there, then what is wrong in the topology.
            in_.fail(where, std::string("the topology does not load: ") + e.what());
        }
        return;
    }
    if (j.is_object()) {
        s.topology = std::make_shared<net::Topology>(
            net::parse_topology_json(j.dump(), in_.source() + " " + where.pointer()));
        return;
    }
    in_.fail(where, "expected a topology file name or an inline topology object, found " +
                        core::json_type_name(j));
}

void Loader::read_retry(const json& j, const JsonWhere& where, mta::RetryPolicy& retry) const {
    in_.check_object(j, where, retry_fields, "the retry policy");
    if (const json* v = JsonReader::find(j, "first")) {
        retry.first_interval = interval(*v, where.field("first"), "retry interval");
    }
    if (const json* v = JsonReader::find(j, "backoff")) {
        retry.backoff = in_.number_value(*v, where.field("backoff"));
        if (!(retry.backoff >= 1.0 && retry.backoff <= 100.0)) {
            in_.fail(where.field("backoff"), "expected a factor from 1 to 100");
        }
    }
    if (const json* v = JsonReader::find(j, "max")) {
        retry.max_interval = interval(*v, where.field("max"), "retry interval");
    }
    if (const json* v = JsonReader::find(j, "lifetime")) {
        retry.lifetime = duration(*v, where.field("lifetime"), true);
    }
    if (retry.max_interval < retry.first_interval) {
        in_.fail(where, "the maximum interval is shorter than the first");
    }
    // A mail's last attempt can come a whole interval after its lifetime ends.
    sum(retry.lifetime, retry.max_interval,
        JsonReader::find(j, "lifetime") != nullptr ? where.field("lifetime") : where,
        "a mail's last attempt (lifetime + max interval)");
}

Time Loader::duration(const json& j, const JsonWhere& where, bool positive) const {
    const Time t = in_.duration_value(j, where, positive);
    if (t > time_limit) {
        in_.fail(where, "\"" + j.get<std::string>() + "\" is beyond " + limit_text +
                            ", the latest time a scenario may use");
    }
    return t;
}

Time Loader::interval(const json& j, const JsonWhere& where, std::string_view what) const {
    const Time t = duration(j, where, true);
    if (t < min_interval) {
        in_.fail(where, "\"" + j.get<std::string>() + "\" is shorter than " +
                            core::format_duration(min_interval) + ", the shortest " +
                            std::string(what) +
                            " a scenario may give (a shorter one paces no SMTP exchange, and "
                            "only makes the run repeat itself)");
    }
    return t;
}

Time Loader::sum(Time a, Time b, const JsonWhere& where, std::string_view what) const {
    const auto total = Time::checked_add(a, b);
    if (!total || *total > time_limit) {
        in_.fail(where, std::string(what) + " comes after " + limit_text +
                            ", the latest time a scenario may use");
    }
    return *total;
}

net::HostId Loader::host(const json& j, const JsonWhere& where,
                         const net::Topology& topology) const {
    const std::string name = in_.string_value(j, where);
    const auto id = topology.find_host(name);
    if (!id) {
        in_.fail(where, "no host " + name + " in the topology");
    }
    return *id;
}

smtp::Path Loader::path(const json& j, const JsonWhere& where) const {
    std::string text = in_.string_value(j, where);
    if (text.empty() || text.front() != '<') {
        text = "<" + text + ">";
    }
    auto parsed = smtp::parse_path(text);
    if (!parsed) {
        in_.fail(where,
                 "not an RFC 821 path: " + parsed.error().message() + " in \"" + text + "\"");
    }
    return std::move(parsed).value();
}

smtp::Mode Loader::mode(const json& j, const JsonWhere& where) const {
    const std::string text = in_.string_value(j, where);
    const auto verb = smtp::parse_verb(text);
    const auto m = verb ? smtp::verb_mode(*verb) : std::nullopt;
    if (!m) {
        in_.fail(where, "expected MAIL, SEND, SOML or SAML, found \"" + text + "\"");
    }
    return *m;
}

}  // namespace detail

Scenario parse_scenario(std::string_view text, const std::string& source,
                        const std::string& base_dir,
                        std::shared_ptr<const net::Topology> topology) {
    const nlohmann::json doc = core::parse_json(text, source);
    return detail::Loader(source, base_dir, std::move(topology)).load(doc);
}

Scenario load_scenario(const std::string& path, std::shared_ptr<const net::Topology> topology) {
    const std::string text = core::read_text_file(path);
    const std::string base = std::filesystem::path(path).parent_path().string();
    return parse_scenario(text, path, base.empty() ? "." : base, std::move(topology));
}

}  // namespace smtpsim::scenario
