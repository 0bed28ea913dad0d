// What a simulation is told by its scenario: the routing mode and metric, the
// retry policies, the stop time, the calendar date of time 0, and how
// failures play out (connection timeout, rerouting).
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "core/scheduler.hpp"
#include "core/time.hpp"
#include "mta/distance_vector.hpp"
#include "mta/hop_router.hpp"
#include "mta/retry.hpp"
#include "net/routing.hpp"
#include "net/topology.hpp"

namespace smtpsim::mta {

// How long an SMTP end waits before it gives a connection up (RFC 1123
// 5.3.2): the client for the reply to what it sent, the server for the next
// command. They matter when the other end's host goes down: nothing tells
// the survivor, which notices when its wait times out.
struct SmtpTimeouts {
    core::Time greeting = core::Time::min(5);  // the initial 220
    core::Time mail = core::Time::min(5);      // MAIL; also HELO, VRFY, RSET, QUIT
    core::Time rcpt = core::Time::min(5);
    core::Time data_initiation = core::Time::min(2);    // DATA, for the 354
    core::Time data_block = core::Time::min(3);         // while the text goes out
    core::Time data_termination = core::Time::min(10);  // the final ".", for the 250
    core::Time server = core::Time::min(5);             // the server, for the next command
};

struct SimulationConfig {
    RoutingMode routing = RoutingMode::next_hop;
    net::Metric metric = net::Metric::hops;
    RetryPolicy retry;
    std::optional<core::Time> stop;  // nothing: run until no events remain
    // The wall-clock date of simulated time 0, in seconds since 1970, for the
    // time stamps in Received: lines.
    std::int64_t epoch_unix = 397'008'000;  // 1 Aug 1982 00:00:00 GMT, RFC 821's date
    // false, for large runs: mailboxes keep no copies of delivered mail.
    bool keep_mail_text = true;
    std::uint64_t seed = 1;  // for the failures' random streams
    // A connection to a host that is down, or over a link that is down, fails
    // after this long.
    core::Time connect_timeout = core::Time::s(30);
    SmtpTimeouts timeouts;
    // next-hop routing: hosts recompute their tables without down hosts and
    // links this long after each failure or repair; nothing: never.
    std::optional<core::Time> reroute_after;
    std::map<net::HostId, RetryPolicy> host_retry;  // per host, instead of `retry`
    // distance-vector routing: how the hosts exchange their tables.
    DistanceVectorOptions distance_vector;
    // A mail with more Received: lines than this is refused with 554, as a
    // loop (RFC 5321 6.3 suggests at least 100; RFC 821 sets no limit).
    std::uint32_t hop_limit = 100;
    // A run that executes this many events stops there, its outputs marked
    // as partial; nothing: no ceiling.
    std::optional<std::uint64_t> max_events;
    // A run that executes more events than this at one simulated instant
    // cannot progress: it stops there, as at max_events.
    std::uint64_t max_events_at_one_instant = core::Scheduler::max_events_at_one_instant;
};

}  // namespace smtpsim::mta
