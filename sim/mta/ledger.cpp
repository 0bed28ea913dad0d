// The ledger of unresolved mail.
#include "mta/ledger.hpp"

#include <algorithm>

namespace smtpsim::mta {

std::uint64_t Ledger::add_message(core::Time injected, net::HostId origin, std::uint64_t about) {
    const std::uint64_t id = ++last_message_;
    MessageRecord& m = messages_[id];
    m.injected = injected;
    m.origin = origin;
    m.about = about;
    if (about == 0) {
        ++totals_.injected;
    }
    return id;
}

std::uint64_t Ledger::add_recipient(std::uint64_t message, smtp::Path forward_path, bool counted) {
    const std::uint64_t id = ++last_recipient_;
    RecipientRecord& r = recipients_[id];
    r.message = message;
    r.counted = counted;
    r.forward_path = std::move(forward_path);
    ++messages_.at(message).unresolved;
    if (counted) {
        ++totals_.recipients;
    }
    return id;
}

MessageRecord* Ledger::message(std::uint64_t id) {
    const auto it = messages_.find(id);
    return it == messages_.end() ? nullptr : &it->second;
}

RecipientRecord* Ledger::recipient(std::uint64_t id) {
    const auto it = recipients_.find(id);
    return it == recipients_.end() ? nullptr : &it->second;
}

RecipientRecord Ledger::resolve(std::uint64_t recipient, trace::Outcome outcome) {
    auto node = recipients_.extract(recipient);
    RecipientRecord record = std::move(node.mapped());
    if (record.counted) {
        switch (outcome) {
            case trace::Outcome::delivered:
                ++totals_.delivered;
                break;
            case trace::Outcome::returned:
                ++totals_.returned;
                break;
            case trace::Outcome::unreturnable:
                ++totals_.unreturnable;
                break;
            case trace::Outcome::in_flight:
                ++totals_.in_flight;
                break;
        }
    }
    const auto m = messages_.find(record.message);
    if (m != messages_.end() && --m->second.unresolved == 0) {
        messages_.erase(m);
    }
    return record;
}

std::vector<std::uint64_t> Ledger::unresolved() const {
    std::vector<std::uint64_t> ids;
    ids.reserve(recipients_.size());
    for (const auto& [id, record] : recipients_) {
        ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());  // the map's order is not the run's
    return ids;
}

}  // namespace smtpsim::mta
