// RFC 821 4.3 "command-reply sequences": the replies each command may get.
#pragma once

#include <vector>

#include "core/enum_names.hpp"
#include "smtp/command.hpp"
#include "smtp/reply.hpp"

namespace smtpsim::smtp {

// One entry of the 4.3 table, codes in the RFC's order.
struct PermittedReplies {
    std::vector<ReplyCode> intermediate;  // DATA's 354
    std::vector<ReplyCode> success;
    std::vector<ReplyCode> failure;
    std::vector<ReplyCode> error;
    // 4.3: "The 421 reply ... may be given to any command if the
    // SMTP-receiver knows it must shut down" -- every entry but QUIT's.
    bool shutdown_421 = true;
};

// The 4.3 entry for a command.
const PermittedReplies& permitted_replies(Verb verb);
// The 4.3 "CONNECTION ESTABLISHMENT" entry: S 220, F 421.
const PermittedReplies& permitted_greetings();
// DATA's "I: 354 -> data -> S: 250 / F: 552, 554, 451, 452": the replies to
// the end of mail data.
const PermittedReplies& permitted_end_of_data_replies();

// Whether `code` is listed for the command; 421 is listed for every command
// but QUIT, as 4.3 says ("may be given to any command if the SMTP-receiver
// knows it must shut down").
bool permits(const PermittedReplies& entry, ReplyCode code);

// The class of a reply in 4.3's lists: I intermediate, S success, F
// failure, E error. 4.4's diagrams class differently (diagram_outcome).
enum class ReplyOutcome { intermediate, success, failure, error };
inline constexpr auto reply_outcome_names =
    core::enum_names<ReplyOutcome>("intermediate", "success", "failure", "error");
// 4.3's letter: "I", "S", "F", "E".
inline constexpr auto reply_outcome_letters = core::enum_names<ReplyOutcome>("I", "S", "F", "E");

// The class of `code` in `entry`. A code the entry does not list (as 503
// for a command out of sequence, or any reply to a line that is no command)
// gets the class 4.3 gives that code elsewhere: 2yz S, 3yz I, x0z (the
// syntax group of 4.2.1) and 421 E, any other 4yz or 5yz F.
ReplyOutcome reply_outcome(const PermittedReplies& entry, ReplyCode code);
// The same, for a reply to no command of 4.3.
ReplyOutcome reply_outcome(ReplyCode code);

// The exit 4.4's state diagrams draw for a reply: "Only the first digit of
// the reply codes is used": 2 S, 4 and 5 F, 1 and 3 E, except in the DATA
// diagram, where DATA's 3 leads to the data (I) and its 1 and 2 are E. Every
// x0z and 421 that 4.3 lists under E is F here. `to_data`: the reply answers
// the DATA command itself (not the end of the mail data).
ReplyOutcome diagram_outcome(ReplyCode code, bool to_data);

}  // namespace smtpsim::smtp
