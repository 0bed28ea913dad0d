// Sender dialogue: enter(state) sends that state's command, on_reply decides
// the next state by the reply's class (RFC 821 4.4: only the first digit
// matters).
#include "smtp/sender.hpp"

#include <algorithm>
#include <array>
#include <cassert>

#include "smtp/transparency.hpp"

namespace smtpsim::smtp {

namespace {

Outcome failure_for(const Reply& reply) {
    return reply.kind() == ReplyClass::permanent_negative ? Outcome::permanent_failure
                                                          : Outcome::transient_failure;
}

bool negative(const Reply& reply) {
    return reply.transient() || reply.permanent();
}

bool positive_completion(const Reply& reply) {
    return reply.kind() == ReplyClass::positive_completion;
}

}  // namespace

std::vector<std::string> SenderStep::wire_lines() const {
    std::vector<std::string> lines;
    if (text) {
        lines.reserve(text->line_count() + 1);
        text->for_each_line([&lines](std::string_view line) { lines.push_back(dot_stuff(line)); });
        lines.emplace_back(end_of_data);  // RFC 821 4.5.2
    } else if (!command.empty()) {
        lines.emplace_back(command);
    }
    return lines;
}

SenderStep Sender::command(std::string_view verb, std::string_view argument) {
    line_.assign(verb);
    if (!argument.empty()) {
        line_ += ' ';
        line_ += argument;
    }
    return {line_, nullptr};
}

std::optional<Path> forward_path_in(const Reply& reply) {
    for (std::size_t i = reply.lines.size(); i-- > 0;) {
        const std::string* line = &reply.lines[i];
        const std::size_t open = line->rfind('<');
        const std::size_t close = line->rfind('>');
        if (open == std::string::npos || close == std::string::npos || close < open) {
            continue;
        }
        auto path = parse_path(std::string_view(*line).substr(open, close - open + 1));
        if (path.ok() && !path.value().is_null()) {
            return std::move(path).value();
        }
    }
    return std::nullopt;
}

Sender::Sender(std::string domain, std::vector<Envelope> envelopes, std::size_t max_recipients) {
    reset(domain, std::move(envelopes), max_recipients);
}

void Sender::reset(std::string_view domain, std::vector<Envelope> envelopes,
                   std::size_t max_recipients) {
    domain_ = domain;
    envelopes_ = std::move(envelopes);
    max_recipients_ = std::max<std::size_t>(max_recipients, 1);
    outcomes_.clear();
    first_outcome_.clear();
    attempts_.clear();
    verified_.assign(envelopes_.size(), false);
    for (std::size_t i = 0; i < envelopes_.size(); ++i) {
        const std::size_t count = envelopes_[i].forward_paths.size();
        assert(count > 0 && "an envelope needs a recipient");
        first_outcome_.push_back(outcomes_.size());
        outcomes_.resize(outcomes_.size() + count);
        for (std::size_t begin = 0; begin < count; begin += max_recipients_) {
            attempts_.push_back({i, begin, std::min(count, begin + max_recipients_)});
        }
    }
    first_outcome_.push_back(outcomes_.size());
    attempt_ = 0;
    next_rcpt_ = 0;
    accepted_.clear();
    carried_from_.reset();
    state_ = SenderState::greeting;
    next_verify_ = 0;
    turn_at_end_ = false;
    turned_ = false;
}

std::vector<std::string> Sender::start() {
    return enter(SenderState::greeting).wire_lines();
}

SenderStep Sender::enter(SenderState next) {
    state_ = next;
    switch (next) {
        case SenderState::greeting:
        case SenderState::done:
            return {};
        case SenderState::helo:
            return command(verb_name(Verb::helo), domain_);
        case SenderState::vrfy: {
            const Envelope& envelope = envelopes_[attempts_[attempt_].envelope];
            return command(verb_name(Verb::vrfy), envelope.verify[next_verify_++]);
        }
        case SenderState::mail: {
            next_rcpt_ = attempts_[attempt_].begin;
            accepted_.clear();
            carried_from_.reset();
            const Envelope& envelope = envelopes_[attempts_[attempt_].envelope];
            line_.clear();
            append_start(line_, envelope.mode, envelope.reverse_path);
            return {line_, nullptr};
        }
        case SenderState::rcpt: {
            const Path& path = envelopes_[attempts_[attempt_].envelope].forward_paths[next_rcpt_];
            line_.clear();
            append_rcpt(line_, path);
            return {line_, nullptr};
        }
        case SenderState::data:
            return command(verb_name(Verb::data));
        case SenderState::end_of_data:
            return {{}, envelopes_[attempts_[attempt_].envelope].data};  // RFC 821 4.5.2
        case SenderState::rset:
            return command(verb_name(Verb::rset));
        case SenderState::turn:
            return command(verb_name(Verb::turn));
        case SenderState::quit:
            return command(verb_name(Verb::quit));
    }
    return {};
}

SenderStep Sender::finish() {
    return enter(turn_at_end_ ? SenderState::turn : SenderState::quit);
}

void Sender::decide(std::size_t envelope, std::size_t recipient, Outcome outcome,
                    std::optional<Reply> reply) {
    RecipientOutcome& slot = outcome_of(envelope, recipient);
    if (slot.outcome == Outcome::pending) {
        slot.outcome = outcome;
        slot.reply = std::move(reply);
    }
}

void Sender::fail_attempt(const Reply& reply) {
    const Attempt& attempt = attempts_[attempt_];
    for (std::size_t recipient = attempt.begin; recipient < attempt.end; ++recipient) {
        decide(attempt.envelope, recipient, failure_for(reply), reply);
    }
}

void Sender::fail_accepted(const Reply& reply) {
    for (std::size_t recipient : accepted_) {
        decide(attempts_[attempt_].envelope, recipient, failure_for(reply), reply);
    }
}

void Sender::fail_remaining(Outcome outcome, const std::optional<Reply>& reply) {
    for (std::size_t e = 0; e < envelopes_.size(); ++e) {
        for (std::size_t r = 0; r < envelopes_[e].forward_paths.size(); ++r) {
            decide(e, r, outcome, reply);
        }
    }
}

SenderStep Sender::protocol_error(const Reply& reply) {
    // A reply whose class the command cannot get (RFC 821 4.4 "E"): the
    // dialogue is out of step, so end it; nothing pending was delivered.
    fail_remaining(Outcome::transient_failure, reply);
    return enter(SenderState::quit);
}

SenderStep Sender::next_transaction() {
    if (carried_from_) {
        const Attempt follow_up{attempts_[attempt_].envelope, *carried_from_,
                                attempts_[attempt_].end};
        attempts_.insert(attempts_.begin() + static_cast<std::ptrdiff_t>(attempt_ + 1), follow_up);
        carried_from_.reset();
    }
    ++attempt_;
    return attempt_ < attempts_.size() ? verify_or_mail() : finish();
}

SenderStep Sender::verify_or_mail() {
    const std::size_t envelope = attempts_[attempt_].envelope;
    if (!verified_[envelope]) {
        if (next_verify_ < envelopes_[envelope].verify.size()) {
            return enter(SenderState::vrfy);
        }
        verified_[envelope] = true;
        next_verify_ = 0;
    }
    return enter(SenderState::mail);
}

SenderStep Sender::after_rcpt() {
    ++next_rcpt_;
    if (!carried_from_ && next_rcpt_ < attempts_[attempt_].end) {
        return enter(SenderState::rcpt);
    }
    // RFC 821 3.1: DATA only when some recipient was accepted; otherwise end
    // the transaction the MAIL opened.
    return enter(accepted_.empty() ? SenderState::rset : SenderState::data);
}

SenderStep Sender::react(const Reply& reply) {
    if (state_ == SenderState::done) {
        return {};
    }
    if (reply.code == reply::service_not_available && state_ != SenderState::quit) {
        // RFC 821 4.3: 421 closes the channel; nothing pending got through.
        fail_remaining(Outcome::transient_failure, reply);
        return enter(SenderState::done);
    }
    using Handler = SenderStep (Sender::*)(const Reply&);
    static constexpr std::array<Handler, sender_state_names.size()> handlers = {
        &Sender::on_greeting, &Sender::on_helo, &Sender::on_vrfy,        &Sender::on_mail,
        &Sender::on_rcpt,     &Sender::on_data, &Sender::on_end_of_data, &Sender::on_rset,
        &Sender::on_turn,     &Sender::on_quit, &Sender::on_done};
    return (this->*handlers[static_cast<std::size_t>(state_)])(reply);
}

SenderStep Sender::on_greeting(const Reply& reply) {
    if (!positive_completion(reply)) {
        return protocol_error(reply);
    }
    // RFC 821 4.1.1: HELO first, even with nothing to send (then QUIT).
    return enter(SenderState::helo);
}

SenderStep Sender::on_helo(const Reply& reply) {
    if (positive_completion(reply)) {
        attempt_ = 0;
        return attempts_.empty() ? finish() : verify_or_mail();
    }
    if (negative(reply)) {
        fail_remaining(failure_for(reply), reply);
        return enter(SenderState::quit);
    }
    return protocol_error(reply);
}

SenderStep Sender::on_vrfy(const Reply&) {
    // Any answer (250, 251, 551, 550, 553, 5xx syntax) lets the mail go on.
    return verify_or_mail();
}

SenderStep Sender::on_mail(const Reply& reply) {
    if (positive_completion(reply)) {
        return enter(SenderState::rcpt);
    }
    if (negative(reply)) {
        fail_attempt(reply);
        return next_transaction();
    }
    return protocol_error(reply);
}

SenderStep Sender::on_rcpt(const Reply& reply) {
    const std::size_t envelope = attempts_[attempt_].envelope;
    const std::size_t recipient = next_rcpt_;
    if (positive_completion(reply)) {
        accepted_.push_back(recipient);
        outcome_of(envelope, recipient).rcpt_reply = reply;
    } else if (reply.code == reply::storage_exceeded && !accepted_.empty()) {
        carried_from_ = recipient;  // it and the rest: another transaction
    } else if (negative(reply)) {
        decide(envelope, recipient, failure_for(reply), reply);
    } else {
        return protocol_error(reply);
    }
    return after_rcpt();
}

SenderStep Sender::on_data(const Reply& reply) {
    if (reply.code == reply::start_mail_input) {
        return enter(SenderState::end_of_data);
    }
    if (negative(reply)) {
        fail_accepted(reply);
        return enter(SenderState::rset);
    }
    return protocol_error(reply);
}

SenderStep Sender::on_end_of_data(const Reply& reply) {
    if (positive_completion(reply)) {
        for (std::size_t recipient : accepted_) {
            decide(attempts_[attempt_].envelope, recipient, Outcome::accepted, reply);
        }
        return next_transaction();
    }
    if (negative(reply)) {
        fail_accepted(reply);
        return next_transaction();
    }
    return protocol_error(reply);
}

SenderStep Sender::on_rset(const Reply& reply) {
    return positive_completion(reply) ? next_transaction() : protocol_error(reply);
}

SenderStep Sender::on_turn(const Reply& reply) {
    // RFC 821 4.1.1 TURN: 250, and the receiver is now the sender; or 502.
    if (reply.code == reply::ok) {
        turned_ = true;
        return enter(SenderState::done);
    }
    return enter(SenderState::quit);
}

SenderStep Sender::on_quit(const Reply&) {
    return enter(SenderState::done);
}

SenderStep Sender::on_done(const Reply&) {
    return {};
}

void Sender::on_connection_lost() {
    fail_remaining(Outcome::transient_failure, std::nullopt);
    state_ = SenderState::done;
}

const PermittedReplies* Sender::awaited_replies() const {
    switch (state_) {
        case SenderState::greeting:
            return &permitted_greetings();
        case SenderState::helo:
            return &permitted_replies(Verb::helo);
        case SenderState::vrfy:
            return &permitted_replies(Verb::vrfy);
        case SenderState::mail:
            return &permitted_replies(mode_verb(envelopes_[attempts_[attempt_].envelope].mode));
        case SenderState::rcpt:
            return &permitted_replies(Verb::rcpt);
        case SenderState::data:
            return &permitted_replies(Verb::data);
        case SenderState::end_of_data:
            return &permitted_end_of_data_replies();
        case SenderState::rset:
            return &permitted_replies(Verb::rset);
        case SenderState::turn:
            return &permitted_replies(Verb::turn);
        case SenderState::quit:
            return &permitted_replies(Verb::quit);
        case SenderState::done:
            return nullptr;
    }
    return nullptr;
}

std::optional<std::pair<std::size_t, std::size_t>> Sender::pending_rcpt() const {
    if (state_ != SenderState::rcpt) {
        return std::nullopt;
    }
    return std::pair{attempts_[attempt_].envelope, next_rcpt_};
}

std::optional<Sender::Current> Sender::current() const {
    switch (state_) {
        case SenderState::mail:
        case SenderState::rcpt:
        case SenderState::data:
        case SenderState::end_of_data:
            if (attempt_ < attempts_.size()) {
                return Current{attempts_[attempt_].envelope, accepted_};
            }
            return std::nullopt;
        case SenderState::greeting:
        case SenderState::helo:
        case SenderState::vrfy:
        case SenderState::rset:
        case SenderState::turn:
        case SenderState::quit:
        case SenderState::done:
            return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace smtpsim::smtp
