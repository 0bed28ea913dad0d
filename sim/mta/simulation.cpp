// The simulation: submission, dispatch of each recipient to a mailbox or a
// queue, sessions to next hosts, outcomes, notifications, accounting.
#include "mta/simulation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "core/ascii.hpp"
#include "core/calendar.hpp"
#include "mta/server_policy.hpp"
#include "mta/session.hpp"

namespace smtpsim::mta {

std::string_view routing_mode_name(RoutingMode mode) {
    switch (mode) {
        case RoutingMode::source:
            return "source";
        case RoutingMode::shortest:
            return "shortest";
        case RoutingMode::next_hop:
            return "next-hop";
    }
    return "?";
}

std::optional<RoutingMode> parse_routing_mode(std::string_view text) {
    for (RoutingMode mode : {RoutingMode::source, RoutingMode::shortest, RoutingMode::next_hop}) {
        if (text == routing_mode_name(mode)) {
            return mode;
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------
// ServerPolicy

ServerPolicy::ServerPolicy(Simulation& sim, Session& session, Host& host)
    : TopologyPolicy(sim.topology_, host.id), sim_(sim), session_(session), host_(host) {}

smtp::RelayStatus ServerPolicy::may_relay(std::string_view, const smtp::Path& forward_path) {
    return sim_.may_relay(host_, forward_path);
}

smtp::StorageStatus ServerPolicy::storage_for(smtp::Mode, const smtp::Path&) {
    return sim_.storage_for(host_);
}

smtp::Reply ServerPolicy::accept_message(smtp::Transaction& transaction) {
    return sim_.accept(session_, transaction);
}

smtp::MailboxAnswer ServerPolicy::lookup_mailbox(const smtp::Mailbox& mailbox) {
    if (auto answer = sim_.mailbox_override(host_, mailbox)) {
        return *answer;
    }
    return TopologyPolicy::lookup_mailbox(mailbox);
}

std::optional<smtp::ReplyCode> ServerPolicy::transient_failure(smtp::Verb verb) {
    return sim_.transient_failure(host_, verb);
}

// ---------------------------------------------------------------------------
// Set-up and submission

Simulation::Simulation(const net::Topology& topology, SimulationConfig config, trace::Bus& bus)
    : topology_(topology), config_(config), bus_(bus), network_(topology) {
    if (config_.reroute_after) {
        routing_view_ = std::make_unique<net::Topology>(topology);
    }
    router_ =
        std::make_unique<net::Router>(routing_view_ ? *routing_view_ : topology, config.metric);
    if (routing_view_) {
        static_router_ = std::make_unique<net::Router>(topology, config.metric);
    }
    hosts_.resize(topology.host_count());
    failure_random_.resize(topology.host_count());
    for (net::HostId id = 0; id < topology.host_count(); ++id) {
        Host& host = hosts_[id];
        host.id = id;
        host.props = &topology.host(id);
        host.name = host.props->name;
        const auto own = config_.host_retry.find(id);
        host.retry = own != config_.host_retry.end() ? own->second : config_.retry;
    }
}

Simulation::~Simulation() = default;

std::uint64_t Simulation::submit(Submission submission) {
    const auto origin = topology_.find_host(submission.from.domain);
    if (!origin) {
        throw std::invalid_argument("no host " + submission.from.domain + " in the topology");
    }
    const std::size_t bytes = text_bytes(*submission.text);
    const std::uint64_t message = ledger_.add_message(submission.at, *origin, bytes).id;
    for (const smtp::Path& path : submission.to) {
        ledger_.add_recipient(message, path, true);
    }
    const core::Time at = submission.at;
    pending_submissions_.emplace(message, std::move(submission));
    scheduler_.schedule_at(at, [this, message] {
        auto node = pending_submissions_.extract(message);
        on_submit(message, node.mapped());
    });
    return message;
}

void Simulation::on_submit(std::uint64_t message, Submission& submission) {
    Host& origin = hosts_[ledger_.message(message).origin];
    Letter letter;
    letter.message = message;
    letter.reverse_path.mailbox = submission.from;
    letter.return_path = letter.reverse_path;
    letter.mode = submission.mode;
    letter.text = std::move(submission.text);
    letter.bytes = ledger_.message(message).bytes;
    letter.originated_here = true;
    letter.verify = std::move(submission.verify);
    const std::uint64_t first = ledger_.message(message).first_recipient;
    for (std::size_t i = 0; i < submission.to.size(); ++i) {
        smtp::Path path = smtp::remove_self(submission.to[i], origin.name);
        if (config_.routing == RoutingMode::shortest && path.route.empty()) {
            // The originator writes the whole route (DESIGN: shortest mode).
            if (auto dest = topology_.find_host(path.mailbox.domain); dest && *dest != origin.id) {
                auto route = router_->route(origin.id, *dest);
                if (!route && static_router_) {
                    // Cut off only by failures: the route as loaded, to wait on.
                    route = static_router_->route(origin.id, *dest);
                }
                if (route) {
                    for (std::size_t h = 1; h + 1 < route->hosts.size(); ++h) {
                        path.route.push_back(topology_.name(route->hosts[h]));
                    }
                }
            }
        }
        letter.recipients.push_back({first + i, std::move(path)});
    }
    submission.to.clear();
    hop(origin, trace::HopKind::submitted, letter);
    dispatch(origin, std::move(letter));
}

// ---------------------------------------------------------------------------
// Routing

Simulation::NextHop Simulation::next_hop(net::HostId at, const smtp::Path& forward_path) {
    const std::string& here = hosts_[at].name;
    if (!forward_path.route.empty()) {
        const std::string& first = forward_path.route.front();
        const auto target = topology_.find_host(first);
        if (!target) {
            return {NextHop::Kind::none, 0, "no host " + first + " in the topology"};
        }
        if (!network_.link_between(at, *target)) {
            return {NextHop::Kind::none, 0, "no link from " + here + " to " + first};
        }
        return {NextHop::Kind::remote, *target, {}};
    }
    const std::string& domain = forward_path.mailbox.domain;
    const auto destination = topology_.find_host(domain);
    if (!destination) {
        return {NextHop::Kind::none, 0, "no host " + domain + " in the topology"};
    }
    if (*destination == at) {
        return {NextHop::Kind::local, at, {}};
    }
    if (config_.routing == RoutingMode::next_hop) {
        if (auto next = router_->next_hop(at, *destination)) {
            return {NextHop::Kind::remote, *next, {}};
        }
        // Cut off only by failures: keep the mail for the way the tables had
        // before them, where it waits (retried) for a repair or a new route.
        if (static_router_) {
            if (auto next = static_router_->next_hop(at, *destination)) {
                return {NextHop::Kind::remote, *next, {}};
            }
        }
        return {NextHop::Kind::none, 0, "no route from " + here + " to " + domain};
    }
    if (!network_.link_between(at, *destination)) {
        return {NextHop::Kind::none, 0, "no link from " + here + " to " + domain};
    }
    return {NextHop::Kind::remote, *destination, {}};
}

// ---------------------------------------------------------------------------
// Dispatch: mailbox, queue, or back

void Simulation::dispatch(Host& host, Letter letter) {
    // Group the remote recipients by next host; one letter (one copy of the
    // text) per next host (RFC 821 2).
    std::map<net::HostId, Letter> outgoing;
    std::vector<std::size_t> unroutable;
    std::string why;
    for (std::size_t i = 0; i < letter.recipients.size(); ++i) {
        const Recipient& r = letter.recipients[i];
        const NextHop next = next_hop(host.id, r.forward_path);
        switch (next.kind) {
            case NextHop::Kind::local:
                store(host, letter, r);
                break;
            case NextHop::Kind::remote: {
                auto [it, fresh] = outgoing.try_emplace(next.host);
                if (fresh) {
                    it->second = letter;
                    it->second.recipients.clear();
                }
                it->second.recipients.push_back(r);
                break;
            }
            case NextHop::Kind::none:
                unroutable.push_back(i);
                why = next.why;
                break;
        }
    }
    if (!unroutable.empty()) {
        give_up(host, letter, unroutable,
                {nullptr, static_cast<std::uint32_t>(host.id), why, "no route"});
    }
    for (auto& [next, out] : outgoing) {
        enqueue(host, next, std::move(out));
    }
}

void Simulation::store(Host& host, const Letter& letter, const Recipient& recipient) {
    host.storage_used += letter.bytes;
    ++host.counters.delivered;
    if (config_.keep_mail_text) {
        StoredMail mail;
        mail.time = scheduler_.now();
        mail.message = letter.message;
        mail.mailbox = recipient.forward_path.mailbox.user();
        mail.mode = letter.mode;
        // RFC 821 4.1.1: final delivery puts the reverse-path in a Return-Path line.
        auto text = std::make_shared<Text>();
        text->reserve(letter.text->size() + 1);
        text->push_back("Return-Path: " + letter.return_path.format());
        text->insert(text->end(), letter.text->begin(), letter.text->end());
        mail.text = std::move(text);
        host.mailbox.push_back(std::move(mail));
    }

    std::vector<std::size_t> which;
    for (std::size_t i = 0; i < letter.recipients.size(); ++i) {
        if (letter.recipients[i].id == recipient.id) {
            which.push_back(i);
        }
    }
    hop(host, trace::HopKind::delivered, letter, &which);

    // What a notification reports, read before resolve() may drop the details.
    const RecipientDetails* notice = ledger_.find_details(recipient.id);
    const std::vector<std::uint64_t> reported =
        notice ? notice->reported : std::vector<std::uint64_t>{};
    if (!resolve(recipient.id, trace::Outcome::delivered, letter.hops, host.id, nullptr, {}, 0)) {
        ++host.counters.duplicates;  // another copy got here first (a dropped 250)
        return;
    }
    if (ledger_.recipient(recipient.id).counted) {
        return;
    }
    // A notification reached the originator: its recipients are returned.
    for (std::uint64_t id : reported) {
        const RecipientDetails why = ledger_.details(id);  // a copy: resolve may drop it
        resolve(id, trace::Outcome::returned, letter.hops, why.failing_host,
                why.reply ? &*why.reply : nullptr, why.reason, letter.message, why.cause);
    }
}

void Simulation::enqueue(Host& host, net::HostId next, Letter letter) {
    letter.queued_since = scheduler_.now();
    letter.not_before = scheduler_.now();
    host.storage_used += letter.bytes;
    OutQueue& queue = host.queues[next];
    queue.letters.push_back(std::move(letter));
    count_queue(host, +1);
    // A queue run at this instant, after every event now due: mail queued at
    // the same time for the same next host goes in one session.
    if (!queue.run_scheduled && !queue.session_open) {
        queue.run_scheduled = true;
        const net::HostId at = host.id;
        scheduler_.schedule_after(core::Time::zero(), [this, at, next] {
            hosts_[at].queues[next].run_scheduled = false;
            try_send(hosts_[at], next);
        });
    }
}

void Simulation::count_queue(Host& host, std::int64_t change) {
    host.counters.queued =
        static_cast<std::uint64_t>(static_cast<std::int64_t>(host.counters.queued) + change);
    host.counters.peak_queue = std::max(host.counters.peak_queue, host.counters.queued);
}

void Simulation::try_send(Host& host, net::HostId next) {
    OutQueue& queue = host.queues[next];
    if (queue.session_open || queue.letters.empty() || host.faults.down > 0) {
        return;  // a host that is down sends nothing; it runs its queues when it is up again
    }
    const core::Time now = scheduler_.now();
    const bool any_ready = std::any_of(queue.letters.begin(), queue.letters.end(),
                                       [now](const Letter& l) { return l.not_before <= now; });
    if (!any_ready) {
        arm_retry(host, next, queue);
        return;
    }
    if (host.outbound >= host.props->max_sessions) {
        if (!queue.waiting_for_slot) {
            queue.waiting_for_slot = true;
            host.slot_queue.push_back(next);
        }
        return;
    }
    // Only hosts reached over a link are ever queued for (see next_hop).
    const LinkIndex link = *network_.link_between(host.id, next);
    std::vector<Letter> batch;
    std::deque<Letter> later;
    for (Letter& letter : queue.letters) {
        if (letter.not_before <= now) {
            batch.push_back(std::move(letter));
        } else {
            later.push_back(std::move(letter));
        }
    }
    queue.letters = std::move(later);
    scheduler_.cancel(queue.retry_timer);
    queue.session_open = true;
    ++host.outbound;
    const std::uint64_t id = next_session_++;
    auto session = std::make_unique<Session>(*this, id, host.id, next, link, std::move(batch));
    Session& s = *session;
    sessions_.emplace(id, std::move(session));
    s.connect();
}

void Simulation::arm_retry(Host& host, net::HostId next, OutQueue& queue) {
    core::Time earliest = core::Time::max();
    for (const Letter& letter : queue.letters) {
        earliest = std::min(earliest, letter.not_before);
    }
    if (earliest == core::Time::max()) {
        return;
    }
    scheduler_.cancel(queue.retry_timer);
    const net::HostId at = host.id;
    queue.retry_timer =
        scheduler_.schedule_at(earliest, [this, at, next] { try_send(hosts_[at], next); });
}

// ---------------------------------------------------------------------------
// Server side

smtp::RelayStatus Simulation::may_relay(Host& host, const smtp::Path& forward_path) {
    if (!host.props->relay || host.faults.relay_refused > 0) {
        return smtp::RelayStatus::refused;
    }
    return next_hop(host.id, forward_path).kind == NextHop::Kind::remote
               ? smtp::RelayStatus::accepted
               : smtp::RelayStatus::refused;
}

smtp::StorageStatus Simulation::storage_for(Host& host) {
    if (host.faults.storage_full_permanent > 0) {
        return smtp::StorageStatus::exceeded;
    }
    if (host.faults.storage_full > 0 ||
        (host.props->storage && host.storage_used >= *host.props->storage)) {
        return smtp::StorageStatus::insufficient;
    }
    return smtp::StorageStatus::available;
}

std::string Simulation::date_text() const {
    return core::format_rfc821_date(config_.epoch_unix +
                                    scheduler_.now().count_ns() / 1'000'000'000);
}

std::string Simulation::received_line(const Host& from, const Host& by) const {
    // RFC 821 4.1.2 <time-stamp>.
    return "Received: from " + from.name + " by " + by.name + " ; " + date_text();
}

smtp::Reply Simulation::accept(Session& session, smtp::Transaction& transaction) {
    Host& host = hosts_[session.server()];
    const auto current = session.sender().current();
    if (!current || current->accepted.size() != transaction.recipients.size()) {
        // The two ends of one simulated connection always agree.
        throw std::logic_error("session " + std::to_string(session.id()) +
                               ": sender and receiver disagree on the recipients");
    }
    const Letter& sent = session.letters()[current->envelope];
    const std::size_t bytes = sent.bytes;
    // RFC 821 4.3: the end of mail data may get 452 (for now) or 552 (for good).
    if (host.faults.storage_full_permanent > 0 ||
        (host.props->storage && host.storage_used + bytes > *host.props->storage)) {
        return smtp::standard_reply(smtp::reply::storage_exceeded);
    }
    if (host.faults.storage_full > 0) {
        return smtp::standard_reply(smtp::reply::insufficient_storage);
    }
    if (ledger_.message(sent.message).about != 0) {
        ledger_.message(sent.message).route.push_back(host.id);
    }

    Letter letter;
    letter.message = sent.message;
    letter.reverse_path = std::move(transaction.reverse_path);
    letter.return_path = std::move(transaction.received_reverse_path);
    letter.mode = transaction.mode;
    letter.hops = sent.hops + 1;
    auto text = std::make_shared<Text>();
    text->reserve(transaction.data.size() + 1);
    text->push_back(received_line(hosts_[session.client()], host));
    text->insert(text->end(), std::make_move_iterator(transaction.data.begin()),
                 std::make_move_iterator(transaction.data.end()));
    letter.bytes = text_bytes(*text);
    letter.text = std::move(text);
    for (std::size_t i = 0; i < transaction.recipients.size(); ++i) {
        const std::size_t index = current->accepted[i];
        letter.recipients.push_back(
            {sent.recipients[index].id, std::move(transaction.recipients[i].forward_path)});
    }
    ++host.counters.accepted;
    hop(host, trace::HopKind::accepted, letter);
    dispatch(host, std::move(letter));
    return smtp::Reply{smtp::reply::ok, "OK"};  // as RFC 821's dialogues answer the final "."
}

// ---------------------------------------------------------------------------
// Client side: the end of a session

void Simulation::session_ended(Session& session, std::string_view reason) {
    Host& client = hosts_[session.client()];
    if (bus_.wants(trace::sessions)) {
        bus_.session_closed({scheduler_.now(), session.id(), reason});
    }
    handle_outcomes(session);
    --client.outbound;
    const net::HostId next = session.server();
    client.queues[next].session_open = false;
    // Free the session once this event is over: it is still on the stack.
    const std::uint64_t id = session.id();
    scheduler_.schedule_after(core::Time::zero(), [this, id] { sessions_.erase(id); });
    try_send(client, next);
    while (!client.slot_queue.empty() && client.outbound < client.props->max_sessions) {
        const net::HostId waiting = client.slot_queue.front();
        client.slot_queue.pop_front();
        client.queues[waiting].waiting_for_slot = false;
        try_send(client, waiting);
    }
}

void Simulation::handle_outcomes(Session& session) {
    Host& client = hosts_[session.client()];
    const Host& server = hosts_[session.server()];
    const smtp::Sender& sender = session.sender();
    const core::Time now = scheduler_.now();
    for (std::size_t e = 0; e < session.letters().size(); ++e) {
        Letter& letter = session.letters()[e];
        const auto& outcomes = sender.outcomes(e);
        std::vector<std::size_t> relayed;
        Letter retry = letter;
        retry.recipients.clear();
        const smtp::Reply* last_transient = nullptr;
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            const auto& reply = outcomes[i].reply;
            switch (outcomes[i].outcome) {
                case smtp::Outcome::accepted:
                    relayed.push_back(i);
                    break;
                case smtp::Outcome::permanent_failure:
                    if (redirect(client, letter, i, reply)) {
                        break;
                    }
                    // One notification per failed recipient, naming its own reply.
                    give_up(client, letter, {i},
                            {reply ? &*reply : nullptr, static_cast<std::uint32_t>(server.id),
                             "refused by " + server.name,
                             reply ? std::to_string(reply->code) : "refused"});
                    break;
                case smtp::Outcome::transient_failure:
                case smtp::Outcome::pending:
                    retry.recipients.push_back(letter.recipients[i]);
                    if (reply) {
                        last_transient = &*reply;
                    }
                    break;
            }
        }
        if (!relayed.empty()) {
            hop(client, trace::HopKind::relayed, letter, &relayed);
        }
        count_queue(client, -1);
        client.storage_used -= std::min<std::uint64_t>(client.storage_used, letter.bytes);
        if (retry.recipients.empty()) {
            continue;
        }
        ++retry.failed_attempts;
        if (now - retry.queued_since >= client.retry.lifetime) {
            std::vector<std::size_t> all(retry.recipients.size());
            for (std::size_t i = 0; i < all.size(); ++i) {
                all[i] = i;
            }
            give_up(client, retry, all,
                    {last_transient, static_cast<std::uint32_t>(client.id),
                     "still undeliverable after " + core::format_duration(client.retry.lifetime) +
                         " in the queue of " + client.name,
                     "lifetime"});
            continue;
        }
        ++counters_.retries;
        retry.not_before = now + retry_delay(client.retry, retry.failed_attempts);
        client.storage_used += retry.bytes;
        client.queues[session.server()].letters.push_back(std::move(retry));
        count_queue(client, +1);
    }
}

bool Simulation::redirect(Host& host, const Letter& letter, std::size_t index,
                          const std::optional<smtp::Reply>& reply) {
    // RFC 821 3.2: "551 User not local; please try <forward-path>": the
    // sender may send the mail there instead. A few times at most, so that
    // two hosts pointing at each other cannot loop.
    constexpr int max_redirects = 5;
    if (!reply || reply->code != smtp::reply::user_not_local ||
        letter.recipients[index].redirects >= max_redirects) {
        return false;
    }
    const auto target = smtp::forward_path_in(*reply);
    if (!target) {
        return false;
    }
    Letter again = letter;
    again.recipients = {letter.recipients[index]};
    again.recipients[0].forward_path = *target;
    ++again.recipients[0].redirects;
    again.failed_attempts = 0;
    again.verify.clear();
    dispatch(host, std::move(again));
    return true;
}

// ---------------------------------------------------------------------------
// Failures: straight back to a local originator, or a notification

void Simulation::give_up(Host& host, const Letter& letter, const std::vector<std::size_t>& which,
                         const Failure& failure) {
    hop(host, trace::HopKind::failed, letter, &which);
    const std::uint16_t cause = ledger_.cause_id(failure.cause);
    if (letter.originated_here) {
        // RFC 821 3.6 needs no notification mail: the originator's own host
        // tells its user at once.
        for (std::size_t i : which) {
            resolve(letter.recipients[i].id, trace::Outcome::returned, letter.hops,
                    failure.failing_host, failure.reply, failure.reason, 0, cause);
        }
        return;
    }
    if (letter.return_path.is_null()) {
        // A notification that cannot be delivered is never answered by another.
        for (std::size_t i : which) {
            fail_notification(letter.recipients[i].id, failure.failing_host, failure.reply,
                              "the notification could not be delivered: " + failure.reason, cause);
        }
        return;
    }
    notify(host, letter, which, failure);
}

void Simulation::fail_notification(std::uint64_t notification_recipient, std::uint32_t failing_host,
                                   const smtp::Reply* reply, const std::string& reason,
                                   std::uint16_t cause) {
    const RecipientDetails* notice = ledger_.find_details(notification_recipient);
    const std::vector<std::uint64_t> reported =
        notice ? notice->reported : std::vector<std::uint64_t>{};
    if (!resolve(notification_recipient, trace::Outcome::unreturnable, 0, failing_host, reply,
                 reason, 0, cause)) {
        return;  // another copy of the notification was delivered or failed already
    }
    const std::uint64_t message = ledger_.recipient(notification_recipient).message;
    for (std::uint64_t id : reported) {
        const RecipientDetails why = ledger_.details(id);
        resolve(id, trace::Outcome::unreturnable, 0, why.failing_host,
                why.reply ? &*why.reply : nullptr, why.reason + "; " + reason, message, why.cause);
    }
}

void Simulation::notify(Host& host, const Letter& letter, const std::vector<std::size_t>& which,
                        const Failure& failure) {
    const core::Time now = scheduler_.now();
    auto text = std::make_shared<Text>();
    text->push_back("Date: " + date_text());
    text->push_back("From: Postmaster@" + host.name);
    text->push_back("To: " + letter.return_path.mailbox.format());
    text->push_back("Subject: Undeliverable mail");
    text->push_back("");
    text->push_back("Your mail could not be delivered to:");
    for (std::size_t i : which) {
        text->push_back("    " + letter.recipients[i].forward_path.format());
    }
    text->push_back("Reason: " + failure.reason + ".");
    if (failure.reply != nullptr) {
        for (const std::string& line : failure.reply->wire_lines()) {
            text->push_back("Reply: " + line);
        }
    }
    const std::size_t bytes = text_bytes(*text);
    MessageRecord& record = ledger_.add_message(now, host.id, bytes, letter.message);
    record.route.push_back(host.id);
    const std::uint64_t message = record.id;
    const std::uint64_t recipient = ledger_.add_recipient(message, letter.return_path, false);
    const std::uint16_t cause = ledger_.cause_id(failure.cause);
    for (std::size_t i : which) {
        const std::uint64_t id = letter.recipients[i].id;
        ledger_.details(recipient).reported.push_back(id);
        RecipientDetails& original = ledger_.details(id);
        original.failing_host = failure.failing_host;
        original.reason = failure.reason;
        original.cause = cause;
        original.notification = message;
        if (failure.reply != nullptr) {
            original.reply = *failure.reply;
        }
    }
    ++counters_.notifications;

    Letter notice;
    notice.message = message;
    notice.reverse_path = smtp::Path::null();  // RFC 821 3.6: MAIL FROM:<>
    notice.return_path = smtp::Path::null();
    notice.recipients.push_back({recipient, letter.return_path});
    notice.text = std::move(text);
    notice.bytes = bytes;
    hop(host, trace::HopKind::submitted, notice);
    dispatch(host, std::move(notice));
}

bool Simulation::resolve(std::uint64_t recipient, trace::Outcome outcome, int hops,
                         std::uint32_t host, const smtp::Reply* reply, std::string reason,
                         std::uint64_t notification, std::uint16_t cause) {
    RecipientRecord& record = ledger_.recipient(recipient);
    if (record.outcome) {
        // A second copy (after a connection dropped before its 250) reached
        // an end too: the first outcome stands; the copy is counted.
        ++counters_.duplicates;
        return false;
    }
    record.outcome = outcome;
    record.time = scheduler_.now();
    record.hops = hops;
    record.host = host;
    record.cause = cause;
    RecipientDetails& details = ledger_.details(recipient);
    if (reply != nullptr) {
        details.reply = *reply;
    }
    details.reason = std::move(reason);
    details.notification = notification;
    if (record.counted && bus_.wants(trace::outcomes)) {
        std::vector<std::string_view> route;
        if (notification != 0) {
            for (net::HostId h : ledger_.message(notification).route) {
                route.push_back(hosts_[h].name);
            }
        }
        const std::string_view host_name =
            host == RecipientRecord::no_host ? std::string_view() : hosts_[host].name;
        bus_.resolved({record.time, recipient, record.message, details.forward_path, outcome, hops,
                       host_name, details.reply ? &*details.reply : nullptr, details.reason,
                       notification, route});
    }
    if (!config_.keep_mail_text) {
        ledger_.drop_details(recipient);  // told; the summary needs only the record
    }
    return true;
}

void Simulation::hop(const Host& host, trace::HopKind kind, const Letter& letter,
                     const std::vector<std::size_t>* which) {
    if (!bus_.wants(trace::hops)) {
        return;
    }
    std::vector<smtp::Path> paths;
    std::vector<std::uint64_t> ids;
    for (std::size_t i = 0; i < letter.recipients.size(); ++i) {
        if (which == nullptr || std::find(which->begin(), which->end(), i) != which->end()) {
            paths.push_back(letter.recipients[i].forward_path);
            ids.push_back(letter.recipients[i].id);
        }
    }
    // The reverse-path as it stands at this host: with this host in front
    // when it passes the mail on, the Return-Path when it delivers it here.
    bool passes_on = kind != trace::HopKind::delivered;
    if (kind == trace::HopKind::accepted) {
        passes_on = std::any_of(paths.begin(), paths.end(), [&](const smtp::Path& p) {
            return next_hop(host.id, p).kind != NextHop::Kind::local;
        });
    }
    const smtp::Path& reverse = passes_on ? letter.reverse_path : letter.return_path;
    bus_.hop({scheduler_.now(), letter.message, ledger_.message(letter.message).about, host.name,
              kind, paths, reverse, ids});
}

// ---------------------------------------------------------------------------
// Running

void Simulation::on_progress(std::function<void()> callback, std::uint64_t every_events) {
    progress_ = std::move(callback);
    progress_every_ = std::max<std::uint64_t>(1, every_events);
}

void Simulation::run() {
    if (progress_) {
        // In batches, so that the event loop itself stays free of checks.
        const core::Time limit = config_.stop.value_or(core::Time::max());
        while (scheduler_.run_some(limit, progress_every_)) {
            progress_();
        }
        progress_();
    }
    if (config_.stop) {
        scheduler_.run_until(*config_.stop);
    } else {
        scheduler_.run();
    }
    // Without a stop time the run ends when nothing is left to happen: mail
    // can then only be waiting in the queue of a host that never came back up.
    for (const Host& host : hosts_) {
        if (host.faults.down == 0) {
            continue;
        }
        for (const auto& [next, queue] : host.queues) {
            for (const Letter& letter : queue.letters) {
                for (const Recipient& r : letter.recipients) {
                    hold_in_flight(r.id, host.name + " held it and was down when the run ended");
                }
            }
        }
    }
    // With a stop time, whatever is unresolved was cut short by it.
    if (config_.stop) {
        for (std::uint64_t id = 1; id <= ledger_.recipient_count(); ++id) {
            if (!ledger_.recipient(id).outcome) {
                resolve(id, trace::Outcome::in_flight, 0, RecipientRecord::no_host, nullptr,
                        "the run stopped first", 0);
            }
        }
    }
    // Anything else left unresolved is a bug; Ledger::Totals::balanced() says so.
}

void Simulation::hold_in_flight(std::uint64_t recipient, const std::string& reason) {
    if (ledger_.recipient(recipient).outcome) {
        return;
    }
    const RecipientDetails* details = ledger_.find_details(recipient);
    const std::vector<std::uint64_t> reported =
        details ? details->reported : std::vector<std::uint64_t>{};
    resolve(recipient, trace::Outcome::in_flight, 0, RecipientRecord::no_host, nullptr, reason, 0);
    // A notification still on its way: what it reports is in flight with it.
    for (std::uint64_t id : reported) {
        hold_in_flight(id, reason);
    }
}

// ---------------------------------------------------------------------------
// The failure plan

void Simulation::add_failure(const FailureSpec& failure) {
    const FailureSpec& spec = failures_.emplace_back(failure);
    if (spec.kind == FailureKind::transient || spec.kind == FailureKind::drop_connection) {
        faults_.push_back({&spec, false, 0});
    }
    scheduler_.schedule_at(spec.at, [this, s = &spec] { start_failure(*s); });
    if (spec.duration) {
        scheduler_.schedule_at(spec.at + *spec.duration, [this, s = &spec] { end_failure(*s); });
    }
}

namespace {
std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = core::to_upper_ascii(c);
    }
    return out;
}
}  // namespace

void Simulation::start_failure(const FailureSpec& failure) {
    Host& host = hosts_[failure.host];
    HostFaults& faults = host.faults;
    switch (failure.kind) {
        case FailureKind::host_down:
            if (faults.down++ == 0) {
                host_state_changed(host);
            }
            return;
        case FailureKind::link_down: {
            const LinkIndex link = *network_.link_between(failure.host, failure.other);
            LinkState& state = network_.link(link);
            if (state.down++ == 0) {
                link_state_changed(link);
            }
            return;
        }
        case FailureKind::storage_full:
            ++(failure.permanent ? faults.storage_full_permanent : faults.storage_full);
            return;
        case FailureKind::unknown_mailbox:
            ++faults.unknown[upper(failure.mailbox)];
            return;
        case FailureKind::forward:
            faults.forwards[upper(failure.mailbox)].push_back(&failure);
            return;
        case FailureKind::relay_refused:
            ++faults.relay_refused;
            return;
        case FailureKind::transient:
        case FailureKind::drop_connection:
            for (ActiveFault& f : faults_) {
                if (f.spec == &failure) {
                    f.active = true;
                    f.remaining = failure.count;
                }
            }
            return;
    }
}

void Simulation::end_failure(const FailureSpec& failure) {
    Host& host = hosts_[failure.host];
    HostFaults& faults = host.faults;
    switch (failure.kind) {
        case FailureKind::host_down:
            if (--faults.down == 0) {
                host_state_changed(host);
            }
            return;
        case FailureKind::link_down: {
            const LinkIndex link = *network_.link_between(failure.host, failure.other);
            if (--network_.link(link).down == 0) {
                link_state_changed(link);
            }
            return;
        }
        case FailureKind::storage_full:
            --(failure.permanent ? faults.storage_full_permanent : faults.storage_full);
            return;
        case FailureKind::unknown_mailbox:
            if (--faults.unknown[upper(failure.mailbox)] == 0) {
                faults.unknown.erase(upper(failure.mailbox));
            }
            return;
        case FailureKind::forward: {
            auto& list = faults.forwards[upper(failure.mailbox)];
            std::erase(list, &failure);
            if (list.empty()) {
                faults.forwards.erase(upper(failure.mailbox));
            }
            return;
        }
        case FailureKind::relay_refused:
            --faults.relay_refused;
            return;
        case FailureKind::transient:
        case FailureKind::drop_connection:
            for (ActiveFault& f : faults_) {
                if (f.spec == &failure) {
                    f.active = false;
                }
            }
            return;
    }
}

void Simulation::host_state_changed(Host& host) {
    const net::HostId id = host.id;
    if (host.faults.down > 0) {
        // Its open sessions break, on both sides, and so do the connections
        // waiting for one of its session slots.
        break_sessions([id](const Session& s) { return s.client() == id || s.server() == id; },
                       host.name + " went down");
    } else {
        for (auto& [next, queue] : host.queues) {
            try_send(host, next);
        }
    }
    schedule_reroute();
}

void Simulation::link_state_changed(LinkIndex link) {
    LinkState& state = network_.link(link);
    if (state.down > 0) {
        break_sessions(
            [link](const Session& s) { return s.link() == link; },
            "the link " + hosts_[state.a].name + " - " + hosts_[state.b].name + " went down");
    }
    schedule_reroute();
}

void Simulation::break_sessions(const std::function<bool(const Session&)>& which,
                                std::string_view reason) {
    std::vector<std::uint64_t> ids;
    for (const auto& [id, session] : sessions_) {
        if (!session->closed() && which(*session)) {
            ids.push_back(id);
        }
    }
    std::sort(ids.begin(), ids.end());  // the map's order is not the run's
    for (std::uint64_t id : ids) {
        sessions_.at(id)->break_off(reason);
    }
}

bool Simulation::connection_possible(net::HostId client, net::HostId server, LinkIndex link) const {
    return hosts_[client].faults.down == 0 && hosts_[server].faults.down == 0 &&
           network_.link(link).down == 0 && network_.link(link).up;
}

void Simulation::schedule_reroute() {
    if (!config_.reroute_after || scheduler_.is_pending(reroute_timer_)) {
        return;  // one recomputation covers every change before it
    }
    reroute_timer_ = scheduler_.schedule_after(*config_.reroute_after, [this] { reroute(); });
}

void Simulation::reroute() {
    // The routing view: a link is up when the topology says so, no window
    // holds it down, and both its hosts are up.
    net::Graph& g = routing_view_->graph();
    for (auto [it, end] = boost::edges(g); it != end; ++it) {
        const net::HostId a = boost::source(*it, g);
        const net::HostId b = boost::target(*it, g);
        const LinkIndex link = *network_.link_between(a, b);
        g[*it].up = connection_possible(a, b, link);
    }
    router_->invalidate();
    ++counters_.reroutes;
    if (config_.routing == RoutingMode::next_hop) {
        requeue_by_new_routes();
    }
}

void Simulation::requeue_by_new_routes() {
    // Hop-by-hop routing decides again for the mail that waits in a queue:
    // a recipient whose next hop changed moves to that host's queue and is
    // tried at once. (A source route names its next host; it never moves.)
    const core::Time now = scheduler_.now();
    for (Host& host : hosts_) {
        if (host.faults.down > 0) {
            continue;
        }
        std::vector<net::HostId> nexts;
        for (const auto& [next, queue] : host.queues) {
            nexts.push_back(next);
        }
        std::set<net::HostId> changed;
        for (const net::HostId next : nexts) {
            std::deque<Letter> kept;
            std::vector<std::pair<net::HostId, Letter>> moved;
            for (Letter& letter : host.queues[next].letters) {
                std::map<net::HostId, Letter> elsewhere;
                Letter stays = letter;
                stays.recipients.clear();
                for (Recipient& r : letter.recipients) {
                    const NextHop hop = next_hop(host.id, r.forward_path);
                    if (hop.kind == NextHop::Kind::remote && hop.host != next) {
                        auto [it, fresh] = elsewhere.try_emplace(hop.host);
                        if (fresh) {
                            it->second = letter;
                            it->second.recipients.clear();
                            it->second.not_before = now;
                        }
                        it->second.recipients.push_back(std::move(r));
                    } else {
                        stays.recipients.push_back(std::move(r));
                    }
                }
                if (stays.recipients.empty()) {
                    count_queue(host, -1);
                    host.storage_used -= std::min<std::uint64_t>(host.storage_used, letter.bytes);
                } else {
                    kept.push_back(std::move(stays));
                }
                for (auto& [to, out] : elsewhere) {
                    moved.emplace_back(to, std::move(out));
                }
            }
            host.queues[next].letters = std::move(kept);
            for (auto& [to, letter] : moved) {
                count_queue(host, +1);
                host.storage_used += letter.bytes;
                host.queues[to].letters.push_back(std::move(letter));
                changed.insert(to);
            }
        }
        for (const net::HostId to : changed) {
            try_send(host, to);
        }
    }
}

std::optional<smtp::ReplyCode> Simulation::transient_failure(Host& host, smtp::Verb verb) {
    for (ActiveFault& f : faults_) {
        const FailureSpec& spec = *f.spec;
        if (!f.active || spec.kind != FailureKind::transient || spec.host != host.id ||
            spec.command != verb) {
            continue;
        }
        auto& random = failure_random_[host.id];
        if (!random) {
            random = std::make_unique<core::RandomStream>(config_.seed, host.name, "failures");
        }
        if (random->bernoulli(spec.probability)) {
            return spec.code;
        }
    }
    return std::nullopt;
}

bool Simulation::drop_now(Host& host, DropStep step) {
    for (ActiveFault& f : faults_) {
        const FailureSpec& spec = *f.spec;
        if (f.active && f.remaining > 0 && spec.kind == FailureKind::drop_connection &&
            spec.host == host.id && spec.step == step) {
            --f.remaining;
            return true;
        }
    }
    return false;
}

std::optional<smtp::MailboxAnswer> Simulation::mailbox_override(Host& host,
                                                                const smtp::Mailbox& mailbox) {
    const std::string key = upper(mailbox.user());
    if (host.faults.unknown.contains(key)) {
        return smtp::MailboxAnswer{smtp::MailboxStatus::unknown, {}};
    }
    if (auto it = host.faults.forwards.find(key); it != host.faults.forwards.end()) {
        const FailureSpec& spec = *it->second.back();  // the latest window wins
        return smtp::MailboxAnswer{
            spec.will_forward ? smtp::MailboxStatus::will_forward : smtp::MailboxStatus::please_try,
            spec.forward_to};
    }
    return std::nullopt;
}

}  // namespace smtpsim::mta
