// RFC 821 4.3 "command-reply sequences": the replies each command may get.
#pragma once

#include <vector>

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

}  // namespace smtpsim::smtp
