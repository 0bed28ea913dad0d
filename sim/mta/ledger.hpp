// The ledger: every injected mail and every recipient, until the recipient
// has its one outcome. A record is dropped as soon as it is resolved, so a
// run's memory follows the mail in flight, not the mail ever sent; the
// outcome itself goes to the trace (the run statistics and the outputs).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/time.hpp"
#include "net/topology.hpp"
#include "smtp/path.hpp"
#include "smtp/reply.hpp"
#include "trace/statistics.hpp"
#include "trace/trace.hpp"

namespace smtpsim::mta {

struct MessageRecord {
    core::Time injected;
    net::HostId origin = 0;
    std::uint64_t about = 0;  // for a notification: the message it reports on
    std::uint32_t unresolved = 0;
    std::vector<net::HostId> route;  // for a notification: the hosts it went through
    std::string originator;  // the originator's reverse-path, "<alice@A>"; "" for a notification
    // The mailing lists this mail was expanded at, as host << 32 | list
    // index, and the copies their members made: a list reached again is a
    // loop, and no mail makes more than max_list_copies (accounting.hpp).
    std::vector<std::uint64_t> lists;
    std::uint32_t list_copies = 0;
};

// An unresolved recipient.
struct RecipientRecord {
    std::uint64_t message = 0;
    bool counted = true;      // a recipient of an injected mail (not of a notification)
    smtp::Path forward_path;  // as the originator gave it
    // Why it failed, while its notification travels back.
    std::optional<smtp::Reply> reply;
    std::string reason;
    std::uint64_t notification = 0;
    trace::HostIndex failing_host = trace::no_host;
    trace::Cause cause;
    // For a notification's recipient: the recipients it reports.
    std::vector<std::uint64_t> reported;
};

// Ids start at 1 and are never reused; 0 means none.
class Ledger {
  public:
    std::uint64_t add_message(core::Time injected, net::HostId origin, std::uint64_t about = 0);
    // Adds a recipient to the latest message.
    std::uint64_t add_recipient(std::uint64_t message, smtp::Path forward_path, bool counted);

    // Null once the message's recipients are all resolved.
    MessageRecord* message(std::uint64_t id);
    // Null once resolved.
    RecipientRecord* recipient(std::uint64_t id);
    bool resolved(std::uint64_t recipient) const { return !recipients_.contains(recipient); }

    // Marks the recipient resolved and drops its record (and its message's,
    // when it was the last); returns what the record held.
    RecipientRecord resolve(std::uint64_t recipient, trace::Outcome outcome);

    // The unresolved recipients, in id order.
    std::vector<std::uint64_t> unresolved() const;

    // What the ledger counted: recipients of injected mail, and their outcomes.
    const trace::OutcomeTotals& totals() const { return totals_; }
    std::size_t records() const { return messages_.size() + recipients_.size(); }

  private:
    std::unordered_map<std::uint64_t, MessageRecord> messages_;
    std::unordered_map<std::uint64_t, RecipientRecord> recipients_;
    std::uint64_t last_message_ = 0;
    std::uint64_t last_recipient_ = 0;
    trace::OutcomeTotals totals_;
};

}  // namespace smtpsim::mta
