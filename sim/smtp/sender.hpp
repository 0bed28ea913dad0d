// The sender-SMTP (RFC 821 3, 4.3, 4.4): given envelopes, it produces the
// command lines, reacts to each reply, and reports one outcome per recipient.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/enum_names.hpp"
#include "smtp/command.hpp"
#include "smtp/mail_text.hpp"
#include "smtp/path.hpp"
#include "smtp/reply.hpp"
#include "smtp/sequencing.hpp"

namespace smtpsim::smtp {

// One mail transaction to perform.
struct Envelope {
    Path reverse_path;                // MAIL FROM:<...> as sent (the null path for notifications)
    std::vector<Path> forward_paths;  // one RCPT each, in order; at least one
    Mode mode = Mode::mail;
    MailTextPtr data;  // the mail text (shared, not copied)
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
inline constexpr auto outcome_names =
    core::enum_names<Outcome>("pending", "accepted", "transient-failure", "permanent-failure");
inline std::string_view outcome_name(Outcome outcome) {
    return outcome_names(outcome);
}

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
    turn,         // TURN sent (RFC 821 3.8), after the last transaction
    quit,         // QUIT sent
    done,
};
inline constexpr auto sender_state_names =
    core::enum_names<SenderState>("greeting", "helo", "vrfy", "mail", "rcpt", "data", "end-of-data",
                                  "rset", "turn", "quit", "done");
inline std::string_view state_name(SenderState state) {
    return sender_state_names(state);
}

// What the sender writes next: one command line, or the mail data (to go on
// the wire dot-stuffed, then "."), or nothing.
struct SenderStep {
    // Without CRLF; empty when there is none. It views the sender's own
    // buffer: valid until the sender is told the next reply.
    std::string_view command;
    MailTextPtr text;  // the mail data, when that is what goes next

    bool empty() const { return command.empty() && !text; }
    // The lines as written on the wire, without CRLF: the command, or every
    // text line dot-stuffed and then "." (RFC 821 4.5.2).
    std::vector<std::string> wire_lines() const;
};

// The forward-path a 251 ("will forward to <path>") or 551 ("please try
// <path>") names (RFC 821 3.2): the last "<...>" of its text that parses as
// a path, or nothing.
std::optional<Path> forward_path_in(const Reply& reply);

class Sender {
  public:
    // RFC 821 4.5.3: a receiver must take at least 100 recipients per
    // transaction; the sender sends no more than that in one.
    static constexpr std::size_t default_max_recipients = 100;

    // `domain` is the client's name, sent with HELO.
    Sender(std::string domain, std::vector<Envelope> envelopes,
           std::size_t max_recipients = default_max_recipients);
    Sender() = default;
    // Starts over with other envelopes (for a new connection), keeping the
    // memory it had.
    void reset(std::string_view domain, std::vector<Envelope> envelopes,
               std::size_t max_recipients = default_max_recipients);

    // The connection is open. Returns nothing: the sender waits for the
    // receiver's greeting before any command (RFC 821 4.3).
    std::vector<std::string> start();

    // One complete reply (multi-line replies assembled, e.g. by ReplyReader).
    // Returns what to send next: one command, or the mail data. Nothing once
    // done. A reply that cannot be parsed should be treated by the caller as
    // a lost connection.
    SenderStep react(const Reply& reply);
    // The same as wire lines, without CRLF: one command, or for the mail
    // data every dot-stuffed text line and the final ".".
    std::vector<std::string> on_reply(const Reply& reply) { return react(reply).wire_lines(); }

    // The connection broke: every recipient not yet accepted is a transient
    // failure (RFC 821 4.1.1 QUIT: "as if ... received a temporary error").
    void on_connection_lost();

    bool done() const { return state_ == SenderState::done; }

    // RFC 821 3.8 TURN. turn_at_end(): after its last transaction the sender
    // sends TURN instead of QUIT; a 250 ends its part (turned() is then
    // true: the caller becomes the receiver on the same connection), a 502
    // is followed by QUIT. A sender that takes over after a TURN the caller
    // accepted is a new sender: "in the initial state as if the transmission
    // channel just opened" (4.1.1 TURN), so it sends HELO first (4.1.1: "The
    // first command in a session must be the HELO command"), then QUIT when
    // it has nothing to send.
    void turn_at_end() { turn_at_end_ = true; }
    bool turned() const { return turned_; }

    // The transaction on the wire: its envelope, and the recipients whose RCPT
    // the receiver accepted so far, in RCPT order (which is the order of the
    // receiver's Transaction::recipients). Nothing between transactions.
    struct Current {
        std::size_t envelope;
        const std::vector<std::size_t>& accepted;
    };
    std::optional<Current> current() const;
    // The RCPT on the wire (state rcpt): its envelope and its recipient's
    // index in that envelope's forward_paths.
    std::optional<std::pair<std::size_t, std::size_t>> pending_rcpt() const;
    SenderState state() const { return state_; }
    // The 4.3 entry of the reply it waits for (CONNECTION ESTABLISHMENT for
    // the greeting, DATA's "354 -> data" replies after the text), or nothing
    // once done.
    const PermittedReplies* awaited_replies() const;
    std::size_t envelope_count() const { return envelopes_.size(); }
    const Envelope& envelope(std::size_t index) const { return envelopes_.at(index); }
    // Gives the envelopes back (after the session), leaving none.
    std::vector<Envelope> take_envelopes() { return std::move(envelopes_); }
    // Outcomes of one envelope's recipients, in forward_paths order.
    std::span<const RecipientOutcome> outcomes(std::size_t envelope) const {
        return std::span<const RecipientOutcome>(outcomes_).subspan(
            first_outcome_[envelope], first_outcome_[envelope + 1] - first_outcome_[envelope]);
    }

  private:
    // A transaction on the wire: an envelope and the recipients it carries,
    // forward_paths[begin, end) (at most max_recipients of them). When the
    // receiver answers a RCPT with 552 after it accepted others, that
    // recipient and the rest go to a follow-up transaction without being
    // sent now (RFC 821 4.5.3, Appendix F "too many recipients": "try again
    // in another transaction").
    struct Attempt {
        std::size_t envelope;
        std::size_t begin;
        std::size_t end;
    };

    SenderStep enter(SenderState next);
    SenderStep next_transaction();
    SenderStep verify_or_mail();
    SenderStep after_rcpt();
    SenderStep protocol_error(const Reply& reply);

    // One reply handler per state (RFC 821 4.4: the next state follows from
    // the reply's class).
    SenderStep on_greeting(const Reply& reply);
    SenderStep on_helo(const Reply& reply);
    SenderStep on_vrfy(const Reply& reply);
    SenderStep on_mail(const Reply& reply);
    SenderStep on_rcpt(const Reply& reply);
    SenderStep on_data(const Reply& reply);
    SenderStep on_end_of_data(const Reply& reply);
    SenderStep on_rset(const Reply& reply);
    SenderStep on_turn(const Reply& reply);
    SenderStep finish();
    SenderStep on_quit(const Reply& reply);
    SenderStep on_done(const Reply& reply);
    void decide(std::size_t envelope, std::size_t recipient, Outcome outcome,
                std::optional<Reply> reply);
    RecipientOutcome& outcome_of(std::size_t envelope, std::size_t recipient) {
        return outcomes_[first_outcome_[envelope] + recipient];
    }
    void fail_attempt(const Reply& reply);
    void fail_accepted(const Reply& reply);
    void fail_remaining(Outcome outcome, const std::optional<Reply>& reply);

    SenderStep command(std::string_view verb, std::string_view argument = {});

    std::string domain_;
    std::string line_;  // the command line last written
    std::vector<Envelope> envelopes_;
    std::vector<RecipientOutcome> outcomes_;  // every envelope's, one after another
    std::vector<std::size_t> first_outcome_;  // per envelope, and one past the last
    std::vector<Attempt> attempts_;
    std::size_t max_recipients_ = default_max_recipients;
    std::size_t attempt_ = 0;            // index into attempts_
    std::size_t next_rcpt_ = 0;          // the recipient whose RCPT is next or on the wire
    std::vector<std::size_t> accepted_;  // recipients of this attempt with a positive RCPT reply
    std::optional<std::size_t> carried_from_;  // the first recipient refused with 552, for the next
    SenderState state_ = SenderState::greeting;
    std::size_t next_verify_ = 0;  // into the current envelope's verify list
    std::vector<bool> verified_;   // per envelope: its VRFYs were sent
    bool turn_at_end_ = false;
    bool turned_ = false;
};

}  // namespace smtpsim::smtp
