// Reading a run's folder into a RunModel.
#include "report/run_reader.hpp"

#include <fmt/core.h>

#include "core/calendar.hpp"
#include "core/input_error.hpp"
#include "core/json_input.hpp"
#include "core/json_lines.hpp"
#include "core/plural.hpp"
#include "core/suggest.hpp"
#include "report/run_builder.hpp"
#include "report/run_size.hpp"

namespace smtpsim::report {
namespace {

namespace fs = std::filesystem;

std::optional<std::int64_t> epoch_of(const nlohmann::json& summary) {
    const auto it = summary.find("start");
    if (it == summary.end() || !it->is_string()) {
        return std::nullopt;
    }
    return core::parse_utc_timestamp(it->get<std::string>());
}

// A first pass over the hop records (of events.jsonl, else of hops.jsonl):
// where and when the mail and its notifications were.
MailSpan find_mail_span(const fs::path& trace, bool events, RunModel& model, std::uint64_t mail) {
    MailSpan span;
    if (events || core::input_file_present(trace.string(), "a run's hops.jsonl")) {
        read_jsonl(trace, [&](const Record& record) {
            if (!events || record.text("event") == "hop") {
                note_mail_span(record, model, mail, span);
            }
        });
    }
    if (span.hosts.empty()) {
        throw core::InputError("command line", "--mail",
                               fmt::format("no mail {} in {}", mail, trace.string()));
    }
    return span;
}

// --host must name a host of the run's topology (it may have had no session).
void check_host(const RunModel& model, const DetailPolicy& policy, const fs::path& dir) {
    if (!policy.host || model.hosts.find(*policy.host)) {
        return;
    }
    std::vector<std::string_view> names(model.hosts.values().begin(), model.hosts.values().end());
    const auto closest = core::nearest(*policy.host, names);
    throw core::InputError(
        "command line", "--host",
        fmt::format("no host \"{}\" in the run's topology {}{}", *policy.host,
                    (dir / "topology.dot").string(),
                    closest ? fmt::format(" (did you mean {}?)", *closest) : std::string()));
}

std::string describe_detail(const RunModel& model, const DetailPolicy& policy) {
    std::uint64_t detailed = 0;
    for (const auto& session : model.sessions) {
        detailed += session.detailed ? 1 : 0;
    }
    if (detailed == model.sessions.size()) {
        return "every session";
    }
    std::string rule =
        fmt::format("{} of the {}", detailed, core::count_of(model.sessions.size(), "session"));
    if (policy.mail) {
        rule +=
            fmt::format(", those that may have carried mail {} or its notifications", *policy.mail);
    }
    if (policy.host) {
        rule += fmt::format(", those of {}", *policy.host);
    }
    if (policy.from || policy.to) {
        rule += fmt::format(", those opened from {}s to {}s",
                            policy.from ? policy.from->seconds() : 0.0,
                            policy.to ? fmt::format("{}", policy.to->seconds()) : "the end");
    }
    return rule +
           fmt::format(", the first in time up to {}", core::count_of(policy.max_lines, "line"));
}

}  // namespace

nlohmann::json read_summary(const fs::path& dir) {
    const std::string file = (dir / "summary.json").string();
    nlohmann::json summary =
        core::parse_json(core::read_text_file(file, "a run's summary.json"), file);
    if (!summary.is_object()) {
        throw core::InputError(file, "", "expected a JSON object");
    }
    return summary;
}

RunModel read_run(const fs::path& dir, const std::vector<std::string>& hosts,
                  const DetailPolicy& policy) {
    RunModel model;
    for (const auto& name : hosts) {
        model.hosts.intern(name);
    }
    check_host(model, policy, dir);
    model.summary = read_summary(dir);
    const fs::path events = dir / "events.jsonl";
    model.has_events = core::input_file_present(events.string(), "a run's events.jsonl");
    // Counted before any is parsed: a report's time and memory grow with them.
    if (model.has_events) {
        check_trace_size({events});
    } else {
        check_trace_size({dir / "hops.jsonl", dir / "outcomes.jsonl"});
    }
    std::optional<MailSpan> span;
    if (policy.mail) {
        span = find_mail_span(model.has_events ? events : dir / "hops.jsonl", model.has_events,
                              model, *policy.mail);
    }
    RunBuilder builder(model, policy, epoch_of(model.summary), span);
    if (model.has_events) {
        read_jsonl(events, [&](const Record& record) { builder.event(record); });
    } else {
        if (core::input_file_present((dir / "hops.jsonl").string(), "a run's hops.jsonl")) {
            read_jsonl(dir / "hops.jsonl", [&](const Record& record) { builder.hop(record); });
        }
        if (core::input_file_present((dir / "outcomes.jsonl").string(), "a run's outcomes.jsonl")) {
            read_jsonl(dir / "outcomes.jsonl",
                       [&](const Record& record) { builder.outcome(record); });
        }
    }
    const fs::path routing = dir / "routing.jsonl";
    model.has_routing = core::input_file_present(routing.string(), "a run's routing.jsonl");
    if (model.has_routing) {
        read_jsonl(routing, [&](const Record& record) { builder.routing(record); });
    }
    model.detail_rule = describe_detail(model, policy);
    model.focus_mail = policy.mail;
    return model;
}

}  // namespace smtpsim::report
