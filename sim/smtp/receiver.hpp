// The receiver-SMTP (RFC 821 3, 4.1.1, 4.3): fed one line at a time, it
// answers with at most one reply and asks its HostPolicy what it cannot know.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/enum_names.hpp"
#include "smtp/command.hpp"
#include "smtp/policy.hpp"
#include "smtp/reply.hpp"
#include "smtp/sequencing.hpp"
#include "smtp/transparency.hpp"

namespace smtpsim::smtp {

enum class ReceiverState {
    authorization,  // after the greeting, until HELO
    waiting,        // no transaction
    transaction,    // after MAIL/SEND/SOML/SAML, collecting RCPTs
    data,           // after 354, collecting text lines until "."
    closed,         // after QUIT's 221 or any 421
    turned,         // after an accepted TURN: this end is the sender now (RFC 821 3.8)
};
inline constexpr auto receiver_state_names = core::enum_names<ReceiverState>(
    "AUTHORIZATION", "WAITING", "TRANSACTION", "DATA", "CLOSED", "TURNED");
inline std::string_view state_name(ReceiverState state) {
    return receiver_state_names(state);
}

namespace detail {
// The receiver's buffers of one mail transaction (RFC 821 4.1.1).
struct OpenTransaction {
    Transaction transaction;
    MailText::Builder text;  // the lines of the mail data so far
    bool receiving_data = false;
    bool text_line_too_long = false;
    bool text_refused = false;  // a NUL, or a byte with its high bit set and EightBit::refuse
};
}  // namespace detail

class Receiver {
  public:
    // `domain` is the name this host gives in its replies and inserts into
    // reverse-paths; `policy` must outlive the receiver.
    Receiver(std::string domain, HostPolicy& policy);

    // The connection greeting: 220, or 421 (and closed) when the policy will
    // not serve.
    Reply greeting();

    // One line as received, without its CRLF. Returns the reply to send, or
    // nothing: for a text line inside DATA, and for any line once closed.
    std::optional<Reply> on_line(std::string_view line);

    // The whole mail data at once, after the 354: the same as feeding every
    // line of `text` dot-stuffed and then "." to on_line, but the text is
    // shared, not copied. Returns the reply to the end of mail data, or
    // nothing when the receiver is not receiving mail data.
    std::optional<Reply> on_mail_text(MailTextPtr text);

    // false: text lines are checked (length, characters) but not kept, and the
    // Transaction handed to accept_message has no data; for a policy that
    // does not read the text (smtpsim receive), so that a long mail is not
    // held in memory. true by default.
    void keep_text(bool keep) { keep_text_ = keep; }

    // true: 503 before HELO for everything but HELO and QUIT, and for MAIL
    // (SEND, SOML, SAML) inside an open transaction, as smtpsim 0.1 answered.
    // false (the default): RFC 821 4.1.1 and 4.3, where NOOP, HELP, EXPN and
    // VRFY may come at any time, RSET gets 250, and MAIL starts a new
    // transaction.
    void strict_sequence(bool strict) { strict_sequence_ = strict; }
    // What to do with bytes that are not 7-bit (RFC 821 4.5.2); refuse by default.
    void eight_bit(EightBit policy) { eight_bit_ = policy; }

    // The connection broke: as if RSET was received (RFC 821 4.1.1 QUIT),
    // the open transaction is dropped, never handed to the policy; closed.
    void on_connection_lost();

    ReceiverState state() const;
    // The 4.3 class of the last reply given (greeting included): S, F or E,
    // or I for DATA's 354.
    ReplyOutcome last_outcome() const { return last_outcome_; }
    bool closed() const { return phase_ == Phase::closed; }
    // Closed by a TURN that the policy accepted: the caller now plays the
    // sender on this connection (RFC 821 3.8).
    bool turned() const { return turned_; }
    const std::string& domain() const { return domain_; }
    // The domain of the last HELO, empty before.
    const std::string& client_domain() const { return client_domain_; }
    // Transactions that reached the final "." and were handed to the policy.
    std::uint64_t completed_transactions() const { return completed_; }

  private:
    enum class Phase { authorization, ready, closed };
    struct CommandRow;
    static const CommandRow& row_for(Verb verb);

    std::optional<Reply> answer_line(std::string_view line);
    std::optional<Reply> on_text_line(std::string_view line);
    Reply end_of_mail_data(bool line_too_long);
    Reply close_with(Reply reply);
    Reply sequence_refusal(Verb verb) const;
    std::optional<Reply> injected_fault(Verb verb);

    // Checks: the refusal, or nothing; they change nothing.
    std::optional<Reply> check_start(const Command& command);
    std::optional<Reply> check_rcpt(const Command& command);
    std::optional<Reply> check_data(const Command& command);
    // RCPT of a recipient this host would pass on: 501 when the reverse-path
    // it would send, with itself in front, is over 256 characters (4.5.3).
    std::optional<Reply> check_relay_path() const;

    // Actions: change the state and give the reply.
    Reply act_helo(const Command& command);
    Reply act_start(const Command& command);
    Reply act_rcpt(const Command& command);
    Reply act_data(const Command& command);
    Reply act_rset(const Command& command);
    Reply act_vrfy(const Command& command);
    Reply act_expn(const Command& command);
    Reply act_help(const Command& command);
    // Whether HELP names the command: a mandatory one, or an optional one
    // the host answers other than 502.
    bool offers(Verb verb) const;
    Reply act_noop(const Command& command);
    Reply act_quit(const Command& command);
    Reply act_turn(const Command& command);

    Reply accept_recipient(const Command& command, Path forward_path, Delivery delivery,
                           Reply reply);
    Reply rcpt_local(const Command& command, const Path& forward_path);

    std::string domain_;
    HostPolicy& policy_;
    Phase phase_ = Phase::authorization;
    bool turned_ = false;
    bool keep_text_ = true;
    bool strict_sequence_ = false;
    EightBit eight_bit_ = EightBit::refuse;
    // The 4.3 entry of the command being answered, for last_outcome_.
    const PermittedReplies* answering_ = nullptr;
    ReplyOutcome last_outcome_ = ReplyOutcome::success;
    std::string client_domain_;
    std::optional<detail::OpenTransaction> tx_;
    std::uint64_t completed_ = 0;
};

}  // namespace smtpsim::smtp
