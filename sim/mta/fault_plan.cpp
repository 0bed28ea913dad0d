// Failure windows: counts of what holds at each host and link.
#include "mta/fault_plan.hpp"

#include <algorithm>

#include "core/ascii.hpp"

namespace smtpsim::mta {

FaultPlan::FaultPlan(core::Scheduler& scheduler, const Network& network,
                     const net::Topology& topology, std::uint64_t seed)
    : scheduler_(scheduler),
      network_(network),
      topology_(topology),
      seed_(seed),
      host_down_(topology.host_count(), 0),
      link_down_(network.link_count(), 0) {}

void FaultPlan::add(const FailureSpec& failure) {
    const FailureSpec& spec = failures_.emplace_back(failure);
    if (spec.kind == FailureKind::transient || spec.kind == FailureKind::drop_connection) {
        dialogue_faults_.push_back({&spec, false, 0});
    }
    scheduler_.schedule_at(spec.at, [this, s = &spec] { start(*s); });
    if (spec.duration) {
        scheduler_.schedule_at(spec.at + *spec.duration, [this, s = &spec] { end(*s); });
    }
}

bool FaultPlan::reachable(net::HostId client, net::HostId server, LinkIndex link) const {
    return !host_down(client) && !host_down(server) && !link_down(link) && network_.link(link).up;
}

const FaultPlan::HostFaults* FaultPlan::faults_at(net::HostId host) const {
    if (host_faults_.empty()) {
        return nullptr;
    }
    const auto it = host_faults_.find(host);
    return it == host_faults_.end() ? nullptr : &it->second;
}

bool FaultPlan::storage_full(net::HostId host) const {
    const HostFaults* f = faults_at(host);
    return f != nullptr && f->storage_full > 0;
}

bool FaultPlan::storage_exhausted(net::HostId host) const {
    const HostFaults* f = faults_at(host);
    return f != nullptr && f->storage_full_permanent > 0;
}

bool FaultPlan::relay_refused(net::HostId host) const {
    const HostFaults* f = faults_at(host);
    return f != nullptr && f->relay_refused > 0;
}

std::optional<smtp::MailboxAnswer> FaultPlan::mailbox_override(net::HostId host,
                                                               std::string_view user) const {
    const HostFaults* f = faults_at(host);
    if (f == nullptr) {
        return std::nullopt;
    }
    const std::string key = core::to_upper_ascii(user);
    if (f->unknown.contains(key)) {
        return smtp::MailboxAnswer{smtp::MailboxStatus::unknown, {}};
    }
    if (const auto it = f->forwards.find(key); it != f->forwards.end()) {
        const FailureSpec& spec = *it->second.back();  // the latest window wins
        return smtp::MailboxAnswer{
            spec.will_forward ? smtp::MailboxStatus::will_forward : smtp::MailboxStatus::please_try,
            spec.forward_to};
    }
    return std::nullopt;
}

std::optional<smtp::ReplyCode> FaultPlan::transient_failure(net::HostId host, smtp::Verb verb) {
    for (const ActiveFault& f : dialogue_faults_) {
        const FailureSpec& spec = *f.spec;
        if (!f.active || spec.kind != FailureKind::transient || spec.host != host ||
            spec.command != verb) {
            continue;
        }
        auto it = random_.find(host);
        if (it == random_.end()) {
            it = random_.try_emplace(host, seed_, topology_.name(host), "failures").first;
        }
        if (it->second.bernoulli(spec.probability)) {
            return spec.code;
        }
    }
    return std::nullopt;
}

bool FaultPlan::drop_now(net::HostId host, DropStep step) {
    for (ActiveFault& f : dialogue_faults_) {
        const FailureSpec& spec = *f.spec;
        if (f.active && f.remaining > 0 && spec.kind == FailureKind::drop_connection &&
            spec.host == host && spec.step == step) {
            --f.remaining;
            return true;
        }
    }
    return false;
}

void FaultPlan::set_active(const FailureSpec& failure, bool active) {
    for (ActiveFault& f : dialogue_faults_) {
        if (f.spec == &failure) {
            f.active = active;
            f.remaining = active ? failure.count : f.remaining;
        }
    }
}

void FaultPlan::start(const FailureSpec& failure) {
    switch (failure.kind) {
        case FailureKind::host_down:
            if (host_down_[failure.host]++ == 0) {
                listener_->host_changed(failure.host, true);
            }
            return;
        case FailureKind::link_down: {
            const LinkIndex link = *network_.link_between(failure.host, failure.other);
            if (link_down_[link]++ == 0) {
                listener_->link_changed(link, true);
            }
            return;
        }
        case FailureKind::storage_full:
            ++(failure.permanent ? host_faults_[failure.host].storage_full_permanent
                                 : host_faults_[failure.host].storage_full);
            return;
        case FailureKind::unknown_mailbox:
            ++host_faults_[failure.host].unknown[core::to_upper_ascii(failure.mailbox)];
            return;
        case FailureKind::forward:
            host_faults_[failure.host].forwards[core::to_upper_ascii(failure.mailbox)].push_back(
                &failure);
            return;
        case FailureKind::relay_refused:
            ++host_faults_[failure.host].relay_refused;
            return;
        case FailureKind::transient:
        case FailureKind::drop_connection:
            set_active(failure, true);
            return;
    }
}

void FaultPlan::end(const FailureSpec& failure) {
    if (failure.kind == FailureKind::host_down || failure.kind == FailureKind::link_down ||
        failure.kind == FailureKind::transient || failure.kind == FailureKind::drop_connection) {
        end_window(failure);
        return;
    }
    HostFaults& faults = host_faults_[failure.host];
    const std::string mailbox = core::to_upper_ascii(failure.mailbox);
    switch (failure.kind) {
        case FailureKind::storage_full:
            --(failure.permanent ? faults.storage_full_permanent : faults.storage_full);
            return;
        case FailureKind::unknown_mailbox:
            if (--faults.unknown[mailbox] == 0) {
                faults.unknown.erase(mailbox);
            }
            return;
        case FailureKind::forward: {
            auto& list = faults.forwards[mailbox];
            std::erase(list, &failure);
            if (list.empty()) {
                faults.forwards.erase(mailbox);
            }
            return;
        }
        case FailureKind::relay_refused:
            --faults.relay_refused;
            return;
        case FailureKind::host_down:
        case FailureKind::link_down:
        case FailureKind::transient:
        case FailureKind::drop_connection:
            return;  // end_window
    }
}

void FaultPlan::end_window(const FailureSpec& failure) {
    if (failure.kind == FailureKind::host_down) {
        if (--host_down_[failure.host] == 0) {
            listener_->host_changed(failure.host, false);
        }
    } else if (failure.kind == FailureKind::link_down) {
        const LinkIndex link = *network_.link_between(failure.host, failure.other);
        if (--link_down_[link] == 0) {
            listener_->link_changed(link, false);
        }
    } else {
        set_active(failure, false);
    }
}

}  // namespace smtpsim::mta
