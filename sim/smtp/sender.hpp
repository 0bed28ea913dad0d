// The sender-SMTP (RFC 821 3, 4.3, 4.4): given envelopes, it produces the
// command lines, reacts to each reply, and reports one outcome per recipient.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smtp/command.hpp"
#include "smtp/path.hpp"
#include "smtp/reply.hpp"

namespace smtpsim::smtp {

// One mail transaction to perform.
struct Envelope {
    Path reverse_path;                // MAIL FROM:<...> as sent (the null path for notifications)
    std::vector<Path> forward_paths;  // one RCPT each, in order; at least one
    Mode mode = Mode::mail;
    std::vector<std::string> data;  // text lines without CRLF, not dot-stuffed
    // Strings to VRFY before the transaction, as the senders of RFC 821
    // Appendix F scenarios 4 to 6 do. The replies change no outcome.
    std::vector<std::string> verify;
};

enum class Outcome {
    pending,            // not decided yet
    accepted,           // RCPT accepted and the end of mail data answered 2xx
    transient_failure,  // 4xx, a 421, or a broken connection: try again later
    permanent_failure,  // 5xx: do not retry; notify the reverse-path
};
std::string_view outcome_name(Outcome outcome);

struct RecipientOutcome {
    Outcome outcome = Outcome::pending;
    // The reply that decided the outcome (for accepted: the reply to the end
    // of mail data); nothing when the connection broke.
    std::optional<Reply> reply;
    // The reply to its RCPT when that was positive (250, or 251 with the
    // receiver's new forward-path).
    std::optional<Reply> rcpt_reply;
};

enum class SenderState {
    greeting,     // connected, waiting for the 220
    helo,         // HELO sent
    vrfy,         // a VRFY sent before a transaction
    mail,         // MAIL (SEND, SOML, SAML) sent
    rcpt,         // a RCPT sent
    data,         // DATA sent, waiting for 354
    end_of_data,  // text and "." sent
    rset,         // RSET sent, to abort a transaction no recipient survived
    quit,         // QUIT sent
    done,
};
std::string_view state_name(SenderState state);

// The forward-path a 251 ("will forward to <path>") or 551 ("please try
// <path>") names (RFC 821 3.2): the last "<...>" of its text that parses as
// a path, or nothing.
std::optional<Path> forward_path_in(const Reply& reply);

class Sender {
  public:
    // `domain` is the client's name, sent with HELO.
    Sender(std::string domain, std::vector<Envelope> envelopes);

    // The connection is open. Returns nothing: the sender waits for the
    // receiver's greeting before any command (RFC 821 4.3).
    std::vector<std::string> start();

    // One complete reply (multi-line replies assembled, e.g. by ReplyReader).
    // Returns the lines to send next, without CRLF: one command, or for the
    // mail data every dot-stuffed text line and the final ".". Nothing once
    // done. A reply that cannot be parsed should be treated by the caller as
    // a lost connection.
    std::vector<std::string> on_reply(const Reply& reply);

    // The connection broke: every recipient not yet accepted is a transient
    // failure (RFC 821 4.1.1 QUIT: "as if ... received a temporary error").
    void on_connection_lost();

    bool done() const { return state_ == SenderState::done; }

    // The transaction on the wire: its envelope, and the recipients whose RCPT
    // the receiver accepted so far, in RCPT order (which is the order of the
    // receiver's Transaction::recipients). Nothing between transactions.
    struct Current {
        std::size_t envelope;
        const std::vector<std::size_t>& accepted;
    };
    std::optional<Current> current() const;
    SenderState state() const { return state_; }
    std::size_t envelope_count() const { return envelopes_.size(); }
    const Envelope& envelope(std::size_t index) const { return envelopes_.at(index); }
    // Outcomes of one envelope's recipients, in forward_paths order.
    const std::vector<RecipientOutcome>& outcomes(std::size_t envelope) const {
        return outcomes_.at(envelope);
    }

  private:
    // A transaction on the wire: an envelope and the recipients it carries.
    // A recipient refused with 552 after others were accepted is carried
    // over to a follow-up transaction (RFC 821 4.5.3, Appendix F "too many
    // recipients": "try again in another transaction").
    struct Attempt {
        std::size_t envelope;
        std::vector<std::size_t> recipients;
    };

    std::vector<std::string> enter(SenderState next);
    std::vector<std::string> next_transaction();
    std::vector<std::string> verify_or_mail();
    std::vector<std::string> after_rcpt();
    std::vector<std::string> protocol_error(const Reply& reply);
    void decide(std::size_t envelope, std::size_t recipient, Outcome outcome,
                std::optional<Reply> reply);
    void fail_attempt(const Reply& reply);
    void fail_accepted(const Reply& reply);
    void fail_remaining(Outcome outcome, const std::optional<Reply>& reply);

    std::string domain_;
    std::vector<Envelope> envelopes_;
    std::vector<std::vector<RecipientOutcome>> outcomes_;
    std::vector<Attempt> attempts_;
    std::size_t attempt_ = 0;            // index into attempts_
    std::size_t next_rcpt_ = 0;          // index into attempts_[attempt_].recipients
    std::vector<std::size_t> accepted_;  // recipients of this attempt with a positive RCPT reply
    std::vector<std::size_t> carried_;  // recipients of this attempt refused with 552, for the next
    SenderState state_ = SenderState::greeting;
    std::size_t next_verify_ = 0;  // into the current envelope's verify list
    std::vector<bool> verified_;   // per envelope: its VRFYs were sent
};

}  // namespace smtpsim::smtp
