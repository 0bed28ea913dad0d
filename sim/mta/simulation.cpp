// The simulated world: hosts, sessions between them, failures, the run.
#include "mta/simulation.hpp"

#include <algorithm>
#include <stdexcept>

#include "mta/session.hpp"
#include "mta/stall_watch.hpp"

namespace smtpsim::mta {

Simulation::Simulation(const net::Topology& topology, SimulationConfig config,
                       core::Scheduler& scheduler, trace::Bus& bus)
    : topology_(topology),
      config_(std::move(config)),
      scheduler_(scheduler),
      bus_(bus),
      network_(topology),
      router_(topology, network_, config_.routing, config_.metric,
              config_.reroute_after.has_value()),
      faults_(scheduler, network_, topology, config_.seed),
      accounting_(scheduler, bus, topology, config_.epoch_unix),
      env_{topology, scheduler, bus, config_, network_, router_, faults_, accounting_, *this} {
    faults_.set_listener(*this);
    scheduler_.limit_events_at_one_instant(config_.max_events_at_one_instant);
    hosts_.reserve(topology.host_count());
    for (net::HostId id = 0; id < topology.host_count(); ++id) {
        const auto own = config_.host_retry.find(id);
        const RetryPolicy retry = own != config_.host_retry.end() ? own->second : config_.retry;
        hosts_.push_back(std::make_unique<Host>(env_, topology, id, retry));
        const net::HostProps& props = topology.host(id);
        if (!props.accepts_connections && props.poll_interval) {
            pollers_.emplace_back(id, core::Time::zero());
        }
    }
    if (config_.routing == RoutingMode::distance_vector) {
        learned_routes_ = std::make_unique<DistanceVector>(
            topology, network_, faults_, scheduler, bus, config_.distance_vector, config_.metric);
        learned_routes_->set_listener(*this);
        router_.learn_from(*learned_routes_);
        learned_routes_->start();
    }
}

Simulation::~Simulation() = default;

std::uint64_t Simulation::submit(Submission submission) {
    const auto origin = topology_.find_host(submission.from.domain);
    if (!origin) {
        throw std::invalid_argument("no host " + submission.from.domain + " in the topology");
    }
    const auto injected =
        accounting_.inject(submission.at, *origin, submission.from, submission.to);
    const core::Time at = submission.at;
    pending_.emplace(injected.message,
                     Pending{*origin, injected.first_recipient, std::move(submission)});
    scheduler_.schedule_at(at, [this, message = injected.message] { on_submit(message); });
    return injected.message;
}

void Simulation::on_submit(std::uint64_t message) {
    auto node = pending_.extract(message);
    Pending& pending = node.mapped();
    Submission& s = pending.submission;
    Letter letter;
    letter.envelope.reverse_path.mailbox = s.from;
    letter.envelope.mode = s.mode;
    letter.envelope.data = std::move(s.text);
    letter.envelope.verify = std::move(s.verify);
    letter.envelope.forward_paths = std::move(s.to);
    letter.info.message = message;
    letter.info.return_path = letter.envelope.reverse_path;
    letter.info.originated_here = true;
    for (std::size_t i = 0; i < letter.envelope.forward_paths.size(); ++i) {
        letter.info.recipients.push_back({pending.first_recipient + i, 0, {}});
    }
    hosts_[pending.origin]->submit(std::move(letter));
    start_polling();
}

// ---------------------------------------------------------------------------
// Polling (RFC 821 3.8 TURN)

void Simulation::start_polling() {
    if (pollers_.empty() || scheduler_.is_pending(poll_timer_)) {
        return;
    }
    // Each host polls at every multiple of its interval; the next one from now.
    const core::Time now = scheduler_.now();
    core::Time first = core::Time::max();
    for (auto& [id, next] : pollers_) {
        const core::Time interval = *topology_.host(id).poll_interval;
        next = interval * (now.count_ns() / interval.count_ns() + 1);
        first = std::min(first, next);
    }
    poll_timer_ = scheduler_.schedule_at(first, [this] { poll_round(); });
}

bool Simulation::polling_worthwhile() const {
    // Polls go on to the stop time; without one, while mail is unresolved
    // and something can still happen: other events are due, or mail waits
    // for a polling host that is up at a neighbour that accepts TURN. So a
    // run without a stop time ends; polls resume with the next submission.
    if (config_.stop) {
        return true;
    }
    if (accounting_.ledger().records() == 0) {
        return false;
    }
    if (scheduler_.pending() > 0) {
        return true;
    }
    return std::any_of(pollers_.begin(), pollers_.end(), [this](const auto& poller) {
        const net::HostId id = poller.first;
        if (hosts_[id]->down()) {
            return false;
        }
        for (const auto& [neighbour, link] : network_.neighbours(id)) {
            if (topology_.host(neighbour).accepts_turn && hosts_[neighbour]->holds_mail_for(id)) {
                return true;
            }
        }
        return false;
    });
}

void Simulation::poll_round() {
    if (!polling_worthwhile()) {
        return;
    }
    const core::Time now = scheduler_.now();
    core::Time first = core::Time::max();
    for (auto& [id, next] : pollers_) {
        if (next == now) {
            hosts_[id]->poll();
            next = next + *topology_.host(id).poll_interval;
        }
        first = std::min(first, next);
    }
    poll_timer_ = scheduler_.schedule_at(first, [this] { poll_round(); });
}

// ---------------------------------------------------------------------------
// Sessions

Session& Simulation::open_session(Host& client, net::HostId server, LinkIndex link,
                                  std::vector<Letter> letters) {
    if (free_.empty()) {
        all_sessions_.push_back(std::make_unique<Session>(env_));
        free_.push_back(all_sessions_.back().get());
    }
    Session& s = *free_.back();
    free_.pop_back();
    s.reset(next_session_++, client, *hosts_[server], link, std::move(letters));
    s.open_index = open_.size();
    open_.push_back(&s);
    return s;
}

void Simulation::session_finished(Session& session) {
    open_.back()->open_index = session.open_index;
    std::swap(open_[session.open_index], open_.back());
    open_.pop_back();
    // Used again once this event is over: it is still on the stack.
    scheduler_.schedule_after(core::Time::zero(), [this, s = &session] { free_.push_back(s); });
}

std::vector<Session*> Simulation::open_sessions_where(
    const std::function<bool(const Session&)>& which) const {
    std::vector<Session*> found;
    for (Session* session : open_) {
        if (!session->closed() && which(*session)) {
            found.push_back(session);
        }
    }
    // In the order they opened, not the order they are kept in.
    std::sort(found.begin(), found.end(),
              [](const Session* a, const Session* b) { return a->id() < b->id(); });
    return found;
}

void Simulation::break_sessions(const std::function<bool(const Session&)>& which,
                                const std::string& reason) {
    for (Session* session : open_sessions_where(which)) {
        session->break_off(reason);
    }
}

std::unique_ptr<OutsideConnection> Simulation::connect_from_outside(net::HostId host) {
    return std::make_unique<OutsideConnection>(env_, *hosts_.at(host));
}

// ---------------------------------------------------------------------------
// Failures

void Simulation::host_changed(net::HostId id, bool down) {
    if (down) {
        // Its end of each open session ends; the peers notice when they time
        // out (RFC 1123 5.3.2). In the order the sessions opened.
        const std::string reason = topology_.name(id) + " went down";
        for (Session* session : open_sessions_where([id](const Session& s) {
                 return s.client().id() == id || s.server().id() == id;
             })) {
            session->host_went_down(id, reason);
        }
    } else {
        hosts_[id]->came_up();
    }
    bus_.topology_changed(
        {scheduler_.now(), static_cast<trace::HostIndex>(id), trace::no_host, down});
    if (learned_routes_) {
        learned_routes_->host_changed(id, down);
    }
    schedule_reroute();
}

void Simulation::link_changed(LinkIndex link, bool down) {
    if (down) {
        const LinkState& state = network_.link(link);
        break_sessions(
            [link](const Session& s) { return s.link() == link; },
            "the link " + topology_.name(state.a) + " - " + topology_.name(state.b) + " went down");
    }
    const LinkState& ends = network_.link(link);
    bus_.topology_changed({scheduler_.now(), static_cast<trace::HostIndex>(ends.a),
                           static_cast<trace::HostIndex>(ends.b), down});
    if (learned_routes_) {
        learned_routes_->link_changed(link, down);
    }
    schedule_reroute();
}

void Simulation::routes_changed(net::HostId host) {
    hosts_[host]->routes_changed();
}

void Simulation::schedule_reroute() {
    if (!config_.reroute_after || learned_routes_ || scheduler_.is_pending(reroute_timer_)) {
        return;  // one recomputation covers every change before it
    }
    reroute_timer_ = scheduler_.schedule_after(*config_.reroute_after, [this] { reroute(); });
}

void Simulation::reroute() {
    router_.reroute(faults_);
    bus_.counted({scheduler_.now(), trace::Tally::reroute, trace::no_host});
    if (config_.routing == RoutingMode::next_hop) {
        for (const auto& host : hosts_) {
            host->requeue_by_new_routes();
        }
    }
}

// ---------------------------------------------------------------------------
// Running

void Simulation::on_progress(std::function<void()> callback, std::uint64_t every_events) {
    progress_ = std::move(callback);
    progress_every_ = std::max<std::uint64_t>(1, every_events);
}

// Runs the events in batches, for progress calls and the event ceiling;
// false when the run is to end here (interrupted, stopped).
bool Simulation::run_batches() {
    const core::Time limit = config_.stop.value_or(core::Time::max());
    for (;;) {
        std::uint64_t budget = progress_ ? progress_every_ : UINT64_MAX;
        if (config_.max_events) {
            const std::uint64_t left =
                *config_.max_events - std::min(*config_.max_events, scheduler_.executed());
            if (left == 0) {
                stopped_ = "it reached its ceiling of " + std::to_string(*config_.max_events) +
                           " events (--max-events)";
                return false;
            }
            budget = std::min(budget, left);
        }
        const bool more = scheduler_.run_some(limit, budget);
        if (progress_) {
            progress_();
        }
        if (scheduler_.stalled()) {
            stopped_ = stall_report();
            return false;
        }
        if (interrupted_) {
            return false;
        }
        if (!more) {
            return true;
        }
    }
}

// Runs a few thousand more events of the instant that could not progress,
// watching their trace, and says what they were.
std::string Simulation::stall_report() {
    constexpr std::uint64_t watched_events = 4096;
    const std::uint64_t limit = scheduler_.events_at_one_instant_limit();
    StallWatch watch(topology_);
    bus_.subscribe(watch);
    scheduler_.limit_events_at_one_instant(limit + watched_events);
    scheduler_.run_some(scheduler_.now(), watched_events);
    bus_.unsubscribe(watch);
    scheduler_.limit_events_at_one_instant(limit);
    return "more than " + std::to_string(limit) + " events at simulated time " +
           core::format_seconds(scheduler_.now()) + "s, where the run cannot progress; " +
           std::to_string(watched_events) + " more of them were " + watch.describe();
}

void Simulation::run() {
    run_batches();
    finish();
}

void Simulation::finish() {
    if (interrupted_ || !stopped_.empty()) {
        accounting_.stop(interrupted_ ? "the run was interrupted" : "the run stopped: " + stopped_);
        return;
    }
    // Without a stop time the run ends when nothing is left to happen: mail
    // can then only be waiting in the queue of a host that never came back up.
    for (const auto& host : hosts_) {
        if (host->down()) {
            host->hold_queued_in_flight();
        } else {
            host->hold_waiting_in_flight();
        }
    }
    // With a stop time, whatever is unresolved was cut short by it.
    if (config_.stop) {
        accounting_.stop("the run stopped first");
    }
    // Anything else left unresolved is a bug; totals().balanced() says so.
}

}  // namespace smtpsim::mta
