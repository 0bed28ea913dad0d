// A host's mail: submission, dispatch of each recipient to a mailbox or a
// queue, queue runs, and the trace of what happens to each copy.
#include "mta/host.hpp"

#include <algorithm>
#include <map>

#include "core/calendar.hpp"
#include "mta/session.hpp"

namespace smtpsim::mta {

Host::Host(HostEnvironment& env, const net::Topology& topology, net::HostId id, RetryPolicy retry)
    : env_(env),
      id_(id),
      props_(topology.host(id)),
      retry_(retry),
      policy_(topology, id),
      neighbours_(env.network.neighbours(id)),
      queues_(neighbours_.size()) {}

std::size_t Host::queue_of(net::HostId next) const {
    const auto it =
        std::lower_bound(neighbours_.begin(), neighbours_.end(), std::pair{next, LinkIndex{0}});
    return static_cast<std::size_t>(it - neighbours_.begin());
}

void Host::hop(trace::HopKind kind, const Letter& letter, bool passes_on,
               std::span<const std::size_t> which, trace::Destination destination) {
    hop(kind, letter.envelope, letter.info, passes_on, which, destination);
}

void Host::hop(trace::HopKind kind, const smtp::Envelope& envelope, const LetterInfo& info,
               bool passes_on, std::span<const std::size_t> which, trace::Destination destination) {
    if (!env_.bus.wants(trace::hops)) {
        return;
    }
    hop_buffer_.clear();
    const auto& paths = envelope.forward_paths;
    if (which.empty()) {
        for (std::size_t i = 0; i < paths.size(); ++i) {
            hop_buffer_.push_back({info.recipients[i].id, &paths[i]});
        }
    } else {
        for (const std::size_t i : which) {
            hop_buffer_.push_back({info.recipients[i].id, &paths[i]});
        }
    }
    // The reverse-path as it stands at this host: with this host in front
    // when it passes the mail on, the Return-Path when it delivers it here.
    const smtp::Path& reverse = passes_on ? envelope.reverse_path : info.return_path;
    env_.bus.hop({env_.scheduler.now(), info.message, info.about,
                  static_cast<trace::HostIndex>(id_), name(), kind, hop_buffer_, reverse,
                  envelope.data->bytes(), destination});
}

void Host::submit(Letter letter) {
    for (smtp::Path& path : letter.envelope.forward_paths) {
        path = smtp::remove_self(path, name());
        if (env_.router.mode() == RoutingMode::source_route) {
            env_.router.write_route(id_, path);  // the originator writes the whole route
        }
    }
    hop(trace::HopKind::submitted, letter, true);
    dispatch(std::move(letter));
}

NextHops Host::next_hops(Letter& letter) {
    NextHops next;
    for (std::size_t i = 0; i < letter.envelope.forward_paths.size(); ++i) {
        next.push_back(env_.router.next_hop(id_, letter.envelope.forward_paths[i],
                                            letter.info.recipients[i].destination));
    }
    return next;
}

void Host::dispatch(Letter letter) {
    const NextHops next = next_hops(letter);
    dispatch(std::move(letter), std::span<const NextHop>(next.data(), next.size()));
}

void Host::dispatch(Letter letter, std::span<const NextHop> hops) {
    // Group the remote recipients by next host; one letter (one copy of the
    // text) per next host (RFC 821 2).
    if (!hops.empty() && std::all_of(hops.begin(), hops.end(), [&](const NextHop& next) {
            return next.kind == NextHop::Kind::remote && next.host == hops.front().host;
        })) {
        enqueue(queue_of(hops.front().host), std::move(letter));  // all one way: no copy
        return;
    }
    std::map<std::size_t, Letter> outgoing;  // by queue, which is by next host id
    std::optional<Letter> held;              // no route yet: waits here for one
    std::vector<std::size_t> unroutable;
    std::string why;
    for (std::size_t i = 0; i < letter.envelope.forward_paths.size(); ++i) {
        const smtp::Path& path = letter.envelope.forward_paths[i];
        const NextHop& next = hops[i];
        switch (next.kind) {
            case NextHop::Kind::local:
                store(letter, i);
                break;
            case NextHop::Kind::remote: {
                auto [it, fresh] = outgoing.try_emplace(queue_of(next.host));
                if (fresh) {
                    it->second = letter.empty_copy();
                }
                it->second.add_recipient(path, letter.info.recipients[i]);
                break;
            }
            case NextHop::Kind::none:
                if (next.why == NextHop::Why::no_route_yet) {
                    if (!held) {
                        held = letter.empty_copy();
                    }
                    held->add_recipient(path, letter.info.recipients[i]);
                    break;
                }
                unroutable.push_back(i);
                why = next.describe(name());
                break;
        }
    }
    if (held) {
        hold_for_route(std::move(*held));
    }
    if (!unroutable.empty()) {
        give_up(letter, unroutable,
                {nullptr, static_cast<trace::HostIndex>(id_), why,
                 trace::Cause{trace::Cause::Kind::no_route, 0}});
    }
    for (auto& [queue, out] : outgoing) {
        enqueue(queue, std::move(out));
    }
}

void Host::count_queue(std::int64_t change) {
    queued_ = static_cast<std::uint64_t>(static_cast<std::int64_t>(queued_) + change);
    if (env_.bus.wants(trace::tallies)) {
        env_.bus.queue({env_.scheduler.now(), static_cast<trace::HostIndex>(id_), queued_});
    }
}

void Host::enqueue(std::size_t queue, Letter letter) {
    letter.info.queued_since = env_.scheduler.now();
    letter.info.not_before = env_.scheduler.now();
    storage_used_ += letter.bytes();
    OutQueue& q = queues_[queue];
    q.letters.push_back(std::move(letter));
    count_queue(+1);
    // A queue run at this instant, after every event now due: mail queued at
    // the same time for the same next host goes in one session.
    if (!q.run_scheduled && !q.session_open) {
        q.run_scheduled = true;
        env_.scheduler.schedule_after(core::Time::zero(), [this, queue] {
            queues_[queue].run_scheduled = false;
            try_send(queue);
        });
    }
}

void Host::try_send(std::size_t queue) {
    OutQueue& q = queues_[queue];
    if (q.session_open || q.letters.empty() || down()) {
        return;  // a host that is down sends nothing; it runs its queues when it is up again
    }
    if (dial_up(queue)) {
        return;  // RFC 821 3.8: the mail waits until the next host polls with TURN
    }
    const core::Time now = env_.scheduler.now();
    const auto ready = [now](const Letter& l) { return l.info.not_before <= now; };
    if (std::none_of(q.letters.begin(), q.letters.end(), ready)) {
        arm_retry(queue);
        return;
    }
    if (outbound_ >= props_.max_sessions) {
        if (!q.waiting_for_slot) {
            q.waiting_for_slot = true;
            slot_queue_.push_back(queue);
        }
        return;
    }
    start_session(queue, take_ready(queue), false);
}

std::vector<Letter> Host::take_ready(std::size_t queue) {
    OutQueue& q = queues_[queue];
    const core::Time now = env_.scheduler.now();
    std::vector<Letter> batch;
    std::size_t kept = 0;  // the letters not ready yet stay, in order
    for (std::size_t i = 0; i < q.letters.size(); ++i) {
        if (q.letters[i].info.not_before <= now) {
            batch.push_back(std::move(q.letters[i]));
        } else if (kept++ != i) {
            q.letters[kept - 1] = std::move(q.letters[i]);
        }
    }
    q.letters.erase(q.letters.begin() + static_cast<std::ptrdiff_t>(kept), q.letters.end());
    env_.scheduler.cancel(q.retry_timer);
    q.session_open = true;
    ++outbound_;
    return batch;
}

void Host::start_session(std::size_t queue, std::vector<Letter> batch, bool turn) {
    const auto [next, link] = neighbours_[queue];
    Session& session = env_.sessions.open_session(*this, next, link, std::move(batch));
    if (turn) {
        session.sender().turn_at_end();
    }
    session.connect();
}

bool Host::dial_up(std::size_t queue) const {
    return !env_.topology.host(neighbours_[queue].first).accepts_connections;
}

void Host::poll() {
    for (std::size_t queue = 0; queue < queues_.size(); ++queue) {
        if (down() || queues_[queue].session_open || outbound_ >= props_.max_sessions) {
            continue;  // no poll this time
        }
        start_session(queue, take_ready(queue), true);
    }
}

bool Host::holds_mail_for(net::HostId next) const {
    return !queues_[queue_of(next)].letters.empty();
}

std::vector<Letter> Host::take_over(net::HostId client) {
    return take_ready(queue_of(client));
}

void Host::hold_waiting_in_flight() {
    for (std::size_t queue = 0; queue < queues_.size(); ++queue) {
        if (!dial_up(queue)) {
            continue;
        }
        for (const Letter& letter : queues_[queue].letters) {
            for (const Recipient& r : letter.info.recipients) {
                env_.accounting.hold_in_flight(
                    r.id, name() + " held it for " + env_.topology.name(neighbours_[queue].first) +
                              ", which accepts no connections, when the run ended");
            }
        }
    }
}

void Host::arm_retry(std::size_t queue) {
    OutQueue& q = queues_[queue];
    core::Time earliest = core::Time::max();
    for (const Letter& letter : q.letters) {
        earliest = std::min(earliest, letter.info.not_before);
    }
    if (earliest == core::Time::max()) {
        return;
    }
    env_.scheduler.cancel(q.retry_timer);
    q.retry_timer = env_.scheduler.schedule_at(earliest, [this, queue] { try_send(queue); });
}

void Host::came_up() {
    for (std::size_t queue = 0; queue < queues_.size(); ++queue) {
        try_send(queue);
    }
    release_held();
}

void Host::requeue(std::size_t queue, Letter letter) {
    storage_used_ += letter.bytes();
    queues_[queue].letters.push_back(std::move(letter));
    count_queue(+1);
}

void Host::requeue_by_new_routes() {
    // Hop-by-hop routing decides again for the mail that waits in a queue:
    // a recipient whose next hop changed moves to that host's queue and is
    // tried at once. (A source route names its next host; it never moves.)
    if (down()) {
        return;
    }
    const core::Time now = env_.scheduler.now();
    std::vector<bool> changed(queues_.size(), false);
    for (std::size_t queue = 0; queue < queues_.size(); ++queue) {
        std::vector<Letter> kept;
        std::vector<std::pair<std::size_t, Letter>> moved;
        for (Letter& letter : queues_[queue].letters) {
            std::map<std::size_t, Letter> elsewhere;
            Letter stays = letter.empty_copy();
            for (std::size_t i = 0; i < letter.envelope.forward_paths.size(); ++i) {
                smtp::Path& path = letter.envelope.forward_paths[i];
                const NextHop next =
                    env_.router.next_hop(id_, path, letter.info.recipients[i].destination);
                const std::size_t to = queue_of(next.host);
                if (next.kind == NextHop::Kind::remote && to != queue) {
                    auto [it, fresh] = elsewhere.try_emplace(to);
                    if (fresh) {
                        it->second = letter.empty_copy();
                        it->second.info.not_before = now;
                    }
                    it->second.add_recipient(std::move(path), letter.info.recipients[i]);
                } else {
                    stays.add_recipient(std::move(path), letter.info.recipients[i]);
                }
            }
            if (stays.info.recipients.empty()) {
                count_queue(-1);
                storage_used_ -= std::min<std::uint64_t>(storage_used_, letter.bytes());
            } else {
                kept.push_back(std::move(stays));
            }
            for (auto& [to, out] : elsewhere) {
                moved.emplace_back(to, std::move(out));
            }
        }
        queues_[queue].letters = std::move(kept);
        for (auto& [to, letter] : moved) {
            requeue(to, std::move(letter));
            changed[to] = true;
        }
    }
    for (std::size_t queue = 0; queue < queues_.size(); ++queue) {
        if (changed[queue]) {
            try_send(queue);
        }
    }
}

void Host::hold_queued_in_flight() {
    const auto hold = [this](const Letter& letter) {
        for (const Recipient& r : letter.info.recipients) {
            env_.accounting.hold_in_flight(r.id,
                                           name() + " held it and was down when the run ended");
        }
    };
    for (const OutQueue& q : queues_) {
        std::for_each(q.letters.begin(), q.letters.end(), hold);
    }
    std::for_each(held_.begin(), held_.end(), hold);
}

// ---------------------------------------------------------------------------
// Mail waiting for a route (distance-vector routing)

void Host::hold_for_route(Letter letter) {
    const core::Time now = env_.scheduler.now();
    if (!letter.info.waiting_for_route_since) {
        letter.info.waiting_for_route_since = now;
    }
    held_.push_back(std::move(letter));
    // One timer, for the first of them to outlive its lifetime.
    core::Time expires = core::Time::max();
    for (const Letter& waiting : held_) {
        expires = std::min(expires, *waiting.info.waiting_for_route_since + retry_.lifetime);
    }
    env_.scheduler.cancel(held_timer_);
    held_timer_ = env_.scheduler.schedule_at(std::max(now, expires), [this] { expire_held(); });
}

void Host::routes_changed() {
    requeue_by_new_routes();
    release_held();
}

void Host::release_held() {
    if (down() || held_.empty()) {
        return;
    }
    env_.scheduler.cancel(held_timer_);
    std::vector<Letter> waiting = std::move(held_);
    held_.clear();
    for (Letter& letter : waiting) {
        dispatch(std::move(letter));  // what still has no route is held again
    }
}

void Host::expire_held() {
    const core::Time now = env_.scheduler.now();
    std::vector<Letter> waiting = std::move(held_);
    held_.clear();
    for (Letter& letter : waiting) {
        if (now - *letter.info.waiting_for_route_since < retry_.lifetime) {
            hold_for_route(std::move(letter));
            continue;
        }
        std::vector<std::size_t> all(letter.info.recipients.size());
        for (std::size_t i = 0; i < all.size(); ++i) {
            all[i] = i;
        }
        give_up(letter, all,
                {nullptr, static_cast<trace::HostIndex>(id_),
                 "no route from " + name() + " to " +
                     letter.envelope.forward_paths.front().mailbox.domain + " within " +
                     core::format_duration(retry_.lifetime),
                 trace::Cause{trace::Cause::Kind::no_route, 0}});
    }
}

std::string Host::received_line(std::string_view from) const {
    // RFC 821 4.1.2 <time-stamp>.
    std::string line;
    line.reserve(48 + from.size() + name().size());
    line += "Received: from ";
    line += from;
    line += " by ";
    line += name();
    line += " ; ";
    core::append_rfc821_date(
        line, env_.config.epoch_unix + env_.scheduler.now().count_ns() / 1'000'000'000);
    return line;
}

}  // namespace smtpsim::mta
