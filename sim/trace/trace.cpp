// The trace bus and the names of trace event kinds.
#include "trace/trace.hpp"

namespace smtpsim::trace {

std::string_view hop_kind_name(HopKind kind) {
    switch (kind) {
        case HopKind::submitted:
            return "submitted";
        case HopKind::accepted:
            return "accepted";
        case HopKind::relayed:
            return "relayed";
        case HopKind::delivered:
            return "delivered";
        case HopKind::failed:
            return "failed";
    }
    return "?";
}

std::string_view outcome_name(Outcome outcome) {
    switch (outcome) {
        case Outcome::delivered:
            return "delivered";
        case Outcome::returned:
            return "returned";
        case Outcome::unreturnable:
            return "unreturnable";
        case Outcome::in_flight:
            return "in_flight";
    }
    return "?";
}

void Bus::subscribe(Observer& observer) {
    observers_.push_back(&observer);
    wanted_ |= observer.interests();
}

namespace {
template <typename Event>
void fan_out(const std::vector<Observer*>& observers, unsigned interest,
             void (Observer::*method)(const Event&), const Event& e) {
    for (Observer* o : observers) {
        if ((o->interests() & interest) != 0) {
            (o->*method)(e);
        }
    }
}
}  // namespace

void Bus::session_opened(const SessionOpened& e) {
    fan_out(observers_, sessions, &Observer::on_session_opened, e);
}
void Bus::line(const LineWritten& e) {
    fan_out(observers_, lines, &Observer::on_line, e);
}
void Bus::session_closed(const SessionClosed& e) {
    fan_out(observers_, sessions, &Observer::on_session_closed, e);
}
void Bus::hop(const Hop& e) {
    fan_out(observers_, hops, &Observer::on_hop, e);
}
void Bus::resolved(const RecipientResolved& e) {
    fan_out(observers_, outcomes, &Observer::on_resolved, e);
}

}  // namespace smtpsim::trace
