// Reading a run's folder into a RunModel.
#include "report/run_reader.hpp"

#include <fmt/core.h>

#include "core/calendar.hpp"
#include "core/input_error.hpp"
#include "core/json_input.hpp"
#include "core/plural.hpp"
#include "report/run_builder.hpp"

namespace smtpsim::report {
namespace {

namespace fs = std::filesystem;

nlohmann::json read_summary(const fs::path& dir) {
    const fs::path file = dir / "summary.json";
    nlohmann::json summary = core::parse_json(core::read_text_file(file.string()), file.string());
    if (!summary.is_object()) {
        throw core::InputError(file.string(), "", "expected a JSON object");
    }
    return summary;
}

std::optional<std::int64_t> epoch_of(const nlohmann::json& summary) {
    const auto it = summary.find("start");
    if (it == summary.end() || !it->is_string()) {
        return std::nullopt;
    }
    return core::parse_utc_timestamp(it->get<std::string>());
}

// A first pass over the hop records: where and when the mail and its
// notifications were.
MailSpan find_mail_span(const fs::path& events, RunModel& model, std::uint64_t mail) {
    MailSpan span;
    read_jsonl(events, [&](const Record& record) {
        if (record.text("event") == "hop") {
            note_mail_span(record, model, mail, span);
        }
    });
    if (span.hosts.empty()) {
        throw core::InputError("command line", "--mail",
                               fmt::format("no mail {} in {}", mail, events.string()));
    }
    return span;
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

RunModel read_run(const fs::path& dir, const std::vector<std::string>& hosts,
                  const DetailPolicy& policy) {
    RunModel model;
    for (const auto& name : hosts) {
        model.hosts.intern(name);
    }
    model.summary = read_summary(dir);
    const fs::path events = dir / "events.jsonl";
    model.has_events = fs::is_regular_file(events);
    std::optional<MailSpan> span;
    if (policy.mail && model.has_events) {
        span = find_mail_span(events, model, *policy.mail);
    }
    RunBuilder builder(model, policy, epoch_of(model.summary), span);
    if (model.has_events) {
        read_jsonl(events, [&](const Record& record) { builder.event(record); });
    } else {
        if (fs::is_regular_file(dir / "hops.jsonl")) {
            read_jsonl(dir / "hops.jsonl", [&](const Record& record) { builder.hop(record); });
        }
        if (fs::is_regular_file(dir / "outcomes.jsonl")) {
            read_jsonl(dir / "outcomes.jsonl",
                       [&](const Record& record) { builder.outcome(record); });
        }
    }
    model.detail_rule = describe_detail(model, policy);
    model.focus_mail = policy.mail;
    return model;
}

}  // namespace smtpsim::report
