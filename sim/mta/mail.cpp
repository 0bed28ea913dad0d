// The ledger of messages and recipients.
#include "mta/mail.hpp"

namespace smtpsim::mta {

std::size_t text_bytes(const Text& text) {
    std::size_t bytes = 0;
    for (const std::string& line : text) {
        bytes += line.size() + 2;
    }
    return bytes;
}

MessageRecord& Ledger::add_message(Time injected, net::HostId origin, std::size_t bytes,
                                   std::uint64_t about) {
    MessageRecord& m = messages_.emplace_back();
    m.id = messages_.size();
    m.about = about;
    m.injected = injected;
    m.origin = origin;
    m.bytes = bytes;
    return m;
}

std::uint64_t Ledger::add_recipient(std::uint64_t message_id, smtp::Path forward_path,
                                    bool counted) {
    RecipientRecord& r = recipients_.emplace_back();
    r.message = message_id;
    r.counted = counted;
    details_[recipients_.size()].forward_path = std::move(forward_path);
    const std::uint64_t id = recipients_.size();
    MessageRecord& m = message(message_id);
    if (m.recipients == 0) {
        m.first_recipient = id;
    }
    ++m.recipients;
    return id;
}

std::uint16_t Ledger::cause_id(std::string_view cause) {
    for (std::size_t i = 0; i < causes_.size(); ++i) {
        if (causes_[i] == cause) {
            return static_cast<std::uint16_t>(i);
        }
    }
    causes_.emplace_back(cause);
    return static_cast<std::uint16_t>(causes_.size() - 1);
}

Ledger::Totals Ledger::totals() const {
    Totals t;
    for (const MessageRecord& m : messages_) {
        if (m.about == 0) {
            ++t.injected;
        }
    }
    for (const RecipientRecord& r : recipients_) {
        if (!r.counted) {
            continue;
        }
        ++t.recipients;
        if (!r.outcome) {
            continue;  // not resolved: neither in a total nor in flight; balanced() fails
        }
        switch (*r.outcome) {
            case trace::Outcome::delivered:
                ++t.delivered;
                break;
            case trace::Outcome::returned:
                ++t.returned;
                break;
            case trace::Outcome::unreturnable:
                ++t.unreturnable;
                break;
            case trace::Outcome::in_flight:
                ++t.in_flight;
                break;
        }
    }
    return t;
}

}  // namespace smtpsim::mta
