// Receiver dispatch: parse the verb, look up its row, check, act (RFC 821 4.1,
// 4.3). Replies use the texts of RFC 821's examples and Appendix F.
#include "smtp/receiver.hpp"

#include <array>
#include <cassert>

namespace smtpsim::smtp {

namespace {

// Where a command is in sequence (RFC 821 4.1.1, the order restrictions).
enum Stage : unsigned { in_authorization = 1, in_waiting = 2, in_transaction = 4 };
constexpr unsigned after_helo = in_waiting | in_transaction;
constexpr unsigned anywhere = in_authorization | in_waiting | in_transaction;

// RFC 821 4.5.1: receivers must implement these; the rest may answer 502.
bool optional_command(Verb verb) {
    switch (verb) {
        case Verb::send:
        case Verb::soml:
        case Verb::saml:
        case Verb::vrfy:
        case Verb::expn:
        case Verb::help:
        case Verb::turn:
            return true;
        case Verb::helo:
        case Verb::mail:
        case Verb::rcpt:
        case Verb::data:
        case Verb::rset:
        case Verb::noop:
        case Verb::quit:
            return false;
    }
    return false;
}

Reply ok() {
    return Reply{reply::ok, "OK"};
}

Reply syntax_reply(const CommandError& error) {
    const std::string_view head =
        error.code == reply::syntax_error ? "Syntax error" : "Syntax error in parameters";
    return Reply{error.code, std::string(head) + ": " + error.reason};
}

std::string member_line(const std::string& full_name, const Path& mailbox) {
    return full_name.empty() ? mailbox.format() : full_name + ' ' + mailbox.format();
}

// The length of path.format(), "<" and ">" included, without formatting it.
std::size_t formatted_length(const Path& path) {
    std::size_t length = 2;
    for (const std::string& host : path.route) {
        length += host.size() + 2;  // "@" host, then "," or ":"
    }
    if (!path.is_null()) {
        length += path.mailbox.local_part.size() + 1 + path.mailbox.domain.size();
    }
    return length;
}

}  // namespace

struct Receiver::CommandRow {
    Verb verb;
    unsigned stages;         // where RFC 821 4.1.1 and 4.3 allow it
    unsigned strict_stages;  // where a strict receiver allows it
    std::optional<Reply> (Receiver::*check)(const Command&);
    Reply (Receiver::*act)(const Command&);
};

const Receiver::CommandRow& Receiver::row_for(Verb verb) {
    // One row per command, in the order of the Verb enumeration. RFC 821
    // 4.1.1: HELO may come again later; "the NOOP, HELP, EXPN, and VRFY
    // commands can be used at any time"; RSET "must" get OK; MAIL (and SEND,
    // SOML, SAML) starts a new transaction, resetting "all its state tables
    // and buffers", so it may come inside one; QUIT at any time. A strict
    // receiver wants HELO first and no new transaction inside an open one.
    static const std::array<CommandRow, verb_count> rows = {{
        {Verb::helo, anywhere, anywhere, nullptr, &Receiver::act_helo},
        {Verb::mail, after_helo, in_waiting, &Receiver::check_start, &Receiver::act_start},
        {Verb::rcpt, in_transaction, in_transaction, &Receiver::check_rcpt, &Receiver::act_rcpt},
        {Verb::data, in_transaction, in_transaction, &Receiver::check_data, &Receiver::act_data},
        {Verb::rset, anywhere, after_helo, nullptr, &Receiver::act_rset},
        {Verb::send, after_helo, in_waiting, &Receiver::check_start, &Receiver::act_start},
        {Verb::soml, after_helo, in_waiting, &Receiver::check_start, &Receiver::act_start},
        {Verb::saml, after_helo, in_waiting, &Receiver::check_start, &Receiver::act_start},
        {Verb::vrfy, anywhere, after_helo, nullptr, &Receiver::act_vrfy},
        {Verb::expn, anywhere, after_helo, nullptr, &Receiver::act_expn},
        {Verb::help, anywhere, after_helo, nullptr, &Receiver::act_help},
        {Verb::noop, anywhere, after_helo, nullptr, &Receiver::act_noop},
        {Verb::quit, anywhere, anywhere, nullptr, &Receiver::act_quit},
        {Verb::turn, in_waiting, in_waiting, nullptr, &Receiver::act_turn},
    }};
    const auto& row = rows[static_cast<std::size_t>(verb)];
    assert(row.verb == verb);
    return row;
}

Receiver::Receiver(std::string domain, HostPolicy& policy)
    : domain_(std::move(domain)), policy_(policy) {}

ReceiverState Receiver::state() const {
    switch (phase_) {
        case Phase::authorization:
            return ReceiverState::authorization;
        case Phase::closed:
            return turned_ ? ReceiverState::turned : ReceiverState::closed;
        case Phase::ready:
            break;
    }
    if (!tx_) {
        return ReceiverState::waiting;
    }
    return tx_->receiving_data ? ReceiverState::data : ReceiverState::transaction;
}

Reply Receiver::greeting() {
    last_outcome_ = policy_.will_serve() ? ReplyOutcome::success : ReplyOutcome::failure;
    if (!policy_.will_serve()) {
        return close_with(standard_reply(reply::service_not_available));
    }
    return Reply{reply::service_ready, domain_ + " Simple Mail Transfer Service Ready"};
}

Reply Receiver::close_with(Reply reply) {
    if (reply.code == reply::service_not_available) {
        reply.lines = {domain_ + " Service not available, closing transmission channel"};
    }
    phase_ = Phase::closed;
    tx_.reset();  // RFC 821 4.1.1 QUIT: a closed connection cancels the open transaction
    return reply;
}

void Receiver::on_connection_lost() {
    tx_.reset();
    phase_ = Phase::closed;
}

std::optional<Reply> Receiver::on_line(std::string_view line) {
    answering_ = nullptr;
    std::optional<Reply> reply = answer_line(line);
    if (reply) {
        last_outcome_ = answering_ != nullptr ? reply_outcome(*answering_, reply->code)
                                              : reply_outcome(reply->code);
    }
    return reply;
}

std::optional<Reply> Receiver::answer_line(std::string_view line) {
    if (phase_ == Phase::closed) {
        return std::nullopt;
    }
    if (tx_ && tx_->receiving_data) {
        return on_text_line(line);
    }
    if (line.size() + 2 > max_command_line_length) {
        return Reply{reply::syntax_error, "Line too long."};  // RFC 821 4.5.3
    }
    auto split = split_command(line);
    if (!split) {
        return syntax_reply(split.error());
    }
    const Verb verb = split.value().verb;
    answering_ = &permitted_replies(verb);
    if (optional_command(verb) && !policy_.implements(verb)) {
        return standard_reply(reply::command_not_implemented);
    }
    const CommandRow& row = row_for(verb);
    const unsigned stage = phase_ == Phase::authorization ? in_authorization
                           : tx_                          ? in_transaction
                                                          : in_waiting;
    if (((strict_sequence_ ? row.strict_stages : row.stages) & stage) == 0) {
        return sequence_refusal(verb);
    }
    auto command = parse_arguments(split.value());
    if (!command) {
        return syntax_reply(command.error());
    }
    if (auto fault = injected_fault(verb)) {
        return fault;
    }
    if (row.check != nullptr) {
        if (auto refusal = (this->*row.check)(command.value())) {
            return refusal;
        }
    }
    return (this->*row.act)(command.value());
}

Reply Receiver::sequence_refusal(Verb verb) const {
    std::string why;
    if (phase_ == Phase::authorization) {
        why = "send HELO first";
    } else if (tx_) {
        why = "a mail transaction is open; finish it or send RSET first";
    } else {
        why = "send MAIL (or SEND, SOML, SAML) first";
    }
    return Reply{reply::bad_sequence,
                 "Bad sequence of commands: " + std::string(verb_name(verb)) + ": " + why};
}

std::optional<Reply> Receiver::injected_fault(Verb verb) {
    if (verb == Verb::quit) {
        return std::nullopt;  // QUIT is always answered 221 (RFC 821 4.1.1)
    }
    const auto code = policy_.transient_failure(verb);
    if (!code) {
        return std::nullopt;
    }
    assert(permits(permitted_replies(verb), *code) &&
           "policy fault code not listed in RFC 821 4.3");
    if (*code == reply::service_not_available || !permits(permitted_replies(verb), *code)) {
        return close_with(standard_reply(reply::service_not_available));
    }
    return standard_reply(*code);
}

std::optional<Reply> Receiver::on_text_line(std::string_view line) {
    detail::OpenTransaction& open = *tx_;
    answering_ = &permitted_end_of_data_replies();
    if (line != end_of_data) {
        const std::string_view text = dot_unstuff(line);  // RFC 821 4.5.2
        const bool seven_bit = seven_bit_text(text);
        if (text.size() + 2 > max_text_line_length) {
            open.text_line_too_long = true;  // RFC 821 4.5.3
        } else if (!seven_bit && (holds_nul(text) || eight_bit_ == EightBit::refuse)) {
            open.text_refused = true;
        } else if (keep_text_ && !open.text_line_too_long && !open.text_refused) {
            if (seven_bit || eight_bit_ == EightBit::pass) {
                open.text.add(text);
            } else {
                open.text.add(strip_high_bit(text));
            }
        }
        return std::nullopt;
    }
    open.transaction.data = open.text.finish();
    return end_of_mail_data(open.text_line_too_long);
}

std::optional<Reply> Receiver::on_mail_text(MailTextPtr text) {
    if (phase_ == Phase::closed || !tx_ || !tx_->receiving_data) {
        return std::nullopt;
    }
    answering_ = &permitted_end_of_data_replies();
    const bool too_long = text->longest_line() + 2 > max_text_line_length;  // RFC 821 4.5.3
    const bool eight_bit = text->lines_with_8bit() > 0;
    tx_->text_refused = text->lines_with_nul() > 0 || (eight_bit && eight_bit_ == EightBit::refuse);
    if (eight_bit && eight_bit_ == EightBit::strip && !tx_->text_refused) {
        text = strip_high_bit(*text);
    }
    tx_->transaction.data = std::move(text);
    std::optional<Reply> reply = end_of_mail_data(too_long);
    last_outcome_ = reply_outcome(*answering_, reply->code);
    return reply;
}

Reply Receiver::end_of_mail_data(bool line_too_long) {
    detail::OpenTransaction& open = *tx_;
    Reply reply;
    if (line_too_long) {
        reply = Reply{reply::transaction_failed,
                      "Transaction failed: a text line is longer than 1000 characters"};
    } else if (open.text_refused) {
        reply = Reply{reply::transaction_failed,
                      "Transaction failed: the text holds a NUL or a byte that is not 7-bit "
                      "ASCII"};
    } else {
        open.transaction.client_domain = client_domain_;
        reply = policy_.accept_message(open.transaction);
        ++completed_;
        assert(permits(permitted_end_of_data_replies(), reply.code) &&
               "accept_message reply not listed in RFC 821 4.3 for the end of mail data");
    }
    tx_.reset();  // RFC 821 4.1.1 DATA: the buffers are cleared
    if (reply.code == reply::service_not_available) {
        return close_with(std::move(reply));
    }
    return reply;
}

// ---- checks ----

std::optional<Reply> Receiver::check_start(const Command& command) {
    switch (policy_.storage_for(*verb_mode(command.verb), command.path)) {
        case StorageStatus::available:
            return std::nullopt;
        case StorageStatus::insufficient:
            return standard_reply(reply::insufficient_storage);
        case StorageStatus::exceeded:
            return standard_reply(reply::storage_exceeded);
    }
    return std::nullopt;
}

std::optional<Reply> Receiver::check_rcpt(const Command&) {
    if (tx_->transaction.recipients.size() >= policy_.max_recipients()) {
        // RFC 821 4.5.3 and Appendix F, "too many recipients"
        return Reply{reply::storage_exceeded,
                     "Recipient storage full, try again in another transaction"};
    }
    return std::nullopt;
}

std::optional<Reply> Receiver::check_relay_path() const {
    // RFC 821 4.5.3: a reverse-path is at most 256 characters. The one this
    // host would pass on has its own name in front (3.6); when that is too
    // long, this host refuses, rather than the next host refusing the MAIL
    // of a host that did nothing wrong.
    if (formatted_length(tx_->transaction.reverse_path) > max_path_length) {
        return Reply{reply::syntax_error_in_arguments, "Path too long"};
    }
    return std::nullopt;
}

std::optional<Reply> Receiver::check_data(const Command&) {
    if (tx_->transaction.recipients.empty()) {
        return Reply{reply::bad_sequence,
                     "Bad sequence of commands: DATA: no recipient was accepted; send RCPT first"};
    }
    return std::nullopt;
}

// ---- actions ----

Reply Receiver::act_helo(const Command& command) {
    // RFC 821 4.1.1: HELO and its OK leave no transaction in progress.
    tx_.reset();
    client_domain_ = command.argument;
    phase_ = Phase::ready;
    return Reply{reply::ok, domain_};
}

Reply Receiver::act_start(const Command& command) {
    tx_.emplace();
    tx_->transaction.mode = *verb_mode(command.verb);
    tx_->transaction.received_reverse_path = command.path;
    tx_->transaction.reverse_path = prepend_self(command.path, domain_);  // RFC 821 3.6
    return ok();
}

Reply Receiver::accept_recipient(const Command& command, Path forward_path, Delivery delivery,
                                 Reply reply) {
    tx_->transaction.recipients.push_back(
        AcceptedRecipient{std::move(forward_path), command.path, delivery});
    return reply;
}

Reply Receiver::act_rcpt(const Command& command) {
    // RFC 821 3.6: delete this host if it is the first route element.
    Path forward_path = remove_self(command.path, domain_);
    if (forward_path.route.empty() && same_domain(forward_path.mailbox.domain, domain_)) {
        return rcpt_local(command, forward_path);
    }
    if (auto too_long = check_relay_path()) {
        return *too_long;
    }
    const std::string next_host(forward_path.next_host());
    switch (policy_.may_relay(next_host, forward_path)) {
        case RelayStatus::accepted:
            return accept_recipient(command, std::move(forward_path), Delivery::relay, ok());
        case RelayStatus::refused:
            return Reply{reply::mailbox_unavailable,
                         "Requested action not taken: no relaying to " + next_host};
        case RelayStatus::busy:
            return Reply{reply::mailbox_busy, "Requested mail action not taken: " + next_host +
                                                  " unavailable, try again later"};
        case RelayStatus::no_route_yet:
            return Reply{reply::local_error,
                         "Requested action aborted: no route yet to " + next_host};
    }
    return standard_reply(reply::local_error);
}

Reply Receiver::rcpt_local(const Command& command, const Path& forward_path) {
    const Mailbox& mailbox = forward_path.mailbox;
    MailboxAnswer answer = policy_.lookup_mailbox(mailbox);
    switch (answer.status) {
        case MailboxStatus::exists:
            break;
        case MailboxStatus::will_forward: {
            if (auto too_long = check_relay_path()) {
                return *too_long;  // the mail would go on with this host in front
            }
            std::string text = "User not local; will forward to " + answer.forward_path.format();
            return accept_recipient(command, std::move(answer.forward_path), Delivery::forward,
                                    Reply{reply::will_forward, std::move(text)});
        }
        case MailboxStatus::please_try:
            return Reply{reply::user_not_local,
                         "User not local; please try " + answer.forward_path.format()};
        case MailboxStatus::unknown:
            return Reply{reply::mailbox_unavailable, "No such user here"};
        case MailboxStatus::busy:
            return standard_reply(reply::mailbox_busy);
        case MailboxStatus::no_storage:
            return standard_reply(reply::insufficient_storage);
        case MailboxStatus::storage_exceeded:
            return standard_reply(reply::storage_exceeded);
        case MailboxStatus::name_not_allowed:
            return standard_reply(reply::mailbox_name_not_allowed);
    }
    // RFC 821 3.4: SEND needs the user's terminal; SOML falls back to the mailbox.
    switch (tx_->transaction.mode) {
        case Mode::mail:
        case Mode::saml:
            break;
        case Mode::send:
            if (!policy_.terminal_active(mailbox)) {
                return Reply{reply::mailbox_busy, "User not active now"};
            }
            break;
        case Mode::soml:
            if (!policy_.terminal_active(mailbox)) {
                return accept_recipient(command, forward_path, Delivery::local,
                                        Reply{reply::ok, "User not active now, so will do mail."});
            }
            break;
    }
    return accept_recipient(command, forward_path, Delivery::local, ok());
}

Reply Receiver::act_data(const Command&) {
    tx_->receiving_data = true;
    return Reply{reply::start_mail_input, "Start mail input; end with <CRLF>.<CRLF>"};
}

Reply Receiver::act_rset(const Command&) {
    tx_.reset();
    return ok();
}

Reply Receiver::act_vrfy(const Command& command) {
    VerifyAnswer answer = policy_.verify(command.argument);
    switch (answer.status) {
        case VerifyStatus::user:
            return Reply{reply::ok, member_line(answer.full_name, answer.mailbox)};
        case VerifyStatus::will_forward:
            return Reply{reply::will_forward,
                         "User not local; will forward to " + answer.mailbox.format()};
        case VerifyStatus::please_try:
            return Reply{reply::user_not_local,
                         "User not local; please try " + answer.mailbox.format()};
        case VerifyStatus::unknown:
            return Reply{reply::mailbox_unavailable, "String does not match anything."};
        case VerifyStatus::mailing_list:
            return Reply{reply::mailbox_unavailable, "That is a mailing list, not a user"};
        case VerifyStatus::ambiguous:
            return Reply{reply::mailbox_name_not_allowed, "User ambiguous."};
    }
    return standard_reply(reply::local_error);
}

Reply Receiver::act_expn(const Command& command) {
    ExpandAnswer answer = policy_.expand(command.argument);
    switch (answer.status) {
        case ExpandStatus::list: {
            std::vector<std::string> lines;
            lines.reserve(answer.members.size());
            for (const auto& member : answer.members) {
                lines.push_back(member_line(member.full_name, member.mailbox));
            }
            return Reply{reply::ok, std::move(lines)};
        }
        case ExpandStatus::unknown:
            return Reply{reply::mailbox_unavailable, "No such mailing list"};
        case ExpandStatus::user_name:
            return Reply{reply::mailbox_unavailable, "That is a user name, not a mailing list"};
        case ExpandStatus::denied:
            return Reply{reply::mailbox_unavailable, "Access Denied to You."};
    }
    return standard_reply(reply::local_error);
}

bool Receiver::offers(Verb verb) const {
    if (!optional_command(verb)) {
        return true;
    }
    // A TURN the policy refuses gets 502 (RFC 821 3.8), as a command not
    // implemented: HELP does not list it.
    return policy_.implements(verb) && (verb != Verb::turn || policy_.accept_turn());
}

Reply Receiver::act_help(const Command& command) {
    if (command.argument.empty()) {
        std::string verbs;
        for (Verb verb : all_verbs) {
            if (offers(verb)) {
                verbs += verbs.empty() ? "" : " ";
                verbs += verb_name(verb);
            }
        }
        return Reply{reply::help_message,
                     {domain_ + " speaks RFC 821 SMTP. Commands:", verbs,
                      "HELP <command> shows its syntax."}};
    }
    const auto topic = parse_verb(command.argument);
    if (!topic || !offers(*topic)) {
        return Reply{reply::parameter_not_implemented,
                     "Command parameter not implemented: no help on that"};
    }
    return Reply{reply::help_message, std::string(verb_syntax(*topic))};
}

Reply Receiver::act_noop(const Command&) {
    return ok();
}

Reply Receiver::act_quit(const Command&) {
    return close_with(
        Reply{reply::service_closing, domain_ + " Service closing transmission channel"});
}

Reply Receiver::act_turn(const Command&) {
    if (!policy_.accept_turn()) {
        return standard_reply(reply::command_not_implemented);
    }
    turned_ = true;
    return close_with(ok());  // RFC 821 3.8: the roles swap
}

}  // namespace smtpsim::smtp
