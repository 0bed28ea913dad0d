// A run model from the records of a run's trace.
#include "report/run_builder.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "core/ascii.hpp"
#include "core/calendar.hpp"

namespace smtpsim::report {
namespace {

// A command whose reverse-path is null: a notification (RFC 821 3.6).
bool is_null_reverse_path(std::string_view command) {
    return command.size() >= 12 && core::istarts_with(command.substr(4), " FROM:<>");
}

bool is_positive(std::string_view reply) {
    return !reply.empty() && reply[0] <= '3';
}

}  // namespace

RunBuilder::RunBuilder(RunModel& model, DetailPolicy policy, std::optional<std::int64_t> epoch_unix,
                       std::optional<MailSpan> mail_span)
    : model_(model),
      policy_(std::move(policy)),
      epoch_unix_(epoch_unix),
      mail_span_(std::move(mail_span)) {
    if (policy_.host) {
        focus_host_ = model_.hosts.intern(*policy_.host);
    }
}

void RunBuilder::event(const Record& record) {
    const std::string_view kind = record.text("event");
    if (kind == "line") {
        line(record);
    } else if (kind == "session_opened") {
        session_opened(record);
    } else if (kind == "session_closed") {
        session_closed(record);
    } else if (kind == "hop") {
        hop(record);
    } else if (kind == "outcome") {
        outcome(record);
    }
}

bool RunBuilder::wants_detail(const SessionRow& session) const {
    if (model_.detailed_lines >= policy_.max_lines) {
        return false;
    }
    if (focus_host_ && session.client != *focus_host_ && session.server != *focus_host_) {
        return false;
    }
    if ((policy_.from && session.opened < *policy_.from) ||
        (policy_.to && session.opened > *policy_.to)) {
        return false;
    }
    if (mail_span_) {
        const auto& hosts = mail_span_->hosts;
        return hosts.contains(session.client) && hosts.contains(session.server) &&
               session.opened >= mail_span_->first && session.opened <= mail_span_->last;
    }
    return true;
}

void RunBuilder::session_opened(const Record& record) {
    SessionRow session;
    session.id = record.count("session");
    session.client = model_.hosts.intern(record.text("client"));
    session.server = model_.hosts.intern(record.text("server"));
    session.opened = record.time("t");
    session.detailed = wants_detail(session);
    if (!session_by_id_.try_emplace(session.id, model_.sessions.size()).second) {
        record.fail(fmt::format("session {} is opened a second time", session.id));
    }
    model_.sessions.push_back(std::move(session));
    states_.emplace_back();
}

std::size_t RunBuilder::session_index(const Record& record) const {
    const std::uint64_t id = record.count("session");
    const auto it = session_by_id_.find(id);
    if (it == session_by_id_.end()) {
        record.fail(fmt::format("session {} was not opened before this line", id));
    }
    return it->second;
}

void RunBuilder::line(const Record& record) {
    const std::size_t index = session_index(record);
    const std::string_view side = record.text("side");
    if (side != "client" && side != "server") {
        record.fail("\"side\": expected \"client\" or \"server\"");
    }
    const bool by_server = side == "server";
    const std::string_view text = record.text("text");
    SessionRow& session = model_.sessions[index];
    ++session.line_count;
    ++model_.total_lines;
    if (by_server) {
        note_reply(index, text);
    } else {
        note_client_line(index, text);
    }
    if (!session.detailed) {
        return;
    }
    LineRow row{record.time("t"), record.optional_time("arrive"), by_server,
                model_.strings.intern(text)};
    if (const auto state = record.optional_text("state")) {
        row.state = model_.strings.intern(*state);
        model_.has_state = true;
    }
    if (const auto reply_class = record.optional_text("class")) {
        row.reply_class = model_.strings.intern(*reply_class);
        model_.has_class = true;
    }
    model_.has_arrival = model_.has_arrival || row.arrived.has_value();
    session.lines.push_back(row);
    ++model_.detailed_lines;
}

void RunBuilder::note_client_line(std::size_t index, std::string_view text) {
    SessionRow& session = model_.sessions[index];
    SessionState& state = states_[index];
    if (state.in_data) {
        if (text == ".") {  // RFC 821 4.1.1: the end of the mail data
            state.in_data = false;
            awaiting_acceptance_[data_receiver(index)].push_back(index);
        }
        return;
    }
    state.turn_asked = core::iequals(text, "TURN");
    session.notification = session.notification || is_null_reverse_path(text);
}

void RunBuilder::note_reply(std::size_t index, std::string_view text) {
    SessionRow& session = model_.sessions[index];
    if (!text.empty() && text[0] >= '1' && text[0] <= '5') {
        session.worst_reply = std::max(session.worst_reply, text[0]);
    }
    SessionState& state = states_[index];
    state.in_data = text.starts_with("354");
    if (state.turn_asked && text.starts_with("250")) {
        state.turned = !state.turned;  // RFC 821 4.1.1 TURN: the receiver becomes the sender
    }
    state.turn_asked = false;
    if (!is_positive(text)) {
        // A refused mail text was not accepted: the session brought no mail.
        auto& waiting = awaiting_acceptance_[data_receiver(index)];
        waiting.erase(std::remove(waiting.begin(), waiting.end(), index), waiting.end());
    }
}

// The host that reads the sender's lines: the server, or after a TURN the client.
std::uint32_t RunBuilder::data_receiver(std::size_t index) const {
    const SessionRow& session = model_.sessions[index];
    return states_[index].turned ? session.client : session.server;
}

void RunBuilder::session_closed(const Record& record) {
    SessionRow& session = model_.sessions[session_index(record)];
    session.closed = record.time("t");
    session.reason = model_.strings.intern(record.text("reason"));
}

void RunBuilder::hop(const Record& record) {
    const std::string_view kind = record.text("kind");
    HopKind hop_kind = HopKind::submitted;
    if (kind == "submitted" || kind == "accepted") {
        begin_stop(record, kind == "submitted");
        hop_kind = kind == "submitted" ? HopKind::submitted : HopKind::accepted;
    } else if (kind == "relayed") {
        end_stop(record, StopEnd::relayed);
        hop_kind = HopKind::relayed;
    } else if (kind == "delivered") {
        end_stop(record, StopEnd::delivered);
        hop_kind = HopKind::delivered;
    } else if (kind == "failed") {
        end_stop(record, StopEnd::failed);
        hop_kind = HopKind::failed;
    } else {
        return;
    }
    const std::uint64_t message = record.count("message");
    const std::uint32_t host = model_.hosts.intern(record.text("host"));
    model_.hop_events.push_back(
        {record.time("t"), hop_kind, static_cast<std::uint32_t>(open_stops_.at({message, host}))});
}

void RunBuilder::begin_stop(const Record& record, bool submitted) {
    StopRow stop;
    stop.message = record.count("message");
    stop.about = record.optional_count("notification_about").value_or(0);
    stop.host = model_.hosts.intern(record.text("host"));
    stop.arrived = record.time("t");
    stop.submitted = submitted;
    for (const auto& path : record.array("forward_paths")) {
        stop.forward_paths.push_back(
            model_.strings.intern(record.text_item(path, "forward_paths")));
    }
    stop.reverse_path = model_.strings.intern(record.text("reverse_path"));
    for (const auto& id : record.array("recipients")) {
        stop.recipients.push_back(record.count_item(id, "recipients"));
    }
    if (!submitted) {
        // The oldest session whose "." this host read and that was still open.
        auto& waiting = awaiting_acceptance_[stop.host];
        while (!waiting.empty()) {
            const std::size_t index = waiting.front();
            waiting.pop_front();
            const auto& closed = model_.sessions[index].closed;
            if (!closed || *closed >= stop.arrived) {
                stop.via = static_cast<std::int64_t>(index);
                break;
            }
        }
        stop.received = received_line(stop);
    }
    open_stops_[{stop.message, stop.host}] = model_.stops.size();
    model_.stops.push_back(std::move(stop));
}

StopRow& RunBuilder::open_stop(const Record& record, std::uint64_t message, std::uint32_t host) {
    const auto it = open_stops_.find({message, host});
    if (it != open_stops_.end()) {
        return model_.stops[it->second];
    }
    // A stay whose beginning is not in the trace: it begins when it ends.
    begin_stop(record, false);
    return model_.stops.back();
}

void RunBuilder::end_stop(const Record& record, StopEnd end) {
    const std::uint64_t message = record.count("message");
    StopRow& stop = open_stop(record, message, model_.hosts.intern(record.text("host")));
    stop.left = record.time("t");
    stop.ends |= end;
    if (end == StopEnd::delivered) {
        stop.return_path = model_.strings.intern(record.text("reverse_path"));
    }
}

std::uint32_t RunBuilder::received_line(const StopRow& stop) const {
    if (stop.via < 0 || !epoch_unix_) {
        return 0;
    }
    // RFC 821 4.1.2 <time-stamp>, as the accepting host writes it.
    const SessionRow& session = model_.sessions[static_cast<std::size_t>(stop.via)];
    const std::int64_t seconds = *epoch_unix_ + stop.arrived.count_ns() / 1'000'000'000;
    return model_.strings.intern(
        fmt::format("Received: from {} by {} ; {}", model_.hosts.at(session.client),
                    model_.hosts.at(stop.host), core::format_rfc821_date(seconds)));
}

void RunBuilder::outcome(const Record& record) {
    OutcomeRow row;
    row.time = record.time("t");
    row.recipient = record.count("recipient");
    row.message = record.count("message");
    row.forward_path = model_.strings.intern(record.text("forward_path"));
    row.outcome = model_.strings.intern(record.text("outcome"));
    row.delivered_to = model_.strings.intern(record.optional_text("delivered_to").value_or(""));
    row.hops = static_cast<std::int64_t>(record.optional_count("hops").value_or(0));
    if (const auto host = record.optional_text("host")) {
        row.host = model_.hosts.intern(*host);
    }
    row.reply_code = static_cast<int>(record.optional_count("reply_code").value_or(0));
    row.reply_text = model_.strings.intern(record.optional_text("reply_text").value_or(""));
    row.reason = model_.strings.intern(record.optional_text("reason").value_or(""));
    row.notification = record.optional_count("notification").value_or(0);
    for (const auto& host : record.array_or_empty("notification_route")) {
        row.notification_route.push_back(
            model_.hosts.intern(record.text_item(host, "notification_route")));
    }
    model_.outcomes.push_back(std::move(row));
}

void RunBuilder::routing(const Record& record) {
    RoutingRow row;
    row.time = record.time("t");
    row.host = model_.hosts.intern(record.text("host"));
    row.destination = model_.hosts.intern(record.text("destination"));
    if (const auto next_hop = record.optional_text("next_hop")) {
        row.next_hop = model_.hosts.intern(*next_hop);
    }
    row.distance = static_cast<std::int64_t>(record.count("distance"));
    model_.routing.push_back(row);
}

void note_mail_span(const Record& hop, RunModel& model, std::uint64_t mail, MailSpan& span) {
    if (hop.count("message") != mail && hop.optional_count("notification_about") != mail) {
        return;
    }
    span.hosts.insert(model.hosts.intern(hop.text("host")));
    const Time t = hop.time("t");
    span.first = std::min(span.first, t);
    span.last = std::max(span.last, t);
}

}  // namespace smtpsim::report
