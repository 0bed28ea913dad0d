// The failure plan as a scenario gives it: scheduled changes to hosts and
// links (down and up, storage full, mailboxes gone or moved, relaying
// refused) and faults in the dialogue (transient replies with a probability,
// connections dropped at a chosen step). mta/fault_plan.hpp applies them;
// protocol code only sees their outcomes: a refused connection, a broken one,
// a reply.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/enum_names.hpp"
#include "core/time.hpp"
#include "net/topology.hpp"
#include "smtp/command.hpp"
#include "smtp/path.hpp"
#include "smtp/reply.hpp"

namespace smtpsim::mta {

enum class FailureKind {
    host_down,        // refuses connections; its open sessions break; its queues wait
    link_down,        // no connection over it; its open sessions break at once
    storage_full,     // MAIL and the end of mail data get 452 (552 when permanent)
    unknown_mailbox,  // RCPT for the mailbox gets 550
    forward,          // RCPT for the mailbox gets 251 (will forward) or 551 (please try)
    relay_refused,    // the host stops relaying: RCPT for other hosts gets 550
    transient,        // a command gets a 4xx reply with a probability
    drop_connection,  // the server drops the connection after a command, before replying
};
inline constexpr auto failure_kind_names =
    core::enum_names<FailureKind>("host_down", "link_down", "storage_full", "unknown_mailbox",
                                  "forward", "relay_refused", "transient", "drop_connection");
inline std::string_view failure_kind_name(FailureKind kind) {
    return failure_kind_names(kind);
}
inline std::optional<FailureKind> parse_failure_kind(std::string_view text) {
    return failure_kind_names.parse(text);
}

// Where in the dialogue a connection is dropped: after the server has read
// this command (for end_of_data: the final "." of the mail text, with the
// mail already taken), before its reply goes out.
enum class DropStep { helo, mail, rcpt, data, end_of_data };
inline constexpr auto drop_step_names =
    core::enum_names<DropStep>("helo", "mail", "rcpt", "data", "end_of_data");
inline std::string_view drop_step_name(DropStep step) {
    return drop_step_names(step);
}
inline std::optional<DropStep> parse_drop_step(std::string_view text) {
    return drop_step_names.parse(text);
}

struct FailureSpec {
    FailureKind kind = FailureKind::host_down;
    core::Time at;                          // when it starts
    std::optional<core::Time> duration;     // how long it lasts; nothing: to the end
    net::HostId host = 0;                   // the host (for a link: one end)
    net::HostId other = 0;                  // link_down: the other end
    std::string mailbox;                    // unknown_mailbox, forward
    smtp::Path forward_to;                  // forward
    bool will_forward = true;               // forward: 251, else 551
    bool permanent = false;                 // storage_full: 552 instead of 452
    smtp::Verb command = smtp::Verb::rcpt;  // transient
    smtp::ReplyCode code = 451;             // transient
    double probability = 1.0;               // transient
    DropStep step = DropStep::end_of_data;  // drop_connection
    std::uint64_t count = 1;                // drop_connection: how many sessions it drops
};

}  // namespace smtpsim::mta
