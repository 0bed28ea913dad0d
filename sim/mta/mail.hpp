// Mail as the simulated hosts hold it: a letter is a copy of a mail in a
// host's queue, bound for one next host with the recipients that go that way,
// and what a mailbox stores. The text is shared, never copied (smtp::MailText).
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "smtp/mail_text.hpp"
#include "smtp/path.hpp"
#include "smtp/sender.hpp"

namespace smtpsim::mta {

using core::Time;

// The host of a forward-path's mailbox, looked up by name once (names
// become ids at the edge) and kept with the recipient while its path stays
// the same: the hops of a mail route by the index, not by hashing the name.
struct MailboxHost {
    static constexpr std::uint32_t unresolved = UINT32_MAX;   // not looked up yet
    static constexpr std::uint32_t unknown = UINT32_MAX - 1;  // no such host in the topology
    std::uint32_t id = unresolved;
};

// What a host knows of one recipient of a letter, beside its forward-path.
struct Recipient {
    std::uint64_t id = 0;     // the ledger's recipient id
    int redirects = 0;        // 551 "please try" answers followed so far
    MailboxHost destination;  // of its forward-path (a new path starts unresolved)
};

// The bookkeeping of a letter, beside the envelope that goes on the wire.
struct LetterInfo {
    std::uint64_t message = 0;
    std::uint64_t about = 0;  // a notification: the message it reports on
    // Where a notification about it goes from here: the reverse-path as this
    // host received it (or the originator's mailbox at the originating host).
    // Null for a notification, which is never answered by another.
    smtp::Path return_path;
    // In the order of envelope.forward_paths; most letters have one or two.
    boost::container::small_vector<Recipient, 2> recipients;
    int hops = 0;                  // SMTP hops it made to reach this host
    bool originated_here = false;  // a local user's mail: failures go straight back
    Time queued_since;             // for the queue lifetime
    Time not_before;               // no attempt before this (retries)
    int failed_attempts = 0;
    // distance-vector routing: since when it waits at this host for a route.
    std::optional<Time> waiting_for_route_since;
};

// One mail in a host's queue or on its way: the envelope (reverse-path as
// this host sends it, forward-paths, mode, text, VRFYs) and its bookkeeping.
struct Letter {
    smtp::Envelope envelope;
    LetterInfo info;

    std::size_t bytes() const { return envelope.data->bytes(); }
    // A copy with the same mail and no recipients, to fill.
    Letter empty_copy() const;
    void add_recipient(smtp::Path forward_path, Recipient recipient);
};

// A mail in a mailbox: the host's "file system".
struct StoredMail {
    Time time;
    std::uint64_t message;
    std::string mailbox;
    smtp::Mode mode;
    smtp::MailTextPtr text;  // with the Return-Path line (only kept with keep_mail_text)
};

}  // namespace smtpsim::mta
