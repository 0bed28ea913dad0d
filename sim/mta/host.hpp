// A simulated SMTP host's own state: its outgoing queues (one per next host),
// its mailboxes, its session slots and its counters. What it does with them
// is in the simulation.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "core/scheduler.hpp"
#include "mta/failures.hpp"
#include "mta/mail.hpp"
#include "mta/retry.hpp"
#include "net/topology.hpp"

namespace smtpsim::mta {

class Session;

// Mail waiting for one next host.
struct OutQueue {
    std::deque<Letter> letters;
    bool session_open = false;
    bool run_scheduled = false;  // a queue run is due at this instant
    bool waiting_for_slot = false;
    core::EventId retry_timer;
};

struct HostCounters {
    std::uint64_t sessions_in = 0;
    std::uint64_t sessions_out = 0;
    std::uint64_t commands_in = 0;  // command lines received as a server
    std::uint64_t bytes_in = 0;     // bytes received on all its sessions
    std::uint64_t bytes_out = 0;
    std::uint64_t accepted = 0;   // mails taken over SMTP
    std::uint64_t delivered = 0;  // recipients stored in its mailboxes
    std::uint64_t queued = 0;     // letters in its queues now
    std::uint64_t peak_queue = 0;
    std::uint64_t duplicates = 0;  // recipients delivered here more than once
};

// The failures in force at a host, each a count of the windows that hold it.
struct HostFaults {
    int down = 0;
    int storage_full = 0;
    int storage_full_permanent = 0;
    int relay_refused = 0;
    std::map<std::string, int> unknown;  // upper-cased mailbox -> windows
    std::map<std::string, std::vector<const FailureSpec*>> forwards;  // upper-cased mailbox
};

struct Host {
    net::HostId id = 0;
    std::string name;
    const net::HostProps* props = nullptr;
    RetryPolicy retry;
    std::map<net::HostId, OutQueue> queues;  // by next host; ordered, so runs are deterministic
    std::uint32_t inbound = 0;               // sessions served now
    std::uint32_t outbound = 0;              // sessions opened now
    std::deque<Session*> accept_queue;       // connections waiting for a free session
    std::deque<net::HostId> slot_queue;      // next hosts waiting for an outgoing session
    std::uint64_t storage_used = 0;          // bytes in mailboxes and queues
    std::vector<StoredMail> mailbox;         // delivered mail, in arrival order
    HostCounters counters;
    HostFaults faults;
};

}  // namespace smtpsim::mta
