// Transcript and JSON Lines writers.
#include "trace/writers.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace smtpsim::trace {

std::string json_seconds(Time t) {
    return core::format_seconds(t);
}

std::string json_string(std::string_view text) {
    return nlohmann::json(std::string(text))
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// --- transcript -------------------------------------------------------------

void TranscriptWriter::on_session_opened(const SessionOpened& e) {
    if (limit_ && e.session > *limit_) {
        return;
    }
    Buffer& b = open_[e.session];
    b.text = fmt::format("--- session {}: {} -> {} at {}s\n", e.session, e.client_name,
                         e.server_name, core::format_seconds(e.time));
}

void TranscriptWriter::on_line(const LineWritten& e) {
    auto it = open_.find(e.session);
    if (it == open_.end()) {
        return;
    }
    std::string& text = it->second.text;
    const std::size_t start = text.size();
    text += e.side == Side::client ? "S: " : "R: ";
    text += e.text;
    if (explain_ && e.state) {
        constexpr std::size_t column = 52;  // the explanation starts here unless the line is longer
        text.append(column - std::min(column, text.size() - start), ' ');
        text += fmt::format(" | {} {}", e.outcome ? smtp::reply_outcome_letters(*e.outcome) : " ",
                            smtp::state_name(*e.state));
    }
    text += '\n';
}

void TranscriptWriter::on_session_closed(const SessionClosed& e) {
    auto it = open_.find(e.session);
    if (it == open_.end()) {
        return;
    }
    if (e.reason != CloseReason::quit) {
        it->second.text += fmt::format("--- session {} ended: {}\n", e.session, e.text);
    }
    it->second.closed = true;
    flush_ready();
}

void TranscriptWriter::flush_ready() {
    while (!open_.empty() && open_.begin()->second.closed) {
        out_ << open_.begin()->second.text << '\n';
        open_.erase(open_.begin());
    }
}

void TranscriptWriter::finish() {
    for (auto& [id, buffer] : open_) {
        out_ << buffer.text;
        if (!buffer.closed) {
            out_ << fmt::format("--- session {} still open when the run stopped\n", id);
        }
        out_ << '\n';
    }
    open_.clear();
}

// --- JSON objects -------------------------------------------------------------

namespace {

std::string path_array(std::span<const HopRecipient> recipients) {
    std::string out = "[";
    for (std::size_t i = 0; i < recipients.size(); ++i) {
        out += (i == 0 ? "" : ",") + json_string(recipients[i].forward_path->format());
    }
    return out + "]";
}

std::string id_array(std::span<const HopRecipient> recipients) {
    std::string out = "[";
    for (std::size_t i = 0; i < recipients.size(); ++i) {
        out += (i == 0 ? "" : ",") + std::to_string(recipients[i].id);
    }
    return out + "]";
}

}  // namespace

std::string hop_json(const Hop& e, bool with_event_name) {
    std::string out = fmt::format("{{\"t\":{}", json_seconds(e.time));
    if (with_event_name) {
        out += ",\"event\":\"hop\"";
    }
    out += fmt::format(",\"message\":{}", e.message);
    if (e.about != 0) {
        out += fmt::format(",\"notification_about\":{}", e.about);
    }
    out += fmt::format(
        ",\"host\":{},\"kind\":\"{}\",\"forward_paths\":{},\"reverse_path\":{},"
        "\"recipients\":{}",
        json_string(e.host_name), hop_kind_name(e.kind), path_array(e.recipients),
        json_string(e.reverse_path.format()), id_array(e.recipients));
    if (e.kind == HopKind::delivered) {
        out += fmt::format(",\"delivered_to\":\"{}\"", destination_names(e.destination));
    }
    return out + "}";
}

std::string outcome_json(const RecipientResolved& e, bool with_event_name) {
    std::string out = fmt::format("{{\"t\":{}", json_seconds(e.time));
    if (with_event_name) {
        out += ",\"event\":\"outcome\"";
    }
    out += fmt::format(
        ",\"recipient\":{},\"message\":{},\"forward_path\":{},\"outcome\":\"{}\","
        "\"hops\":{},\"host\":{}",
        e.recipient, e.message, json_string(e.forward_path.format()), outcome_name(e.outcome),
        e.hops, json_string(e.host_name));
    if (e.outcome == Outcome::delivered) {
        out += fmt::format(",\"delivered_to\":\"{}\"", destination_names(e.destination));
    }
    if (e.reply != nullptr) {
        out += fmt::format(",\"reply_code\":{},\"reply_text\":{}", e.reply->code,
                           json_string(e.reply->lines.empty() ? "" : e.reply->lines.front()));
    }
    if (!e.reason.empty()) {
        out += ",\"reason\":" + json_string(e.reason);
    }
    if (e.notification != 0) {
        out += fmt::format(",\"notification\":{}", e.notification);
        out += ",\"notification_route\":[";
        for (std::size_t i = 0; i < e.notification_route.size(); ++i) {
            out += (i == 0 ? "" : ",") + json_string(e.notification_route[i]);
        }
        out += "]";
    }
    return out + "}";
}

// --- writers -----------------------------------------------------------------

void HopWriter::on_hop(const Hop& e) {
    out_ << hop_json(e, false) << '\n';
}

void OutcomeWriter::on_resolved(const RecipientResolved& e) {
    if (e.counted) {
        out_ << outcome_json(e, false) << '\n';
    }
}

void EventWriter::on_session_opened(const SessionOpened& e) {
    out_ << fmt::format(
        "{{\"t\":{},\"event\":\"session_opened\",\"session\":{},\"client\":{},"
        "\"server\":{}}}\n",
        json_seconds(e.time), e.session, json_string(e.client_name), json_string(e.server_name));
}

void EventWriter::on_line(const LineWritten& e) {
    std::string out =
        fmt::format("{{\"t\":{},\"event\":\"line\",\"session\":{},\"side\":\"{}\",\"arrive\":{}",
                    json_seconds(e.time), e.session, e.side == Side::client ? "client" : "server",
                    json_seconds(e.arrive));
    if (e.state) {
        out += fmt::format(",\"state\":\"{}\"", smtp::state_name(*e.state));
    }
    if (e.outcome) {
        out += fmt::format(",\"class\":\"{}\"", smtp::reply_outcome_names(*e.outcome));
    }
    out_ << out << ",\"text\":" << json_string(e.text) << "}\n";
}

void EventWriter::on_session_closed(const SessionClosed& e) {
    out_ << fmt::format("{{\"t\":{},\"event\":\"session_closed\",\"session\":{},\"reason\":{}}}\n",
                        json_seconds(e.time), e.session, json_string(e.text));
}

void EventWriter::on_hop(const Hop& e) {
    out_ << hop_json(e, true) << '\n';
}

void EventWriter::on_resolved(const RecipientResolved& e) {
    if (e.counted) {
        out_ << outcome_json(e, true) << '\n';
    }
}

}  // namespace smtpsim::trace
