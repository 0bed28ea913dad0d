// Mail as the simulated hosts hold it: the shared text, a copy of a mail in a
// host's queue (a letter), what a mailbox stores, and the ledger that gives
// every recipient of every injected mail exactly one outcome.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/time.hpp"
#include "net/topology.hpp"
#include "smtp/command.hpp"
#include "smtp/path.hpp"
#include "smtp/reply.hpp"
#include "trace/trace.hpp"

namespace smtpsim::mta {

using core::Time;

// Mail data: text lines without CRLF, not dot-stuffed. Immutable and shared:
// each host that accepts a mail makes a new text with its time stamp line in
// front (RFC 821 4.1.1), and every copy it sends on shares that text.
using Text = std::vector<std::string>;
using TextPtr = std::shared_ptr<const Text>;

// Bytes of the text on the wire: every line with its CRLF.
std::size_t text_bytes(const Text& text);

struct Recipient {
    std::uint64_t id;         // the ledger's recipient id
    smtp::Path forward_path;  // as this host sends it on
    int redirects = 0;        // 551 "please try" answers followed so far
};

// One mail in a host's queue, bound for one next host, with the recipients
// that go that way.
struct Letter {
    std::uint64_t message = 0;
    smtp::Path reverse_path;  // as this host sends it (MAIL FROM)
    // Where a notification about it goes from here: the reverse-path as this
    // host received it (or the originator's mailbox at the originating host).
    // Null for a notification, which is never answered by another.
    smtp::Path return_path;
    std::vector<Recipient> recipients;
    smtp::Mode mode = smtp::Mode::mail;
    TextPtr text;
    std::size_t bytes = 0;            // text_bytes(*text)
    std::vector<std::string> verify;  // VRFY these first (a local user's mail only)
    int hops = 0;                     // SMTP hops it made to reach this host
    bool originated_here = false;     // a local user's mail: failures go straight back
    Time queued_since;                // for the queue lifetime
    Time not_before;                  // no attempt before this (retries)
    int failed_attempts = 0;
};

// A mail in a mailbox: the host's "file system".
struct StoredMail {
    Time time;
    std::uint64_t message;
    std::string mailbox;
    smtp::Mode mode;
    TextPtr text;  // with the Return-Path line (only kept with keep_mail_text)
};

struct MessageRecord {
    std::uint64_t id = 0;
    std::uint64_t about = 0;  // for a notification: the message it reports on
    Time injected;
    net::HostId origin = 0;
    std::size_t bytes = 0;
    std::uint64_t first_recipient = 0;  // its recipients' ids are consecutive
    std::size_t recipients = 0;
    std::vector<net::HostId> route;  // for a notification: the hosts it went through
};

// What every run keeps of each recipient: small, so that large runs grow
// slowly with the mail ever sent.
struct RecipientRecord {
    static constexpr std::uint32_t no_host = UINT32_MAX;
    std::uint64_t message = 0;
    Time time;  // of the outcome
    std::int32_t hops = 0;
    std::uint32_t host = no_host;  // delivered at, or failed at
    std::uint16_t cause = 0;       // Ledger::cause_name(); 0 for none
    std::optional<trace::Outcome> outcome;
    bool counted = true;  // a recipient of an injected mail (not of a notification)
};

// The rest, kept while the recipient is unresolved (and always, unless a run
// keeps only what its summary counts).
struct RecipientDetails {
    smtp::Path forward_path;  // as the originator gave it
    std::optional<smtp::Reply> reply;
    std::string reason;
    std::uint64_t notification = 0;
    // Why it failed, waiting for its notification to arrive or to fail.
    std::uint32_t failing_host = RecipientRecord::no_host;
    std::uint16_t cause = 0;
    // For a notification's recipient: the recipients it reports.
    std::vector<std::uint64_t> reported;
};

// Ids start at 1; 0 means none.
class Ledger {
  public:
    MessageRecord& add_message(Time injected, net::HostId origin, std::size_t bytes,
                               std::uint64_t about = 0);
    // Recipients of one message must be added one after another.
    std::uint64_t add_recipient(std::uint64_t message, smtp::Path forward_path, bool counted);

    MessageRecord& message(std::uint64_t id) { return messages_[id - 1]; }
    const MessageRecord& message(std::uint64_t id) const { return messages_[id - 1]; }
    RecipientRecord& recipient(std::uint64_t id) { return recipients_[id - 1]; }
    const RecipientRecord& recipient(std::uint64_t id) const { return recipients_[id - 1]; }
    // A recipient's details (made empty when they were dropped).
    RecipientDetails& details(std::uint64_t id) { return details_[id]; }
    const RecipientDetails* find_details(std::uint64_t id) const {
        auto it = details_.find(id);
        return it == details_.end() ? nullptr : &it->second;
    }
    void drop_details(std::uint64_t id) { details_.erase(id); }

    // Causes of failure ("550", "lifetime", "no route") as small numbers.
    std::uint16_t cause_id(std::string_view cause);
    const std::string& cause_name(std::uint16_t id) const { return causes_[id]; }
    std::size_t message_count() const { return messages_.size(); }
    std::size_t recipient_count() const { return recipients_.size(); }

    struct Totals {
        std::uint64_t injected = 0;  // messages
        std::uint64_t recipients = 0;
        std::uint64_t delivered = 0;
        std::uint64_t returned = 0;
        std::uint64_t unreturnable = 0;
        std::uint64_t in_flight = 0;
        bool balanced() const {
            return recipients == delivered + returned + unreturnable + in_flight;
        }
    };
    Totals totals() const;

  private:
    std::vector<MessageRecord> messages_;
    std::vector<RecipientRecord> recipients_;
    std::unordered_map<std::uint64_t, RecipientDetails> details_;
    std::vector<std::string> causes_{""};
};

}  // namespace smtpsim::mta
