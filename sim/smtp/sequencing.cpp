// The RFC 821 4.3 table, transcribed entry by entry.
#include "smtp/sequencing.hpp"

#include <algorithm>

namespace smtpsim::smtp {

namespace {

const std::vector<PermittedReplies>& table() {
    // In the order of the Verb enumeration.
    static const std::vector<PermittedReplies> entries = {
        /* HELO */ {{}, {250}, {}, {500, 501, 504, 421}},
        /* MAIL */ {{}, {250}, {552, 451, 452}, {500, 501, 421}},
        /* RCPT */ {{}, {250, 251}, {550, 551, 552, 553, 450, 451, 452}, {500, 501, 503, 421}},
        /* DATA */ {{354}, {}, {451, 554}, {500, 501, 503, 421}},
        /* RSET */ {{}, {250}, {}, {500, 501, 504, 421}},
        /* SEND */ {{}, {250}, {552, 451, 452}, {500, 501, 502, 421}},
        /* SOML */ {{}, {250}, {552, 451, 452}, {500, 501, 502, 421}},
        /* SAML */ {{}, {250}, {552, 451, 452}, {500, 501, 502, 421}},
        /* VRFY */ {{}, {250, 251}, {550, 551, 553}, {500, 501, 502, 504, 421}},
        /* EXPN */ {{}, {250}, {550}, {500, 501, 502, 504, 421}},
        /* HELP */ {{}, {211, 214}, {}, {500, 501, 502, 504, 421}},
        /* NOOP */ {{}, {250}, {}, {500, 421}},
        /* QUIT */ {{}, {221}, {}, {500}, false},
        /* TURN */ {{}, {250}, {502}, {500, 503}},
    };
    return entries;
}

bool contains(const std::vector<ReplyCode>& codes, ReplyCode code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

const PermittedReplies& permitted_replies(Verb verb) {
    return table()[static_cast<std::size_t>(verb)];
}

const PermittedReplies& permitted_greetings() {
    static const PermittedReplies entry{{}, {220}, {421}, {}};
    return entry;
}

const PermittedReplies& permitted_end_of_data_replies() {
    static const PermittedReplies entry{{}, {250}, {552, 554, 451, 452}, {}};
    return entry;
}

bool permits(const PermittedReplies& entry, ReplyCode code) {
    return (entry.shutdown_421 && code == reply::service_not_available) ||
           contains(entry.intermediate, code) || contains(entry.success, code) ||
           contains(entry.failure, code) || contains(entry.error, code);
}

ReplyOutcome reply_outcome(const PermittedReplies& entry, ReplyCode code) {
    if (contains(entry.intermediate, code)) {
        return ReplyOutcome::intermediate;
    }
    if (contains(entry.success, code)) {
        return ReplyOutcome::success;
    }
    if (contains(entry.failure, code)) {
        return ReplyOutcome::failure;
    }
    if (contains(entry.error, code)) {
        return ReplyOutcome::error;
    }
    return reply_outcome(code);
}

ReplyOutcome reply_outcome(ReplyCode code) {
    const int first = code / 100;
    const int second = code / 10 % 10;
    if (first == 2) {
        return ReplyOutcome::success;
    }
    if (first == 3) {
        return ReplyOutcome::intermediate;
    }
    if (second == 0 || code == reply::service_not_available) {
        return ReplyOutcome::error;
    }
    return ReplyOutcome::failure;
}

ReplyOutcome diagram_outcome(ReplyCode code, bool to_data) {
    switch (code / 100) {
        case 2:
            return to_data ? ReplyOutcome::error : ReplyOutcome::success;
        case 3:
            return to_data ? ReplyOutcome::intermediate : ReplyOutcome::error;
        case 4:
        case 5:
            return ReplyOutcome::failure;
        default:
            return ReplyOutcome::error;
    }
}

}  // namespace smtpsim::smtp
