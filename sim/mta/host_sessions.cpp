// A host's sessions: acting on the outcomes of the sessions it opened, and
// serving the sessions it receives (relaying decisions, storage, taking mail).
#include "mta/host.hpp"

#include <algorithm>

#include "core/time.hpp"
#include "mta/session.hpp"

namespace smtpsim::mta {

// ---------------------------------------------------------------------------
// As the sender of mail

void Host::session_closed(Session& session) {
    const net::HostId server = session.server().id();
    std::vector<smtp::Envelope> envelopes = session.sender().take_envelopes();
    std::vector<LetterInfo>& infos = session.letter_infos();
    for (std::size_t e = 0; e < envelopes.size(); ++e) {
        Letter letter{std::move(envelopes[e]), std::move(infos[e])};
        settle(letter, session.sender(), e, server);
    }
    session.recycle(std::move(envelopes));
    --outbound_;
    const std::size_t queue = queue_of(server);
    queues_[queue].session_open = false;
    // The next hosts already waiting for a session go first, in the order
    // they began to wait; the one just served queues up behind them.
    while (!slot_queue_.empty() && outbound_ < props_.max_sessions) {
        const std::size_t waiting = slot_queue_.front();
        slot_queue_.erase(slot_queue_.begin());
        queues_[waiting].waiting_for_slot = false;
        try_send(waiting);
    }
    try_send(queue);
}

void Host::data_accepted(const Session& session, std::size_t envelope,
                         std::span<const std::size_t> recipients) {
    hop(trace::HopKind::relayed, session.sender().envelope(envelope),
        session.letter_infos()[envelope], true, recipients);
}

void Host::settle(Letter& letter, const smtp::Sender& sender, std::size_t envelope,
                  net::HostId server) {
    const auto& outcomes = sender.outcomes(envelope);
    std::optional<Letter> retry;  // the recipients to try again
    const smtp::Reply* last_transient = nullptr;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const auto& reply = outcomes[i].reply;
        switch (outcomes[i].outcome) {
            case smtp::Outcome::accepted:
                break;  // relayed when the 250 arrived (data_accepted)
            case smtp::Outcome::permanent_failure: {
                if (redirect(letter, i, reply)) {
                    break;
                }
                // One notification per failed recipient, naming its own reply.
                const trace::Cause cause =
                    reply ? trace::Cause{trace::Cause::Kind::reply,
                                         static_cast<std::uint16_t>(reply->code)}
                          : trace::Cause{trace::Cause::Kind::refused, 0};
                const std::size_t which[] = {i};
                give_up(letter, which,
                        {reply ? &*reply : nullptr, static_cast<trace::HostIndex>(server),
                         "refused by " + env_.topology.name(server), cause});
                break;
            }
            case smtp::Outcome::transient_failure:
            case smtp::Outcome::pending:
                if (!retry) {
                    retry = letter.empty_copy();
                }
                retry->add_recipient(letter.envelope.forward_paths[i], letter.info.recipients[i]);
                if (reply) {
                    last_transient = &*reply;
                }
                break;
        }
    }
    count_queue(-1);
    storage_used_ -= std::min<std::uint64_t>(storage_used_, letter.bytes());
    if (!retry) {
        return;
    }
    ++retry->info.failed_attempts;
    const core::Time now = env_.scheduler.now();
    if (now - retry->info.queued_since >= retry_.lifetime) {
        std::vector<std::size_t> all(retry->info.recipients.size());
        for (std::size_t i = 0; i < all.size(); ++i) {
            all[i] = i;
        }
        give_up(*retry, all,
                {last_transient, static_cast<trace::HostIndex>(id_),
                 "still undeliverable after " + core::format_duration(retry_.lifetime) +
                     " in the queue of " + name(),
                 trace::Cause{trace::Cause::Kind::lifetime, 0}});
        return;
    }
    env_.bus.counted({now, trace::Tally::retry, static_cast<trace::HostIndex>(id_)});
    retry->info.not_before = now + retry_delay(retry_, retry->info.failed_attempts);
    requeue(queue_of(server), std::move(*retry));
}

bool Host::redirect(const Letter& letter, std::size_t index,
                    const std::optional<smtp::Reply>& reply) {
    // RFC 821 3.2: "551 User not local; please try <forward-path>": the
    // sender may send the mail there instead. A few times at most, so that
    // two hosts pointing at each other cannot loop.
    constexpr int max_redirects = 5;
    if (!reply || reply->code != smtp::reply::user_not_local ||
        letter.info.recipients[index].redirects >= max_redirects) {
        return false;
    }
    const auto target = smtp::forward_path_in(*reply);
    if (!target) {
        return false;
    }
    Letter again = letter.empty_copy();
    Recipient recipient = letter.info.recipients[index];
    ++recipient.redirects;
    recipient.destination = {};  // of the new path, when it is needed
    again.add_recipient(*target, recipient);
    again.info.failed_attempts = 0;
    again.envelope.verify.clear();
    dispatch(std::move(again));
    return true;
}

void Host::give_up(const Letter& letter, std::span<const std::size_t> which,
                   const Failure& failure) {
    hop(trace::HopKind::failed, letter, true, which);
    if (auto notice = env_.accounting.failed(id_, letter, which, failure)) {
        hop(trace::HopKind::submitted, *notice, true);
        dispatch(std::move(*notice));
    }
}

// ---------------------------------------------------------------------------
// As the receiver of mail

void Host::admit(Session& session) {
    if (inbound_ >= props_.max_sessions) {
        accept_queue_.push_back(&session);  // waits for a free session; see README
        session.wait_for_slot();
        return;
    }
    ++inbound_;
    session.begin();
}

void Host::release(Session& session, bool was_served) {
    if (!was_served) {
        std::erase(accept_queue_, &session);  // it may have been waiting for a slot
        return;
    }
    --inbound_;
    if (!accept_queue_.empty()) {
        Session* next = accept_queue_.front();
        accept_queue_.erase(accept_queue_.begin());
        ++inbound_;
        next->begin();
    }
}

smtp::RelayStatus Host::may_relay(const smtp::Path& forward_path, MailboxHost& destination) {
    if (!props_.relay || env_.faults.relay_refused(id_)) {
        return smtp::RelayStatus::refused;
    }
    const NextHop next = env_.router.next_hop(id_, forward_path, destination);
    if (next.kind == NextHop::Kind::remote) {
        return smtp::RelayStatus::accepted;
    }
    return next.why == NextHop::Why::no_route_yet ? smtp::RelayStatus::no_route_yet
                                                  : smtp::RelayStatus::refused;
}

std::optional<smtp::Reply> Host::refuse_loop(const smtp::MailText& text) const {
    // RFC 5321 6.3: counting Received: lines is how MTAs find loops; it
    // suggests a limit of at least 100. RFC 821 has no such limit. Each
    // relay puts its line in front, so they are the text's first lines.
    const std::size_t received = text.leading_received_lines();
    if (received <= env_.config.hop_limit) {
        return std::nullopt;
    }
    env_.bus.counted(
        {env_.scheduler.now(), trace::Tally::hop_limit, static_cast<trace::HostIndex>(id_)});
    return smtp::Reply{smtp::reply::transaction_failed,
                       "Transaction failed: " + std::to_string(received) +
                           " Received: lines, more than " + std::to_string(env_.config.hop_limit) +
                           " (a mail loop?)"};
}

smtp::StorageStatus Host::storage_for() const {
    if (env_.faults.storage_exhausted(id_)) {
        return smtp::StorageStatus::exceeded;
    }
    if (env_.faults.storage_full(id_) || (props_.storage && storage_used_ >= *props_.storage)) {
        return smtp::StorageStatus::insufficient;
    }
    return smtp::StorageStatus::available;
}

InboundMail Host::enter_from_outside(const smtp::Transaction& transaction) {
    // A mail from a client outside the simulation enters it here and now,
    // as if a session had carried it: its recipients are counted from now.
    std::vector<smtp::Path> requested;
    requested.reserve(transaction.recipients.size());
    for (const smtp::AcceptedRecipient& r : transaction.recipients) {
        requested.push_back(r.requested_path);
    }
    const auto injected = env_.accounting.inject(
        env_.scheduler.now(), id_, transaction.received_reverse_path.mailbox, requested);
    InboundMail entered;
    entered.message = injected.message;
    for (std::size_t i = 0; i < requested.size(); ++i) {
        entered.recipients.push_back({injected.first_recipient + i, 0, {}});
    }
    return entered;
}

smtp::Reply Host::accept(smtp::Transaction& transaction, const InboundMail& mail) {
    if (mail.recipients.size() != transaction.recipients.size()) {
        // The two ends of one simulated connection always agree.
        throw std::logic_error("host " + name() +
                               ": the transaction's recipients and the RCPTs "
                               "accepted disagree");
    }
    if (auto loop = refuse_loop(*transaction.data)) {
        return *loop;
    }
    const std::size_t bytes = transaction.data->bytes();
    // RFC 821 4.3: the end of mail data may get 452 (for now) or 552 (for good).
    if (env_.faults.storage_exhausted(id_) ||
        (props_.storage && storage_used_ + bytes > *props_.storage)) {
        return smtp::standard_reply(smtp::reply::storage_exceeded);
    }
    if (env_.faults.storage_full(id_)) {
        return smtp::standard_reply(smtp::reply::insufficient_storage);
    }
    if (mail.about != 0) {
        env_.accounting.notification_passed(mail.message, id_);
    }
    const InboundMail taken = mail.message == 0 ? enter_from_outside(transaction) : mail;
    Letter letter;
    letter.envelope.reverse_path = std::move(transaction.reverse_path);
    letter.envelope.mode = transaction.mode;
    // RFC 821 4.1.1: the receiver inserts a time stamp line at the beginning.
    letter.envelope.data =
        smtp::MailText::prepend(received_line(transaction.client_domain), transaction.data);
    letter.info.message = taken.message;
    letter.info.about = taken.about;
    letter.info.return_path = std::move(transaction.received_reverse_path);
    letter.info.hops = taken.hops + 1;
    for (std::size_t i = 0; i < transaction.recipients.size(); ++i) {
        smtp::Path& path = transaction.recipients[i].forward_path;
        Recipient recipient = taken.recipients[i];
        // What the RCPT's check found, if it was for this path.
        recipient.destination = env_.router.confirmed(path, recipient.destination);
        letter.add_recipient(std::move(path), recipient);
    }
    const NextHops next = next_hops(letter);
    const bool passes_on = std::any_of(next.begin(), next.end(), [](const NextHop& hop) {
        return hop.kind != NextHop::Kind::local;
    });
    hop(trace::HopKind::accepted, letter, passes_on);
    dispatch(std::move(letter), std::span<const NextHop>(next.data(), next.size()));
    return smtp::Reply{smtp::reply::ok, "OK"};  // as RFC 821's dialogues answer the final "."
}

}  // namespace smtpsim::mta
