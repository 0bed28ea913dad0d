// The run model as columns of JSON.
#include "report/run_json.hpp"

#include <stdexcept>
#include <utility>
#include <vector>

namespace smtpsim::report {
namespace {

using nlohmann::json;

json seconds(Time t) {
    return t.seconds();
}
json seconds(const std::optional<Time>& t) {
    return t ? json(t->seconds()) : json(nullptr);
}

// Rows to columns: one JSON array per field, filled a row at a time.
class Columns {
  public:
    explicit Columns(std::initializer_list<const char*> names)
        : names_(names), arrays_(names.size(), json::array()) {}

    // The next row's values, in the order of the names.
    template <class... Values>
    void row(Values&&... values) {
        if (sizeof...(Values) != names_.size()) {
            throw std::logic_error("a row of the report's data has the wrong number of fields");
        }
        std::size_t i = 0;
        (arrays_[i++].push_back(json(std::forward<Values>(values))), ...);
    }

    json object() && {
        json columns = json::object();
        for (std::size_t i = 0; i < names_.size(); ++i) {
            columns[names_[i]] = std::move(arrays_[i]);
        }
        return columns;
    }

  private:
    std::vector<const char*> names_;
    std::vector<json> arrays_;
};

json sessions_json(const RunModel& model) {
    Columns columns({"id", "client", "server", "open", "close", "reason", "notification", "lines",
                     "worst", "first"});
    std::int64_t next_line = 0;
    for (const auto& s : model.sessions) {
        columns.row(s.id, s.client, s.server, seconds(s.opened), seconds(s.closed), s.reason,
                    s.notification ? 1 : 0, s.line_count,
                    s.worst_reply == 0 ? 0 : s.worst_reply - '0', s.detailed ? next_line : -1);
        next_line += s.detailed ? static_cast<std::int64_t>(s.lines.size()) : 0;
    }
    return std::move(columns).object();
}

// Lines of the detailed sessions, session after session; the arrival, state
// and class only when the trace has them.
json lines_json(const RunModel& model) {
    Columns columns({"side", "t", "text", "arrive", "state", "class"});
    for (const auto& s : model.sessions) {
        for (const auto& line : s.lines) {
            columns.row(line.by_server ? 1 : 0, seconds(line.written), line.text,
                        seconds(line.arrived), line.state, line.reply_class);
        }
    }
    json lines = std::move(columns).object();
    for (const auto& [key, present] :
         {std::pair{"arrive", model.has_arrival}, std::pair{"state", model.has_state},
          std::pair{"class", model.has_class}}) {
        if (!present) {
            lines.erase(key);
        }
    }
    return lines;
}

json stops_json(const RunModel& model) {
    Columns columns({"message", "about", "host", "in", "out", "submitted", "ends", "forward",
                     "reverse", "return", "recipients", "via", "received"});
    for (const auto& s : model.stops) {
        columns.row(s.message, s.about, s.host, seconds(s.arrived), seconds(s.left),
                    s.submitted ? 1 : 0, s.ends, s.forward_paths, s.reverse_path, s.return_path,
                    s.recipients, s.via, s.received);
    }
    return std::move(columns).object();
}

json outcomes_json(const RunModel& model) {
    Columns columns({"t", "recipient", "message", "forward", "outcome", "to", "hops", "host",
                     "code", "reply", "reason", "notification", "route"});
    for (const auto& o : model.outcomes) {
        columns.row(seconds(o.time), o.recipient, o.message, o.forward_path, o.outcome,
                    o.delivered_to, o.hops, o.host, o.reply_code, o.reply_text, o.reason,
                    o.notification, o.notification_route);
    }
    return std::move(columns).object();
}

// Every hop record in the order written: its time, kind and stay.
json hops_json(const RunModel& model) {
    static constexpr const char* kinds[] = {"submitted", "accepted", "relayed", "delivered",
                                            "failed"};
    Columns columns({"t", "kind", "stop"});
    for (const auto& h : model.hop_events) {
        columns.row(seconds(h.time), kinds[static_cast<std::size_t>(h.kind)], h.stop);
    }
    return std::move(columns).object();
}

// routing.jsonl's table changes; null when the run wrote none.
json routing_json(const RunModel& model) {
    if (!model.has_routing) {
        return nullptr;
    }
    Columns columns({"t", "host", "destination", "next_hop", "distance"});
    for (const auto& r : model.routing) {
        columns.row(seconds(r.time), r.host, r.destination, r.next_hop, r.distance);
    }
    return std::move(columns).object();
}

json failures_json(const RunModel& model,
                   const std::optional<std::vector<PlannedFailure>>& failure_plan) {
    json plan = json::array();
    for (const auto& f : failure_plan.value_or(std::vector<PlannedFailure>{})) {
        json hosts = json::array();
        for (const auto& name : f.hosts) {
            const auto index = model.hosts.find(name);
            hosts.push_back(index ? json(*index) : json(nullptr));
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
        {"strings", model.strings.values()},
        {"hosts", model.hosts.values()},
        {"links",
         {{"a", link_ends_a},
          {"b", link_ends_b},
          {"latency", links.latency},
          {"bandwidth", links.bandwidth}}},
        {"sessions", sessions_json(model)},
        {"lines", lines_json(model)},
        {"stops", stops_json(model)},
        {"outcomes", outcomes_json(model)},
        {"hops", hops_json(model)},
        {"routing", routing_json(model)},
        {"failures", failures_json(model, failure_plan)},
        {"detail",
         {{"rule", model.detail_rule},
          {"lines", model.detailed_lines},
          {"total_lines", model.total_lines},
          {"mail", model.focus_mail ? json(*model.focus_mail) : json(nullptr)}}},
        {"trace", {{"events", model.has_events}}},
    };
}

}  // namespace smtpsim::report
