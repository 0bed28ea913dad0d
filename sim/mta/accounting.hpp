// The accounting: every recipient of every injected mail ends in exactly one
// outcome (delivered, returned, unreturnable, in flight), told to the trace;
// undeliverable-mail notifications (RFC 821 3.6) are written here, and when
// one reaches the originator, the recipients it reports are returned. No
// notification is ever answered by another: a notification that cannot be
// delivered makes what it reports unreturnable.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/scheduler.hpp"
#include "mta/ledger.hpp"
#include "mta/mail.hpp"
#include "net/topology.hpp"
#include "trace/trace.hpp"

namespace smtpsim::mta {

// The most recipients the mailing lists may add to one mail, all its lists
// together: each list sends a mail on once (a loop ends at the second
// visit), and a list names at most max_list_members (net/topology.hpp),
// but lists naming lists on other hosts could still multiply one mail into
// millions of copies.
inline constexpr std::uint32_t max_list_copies = 100'000;

// Why recipients failed for good: for people (`reason`) and for counting.
struct Failure {
    const smtp::Reply* reply = nullptr;
    trace::HostIndex failing_host = trace::no_host;
    std::string reason;
    trace::Cause cause;
};

class Accounting {
  public:
    // `epoch_unix`: the date of simulated time 0, for the notifications' Date: lines.
    Accounting(const core::Scheduler& scheduler, trace::Bus& bus, const net::Topology& topology,
               std::int64_t epoch_unix);

    struct Injected {
        std::uint64_t message;
        std::uint64_t first_recipient;  // the recipients' ids follow in order
    };
    // A local user's mail, due at `at`.
    Injected inject(core::Time at, net::HostId origin, const smtp::Mailbox& from,
                    std::span<const smtp::Path> to);

    // A copy of the mail reached recipient `index` of `letter`'s mailbox at
    // `host` (its terminal, or both; or a mailing list). False when another
    // copy had resolved the recipient already.
    bool delivered(const Letter& letter, std::size_t index, net::HostId host,
                   trace::Destination destination = trace::Destination::mailbox);

    // What a mail reaching a mailing list may do: expand it, or not, because
    // another copy reached the list first, because the mail was expanded at
    // this list before (a loop across hosts), or because its members would
    // bring the mail's copies past max_list_copies.
    enum class ListCheck { expand, duplicate, loop, too_many };
    ListCheck check_list(const Letter& letter, std::size_t index, net::HostId host,
                         std::size_t list, std::size_t members);

    // Recipient `index` of `letter` is a mailing list at `host` (RFC 821
    // 3.3): it is delivered to the list, and each member becomes a recipient
    // of the same mail, counted as the list was. Returns the members' ids in
    // order, or nothing when another copy had reached the list already.
    // Call after check_list said `expand`, with the same `list`.
    std::optional<std::vector<std::uint64_t>> expand_list(const Letter& letter, std::size_t index,
                                                          net::HostId host, std::size_t list,
                                                          std::span<const smtp::Path> members);

    // Recipients `which` of `letter` failed for good at `host`: returned at
    // once to a local originator, unreturnable for a notification, else the
    // notification to send back along the reverse-path.
    std::optional<Letter> failed(net::HostId host, const Letter& letter,
                                 std::span<const std::size_t> which, const Failure& failure);

    // A notification was accepted at `host` on its way back.
    void notification_passed(std::uint64_t message, net::HostId host);

    // Mail held where the run left it (a host down at the end).
    void hold_in_flight(std::uint64_t recipient, const std::string& reason);
    // Everything unresolved: the run stopped first.
    void stop(const std::string& reason);

    const Ledger& ledger() const { return ledger_; }

  private:
    bool resolve(std::uint64_t recipient, trace::Outcome outcome, int hops, trace::HostIndex host,
                 const smtp::Reply* reply, std::string reason, std::uint64_t notification,
                 trace::Cause cause, std::span<const net::HostId> route = {},
                 trace::Destination destination = trace::Destination::mailbox);
    void fail_notification(std::uint64_t recipient, const Failure& failure);
    Letter notification(net::HostId host, const Letter& letter, std::span<const std::size_t> which,
                        const Failure& failure);
    std::string date_text() const;

    const core::Scheduler& scheduler_;
    trace::Bus& bus_;
    const net::Topology& topology_;
    std::int64_t epoch_unix_;
    Ledger ledger_;
    std::vector<std::string_view> route_names_;  // reused for each outcome event
};

}  // namespace smtpsim::mta
