// The run model as columns of JSON.
#include "report/run_json.hpp"

namespace smtpsim::report {
namespace {

using nlohmann::json;

json seconds(Time t) {
    return t.seconds();
}
json seconds(const std::optional<Time>& t) {
    return t ? json(t->seconds()) : json(nullptr);
}

json sessions_json(const RunModel& model) {
    json id = json::array(), client = json::array(), server = json::array(), opened = json::array(),
         closed = json::array(), reason = json::array(), notification = json::array(),
         lines = json::array(), worst = json::array(), first = json::array();
    std::int64_t next_line = 0;
    for (const auto& s : model.sessions) {
        id.push_back(s.id);
        client.push_back(s.client);
        server.push_back(s.server);
        opened.push_back(seconds(s.opened));
        closed.push_back(seconds(s.closed));
        reason.push_back(s.reason);
        notification.push_back(s.notification ? 1 : 0);
        lines.push_back(s.line_count);
        worst.push_back(s.worst_reply == 0 ? 0 : s.worst_reply - '0');
        first.push_back(s.detailed ? next_line : -1);
        next_line += s.detailed ? static_cast<std::int64_t>(s.lines.size()) : 0;
    }
    return {{"id", id},
            {"client", client},
            {"server", server},
            {"open", opened},
            {"close", closed},
            {"reason", reason},
            {"notification", notification},
            {"lines", lines},
            {"worst", worst},
            {"first", first}};
}

// Lines of the detailed sessions, session after session.
json lines_json(const RunModel& model) {
    json side = json::array(), written = json::array(), arrived = json::array(),
         text = json::array(), state = json::array(), reply_class = json::array();
    for (const auto& s : model.sessions) {
        for (const auto& line : s.lines) {
            side.push_back(line.by_server ? 1 : 0);
            written.push_back(seconds(line.written));
            text.push_back(line.text);
            if (model.has_arrival) {
                arrived.push_back(seconds(line.arrived));
            }
            if (model.has_state) {
                state.push_back(line.state);
            }
            if (model.has_class) {
                reply_class.push_back(line.reply_class);
            }
        }
    }
    json lines = {{"side", side}, {"t", written}, {"text", text}};
    if (model.has_arrival) {
        lines["arrive"] = arrived;
    }
    if (model.has_state) {
        lines["state"] = state;
    }
    if (model.has_class) {
        lines["class"] = reply_class;
    }
    return lines;
}

json stops_json(const RunModel& model) {
    json message = json::array(), about = json::array(), host = json::array(),
         arrived = json::array(), left = json::array(), submitted = json::array(),
         ends = json::array(), forward = json::array(), reverse = json::array(),
         return_path = json::array(), recipients = json::array(), via = json::array(),
         received = json::array();
    for (const auto& s : model.stops) {
        message.push_back(s.message);
        about.push_back(s.about);
        host.push_back(s.host);
        arrived.push_back(seconds(s.arrived));
        left.push_back(seconds(s.left));
        submitted.push_back(s.submitted ? 1 : 0);
        ends.push_back(s.ends);
        forward.push_back(s.forward_paths);
        reverse.push_back(s.reverse_path);
        return_path.push_back(s.return_path);
        recipients.push_back(s.recipients);
        via.push_back(s.via);
        received.push_back(s.received);
    }
    return {{"message", message},
            {"about", about},
            {"host", host},
            {"in", arrived},
            {"out", left},
            {"submitted", submitted},
            {"ends", ends},
            {"forward", forward},
            {"reverse", reverse},
            {"return", return_path},
            {"recipients", recipients},
            {"via", via},
            {"received", received}};
}

json outcomes_json(const RunModel& model) {
    json t = json::array(), recipient = json::array(), message = json::array(),
         forward = json::array(), outcome = json::array(), hops = json::array(),
         host = json::array(), code = json::array(), reply = json::array(), reason = json::array(),
         notification = json::array(), route = json::array();
    for (const auto& o : model.outcomes) {
        t.push_back(seconds(o.time));
        recipient.push_back(o.recipient);
        message.push_back(o.message);
        forward.push_back(o.forward_path);
        outcome.push_back(o.outcome);
        hops.push_back(o.hops);
        host.push_back(o.host);
        code.push_back(o.reply_code);
        reply.push_back(o.reply_text);
        reason.push_back(o.reason);
        notification.push_back(o.notification);
        route.push_back(o.notification_route);
    }
    return {{"t", t},
            {"recipient", recipient},
            {"message", message},
            {"forward", forward},
            {"outcome", outcome},
            {"hops", hops},
            {"host", host},
            {"code", code},
            {"reply", reply},
            {"reason", reason},
            {"notification", notification},
            {"route", route}};
}

json failures_json(const RunModel& model,
                   const std::optional<std::vector<PlannedFailure>>& failure_plan) {
    json plan = json::array();
    for (const auto& f : failure_plan.value_or(std::vector<PlannedFailure>{})) {
        json hosts = json::array();
        for (const auto& name : f.hosts) {
            const auto it = model.host_index.find(name);
            hosts.push_back(it == model.host_index.end() ? json(nullptr) : json(it->second));
        }
        plan.push_back({{"kind", f.kind},
                        {"at", seconds(f.at)},
                        {"for", f.duration ? seconds(*f.duration) : json(nullptr)},
                        {"hosts", hosts},
                        {"detail", f.detail}});
    }
    return {{"known", failure_plan.has_value()}, {"plan", plan}};
}

}  // namespace

nlohmann::json run_data(const RunModel& model, const TopologyLinks& links,
                        const std::optional<std::vector<PlannedFailure>>& failure_plan) {
    json link_ends_a = json::array(), link_ends_b = json::array();
    for (const auto& [a, b] : links.ends) {
        link_ends_a.push_back(a);
        link_ends_b.push_back(b);
    }
    return {
        {"format", 1},
        {"summary", model.summary},
        {"strings", model.strings.strings()},
        {"hosts", model.hosts},
        {"links",
         {{"a", link_ends_a},
          {"b", link_ends_b},
          {"latency", links.latency},
          {"bandwidth", links.bandwidth}}},
        {"sessions", sessions_json(model)},
        {"lines", lines_json(model)},
        {"stops", stops_json(model)},
        {"outcomes", outcomes_json(model)},
        {"failures", failures_json(model, failure_plan)},
        {"detail",
         {{"rule", model.detail_rule},
          {"lines", model.detailed_lines},
          {"total_lines", model.total_lines}}},
        {"trace", {{"events", model.has_events}}},
    };
}

}  // namespace smtpsim::report
