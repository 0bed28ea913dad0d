// The scenario loader's failure plan: one table row per failure kind (its
// name, where it happens, the fields it takes beyond "kind" and "at", and the
// reader of its own fields), then one reading path for all of them.
#include <algorithm>
#include <array>

#include "scenario/loader.hpp"
#include "smtp/path.hpp"
#include "smtp/sequencing.hpp"

namespace smtpsim::scenario::detail {

using core::JsonReader;
using core::JsonWhere;
using nlohmann::json;

namespace {

// Every field some failure takes; a field outside this list is a typo.
constexpr std::array<std::string_view, 15> failure_fields{
    "kind", "at",        "for",     "host", "a",           "b",    "mailbox", "to",
    "mode", "permanent", "command", "code", "probability", "step", "count"};

}  // namespace

struct Loader::FailureRow {
    std::string_view name;
    mta::FailureKind kind;  // for host_up and link_up: the kind they end
    bool on_link;           // "a" and "b" name a link; otherwise "host" names the host
    bool ends_earlier;      // host_up, link_up: end the latest open-ended down
    std::array<std::string_view, 4> fields;  // taken beyond kind, at, host or a and b
    void (Loader::*read)(const json&, const JsonWhere&, mta::FailureSpec&) const;

    bool takes(std::string_view field) const {
        return field == "kind" || field == "at" ||
               (on_link ? field == "a" || field == "b" : field == "host") ||
               std::find(fields.begin(), fields.end(), field) != fields.end();
    }
};

const Loader::FailureRow* Loader::failure_row(std::string_view kind) {
    using K = mta::FailureKind;
    static const std::array<FailureRow, 10> rows{{
        {"host_down", K::host_down, false, false, {"for"}, nullptr},
        {"host_up", K::host_down, false, true, {}, nullptr},
        {"link_down", K::link_down, true, false, {"for"}, nullptr},
        {"link_up", K::link_down, true, true, {}, nullptr},
        {"storage_full",
         K::storage_full,
         false,
         false,
         {"for", "permanent"},
         &Loader::read_storage_full},
        {"unknown_mailbox",
         K::unknown_mailbox,
         false,
         false,
         {"for", "mailbox"},
         &Loader::read_mailbox_failure},
        {"forward",
         K::forward,
         false,
         false,
         {"for", "mailbox", "to", "mode"},
         &Loader::read_forward},
        {"relay_refused", K::relay_refused, false, false, {"for"}, nullptr},
        {"transient",
         K::transient,
         false,
         false,
         {"for", "command", "code", "probability"},
         &Loader::read_transient},
        {"drop_connection",
         K::drop_connection,
         false,
         false,
         {"for", "step", "count"},
         &Loader::read_drop},
    }};
    const auto it = std::find_if(rows.begin(), rows.end(),
                                 [&](const FailureRow& row) { return row.name == kind; });
    return it == rows.end() ? nullptr : &*it;
}

void Loader::read_failures(const json& doc, Scenario& s) const {
    if (const json* failures = JsonReader::find(doc, "failures")) {
        const JsonWhere root;  // outlives `w`, which points to it
        const JsonWhere w = root.field("failures");
        in_.expect_array(*failures, w, "failures");
        for (std::size_t i = 0; i < failures->size(); ++i) {
            read_failure((*failures)[i], w.item(i), s);
        }
    }
}

// One entry of the failure plan. "host_up" and "link_up" end the latest
// open-ended "host_down" or "link_down" of the same host or link.
void Loader::read_failure(const json& j, const JsonWhere& where, Scenario& s) const {
    in_.check_object(j, where, failure_fields, "a failure");
    const JsonWhere kind_where = where.field("kind");
    const std::string kind =
        in_.string_value(in_.require(j, where, "kind", "what fails"), kind_where);
    const FailureRow* row = failure_row(kind);
    if (row == nullptr) {
        in_.fail(kind_where, "unknown failure kind \"" + kind +
                                 "\"; expected host_down, host_up, link_down, link_up, "
                                 "storage_full, unknown_mailbox, forward, relay_refused, "
                                 "transient or drop_connection");
    }
    for (const auto& [field, value] : j.items()) {
        if (!row->takes(field)) {
            in_.fail(where.field(field),
                     "\"" + field + "\" is not a field of a \"" + kind + "\" failure");
        }
    }
    mta::FailureSpec f;
    f.kind = row->kind;
    if (const json* at = JsonReader::find(j, "at")) {
        f.at = duration(*at, where.field("at"), false);
    }
    if (const json* d = JsonReader::find(j, "for")) {
        f.duration = duration(*d, where.field("for"), true);
        sum(f.at, *f.duration, where.field("for"), "its end (at + for)");
    }
    read_failure_place(j, where, *row, *s.topology, f);
    if (row->ends_earlier) {
        end_open_failure(f, *row, where, s);
        return;
    }
    if (row->read != nullptr) {
        (this->*row->read)(j, where, f);
    }
    s.failures.push_back(std::move(f));
}

void Loader::read_failure_place(const json& j, const JsonWhere& where, const FailureRow& row,
                                const net::Topology& topology, mta::FailureSpec& f) const {
    if (!row.on_link) {
        f.host = host(in_.require(j, where, "host", "the host it happens at"), where.field("host"),
                      topology);
        return;
    }
    f.host = host(in_.require(j, where, "a", "one end of the link"), where.field("a"), topology);
    f.other =
        host(in_.require(j, where, "b", "the other end of the link"), where.field("b"), topology);
    if (!boost::edge(f.host, f.other, topology.graph()).second) {
        in_.fail(where, "no link between " + topology.name(f.host) + " and " +
                            topology.name(f.other) + " in the topology");
    }
}

void Loader::end_open_failure(const mta::FailureSpec& up, const FailureRow& row,
                              const JsonWhere& where, Scenario& s) const {
    const std::string down(mta::failure_kind_name(row.kind));
    for (auto it = s.failures.rbegin(); it != s.failures.rend(); ++it) {
        const bool same = it->kind == row.kind &&
                          (row.on_link ? ((it->host == up.host && it->other == up.other) ||
                                          (it->host == up.other && it->other == up.host))
                                       : it->host == up.host);
        if (!same || it->duration) {
            continue;
        }
        if (up.at <= it->at) {
            in_.fail(where.field("at"), "times out of order: \"" + std::string(row.name) +
                                            "\" at " + core::format_duration(up.at) +
                                            " is not after the \"" + down + "\" at " +
                                            core::format_duration(it->at));
        }
        it->duration = up.at - it->at;
        return;
    }
    in_.fail(where.field("kind"), "\"" + std::string(row.name) +
                                      "\" with no earlier open-ended \"" + down +
                                      "\" of the same " + (row.on_link ? "link" : "host"));
}

void Loader::read_storage_full(const json& j, const JsonWhere& where, mta::FailureSpec& f) const {
    if (const json* p = JsonReader::find(j, "permanent")) {
        f.permanent = in_.bool_value(*p, where.field("permanent"));
    }
}

void Loader::read_mailbox_failure(const json& j, const JsonWhere& where,
                                  mta::FailureSpec& f) const {
    const JsonWhere w = where.field("mailbox");
    f.mailbox = in_.string_value(in_.require(j, where, "mailbox", "the mailbox"), w);
    if (f.mailbox.empty() || f.mailbox.size() > smtp::max_user_length) {
        in_.fail(w, "expected a mailbox name of 1 to " + std::to_string(smtp::max_user_length) +
                        " characters (RFC 821 4.5.3), found " + std::to_string(f.mailbox.size()));
    }
}

void Loader::read_forward(const json& j, const JsonWhere& where, mta::FailureSpec& f) const {
    read_mailbox_failure(j, where, f);
    f.forward_to = path(in_.require(j, where, "to", "the user's new path"), where.field("to"));
    if (const json* m = JsonReader::find(j, "mode")) {
        const std::string text = in_.string_value(*m, where.field("mode"));
        if (text != "will-forward" && text != "please-try") {
            in_.fail(where.field("mode"),
                     "expected will-forward (251) or please-try (551), found \"" + text + "\"");
        }
        f.will_forward = text == "will-forward";
    }
}

void Loader::read_transient(const json& j, const JsonWhere& where, mta::FailureSpec& f) const {
    const JsonWhere cw = where.field("command");
    const std::string command =
        in_.string_value(in_.require(j, where, "command", "the command that fails"), cw);
    const auto verb = smtp::parse_verb(command);
    if (!verb || *verb == smtp::Verb::quit) {
        in_.fail(cw, "expected a command other than QUIT (HELO, MAIL, RCPT, DATA, ...), found \"" +
                         command + "\"");
    }
    f.command = *verb;
    const JsonWhere codew = where.field("code");
    f.code = static_cast<smtp::ReplyCode>(
        in_.count_value(in_.require(j, where, "code", "the reply code"), codew, 400, 499));
    if (!smtp::permits(smtp::permitted_replies(f.command), f.code)) {
        in_.fail(codew, "RFC 821 4.3 does not list " + std::to_string(f.code) + " for " +
                            std::string(smtp::verb_name(f.command)));
    }
    if (const json* p = JsonReader::find(j, "probability")) {
        f.probability = in_.number_value(*p, where.field("probability"));
        if (!(f.probability >= 0.0 && f.probability <= 1.0)) {
            in_.fail(where.field("probability"),
                     "expected a probability from 0 to 1, found " + p->dump());
        }
    }
}

void Loader::read_drop(const json& j, const JsonWhere& where, mta::FailureSpec& f) const {
    if (const json* st = JsonReader::find(j, "step")) {
        f.step = choice(*st, where.field("step"), mta::parse_drop_step, "step",
                        "helo, mail, rcpt, data or end_of_data");
    }
    if (const json* c = JsonReader::find(j, "count")) {
        f.count = in_.count_value(*c, where.field("count"), 1, 1'000'000);
    }
}

}  // namespace smtpsim::scenario::detail
