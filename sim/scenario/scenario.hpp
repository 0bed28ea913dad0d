// Scenario files: what to simulate (a topology, a routing mode, a seed, a
// stop time) and the workload (explicit messages and generated traffic).
// scenarios/scenario.schema.json describes the format.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "mta/simulation.hpp"
#include "net/topology.hpp"
#include "smtp/path.hpp"

namespace smtpsim::scenario {

using core::Time;

// The latest simulated time a scenario may name or imply: 10,000 days (about
// 27 years). Every duration in a scenario is at most this, and so is every
// instant it implies: a failure's "at" + "for", a traffic source's start +
// duration and its last mail (start + count x interval), the "stop" time, and
// a retry policy's lifetime + max interval. A Poisson source's mean interval
// is at most 1/40 of it (250 days), since one gap can be about 37 means. What
// the simulation adds on top (retries, notifications, link latencies of at
// most a day each) then stays far inside the 292 years Time holds, so no
// time of a run can overflow.
inline constexpr Time time_limit = Time::d(10'000);

// The shortest interval a scenario may give to anything that repeats or
// waits: retry intervals (`first`, `max`, in `retry` and `host_retry`),
// `connect_timeout`, the SMTP `timeouts`, `reroute_after`, and a traffic
// source's interval (or the mean interval its rate gives). One millisecond is
// a host's default service time for one command: a wait shorter than that is
// shorter than any SMTP exchange it paces, and at a nanosecond a host that is
// down, or a 451 with probability 1, would make the run retry for ever
// without simulated time getting anywhere. (Distance-vector intervals are
// checked by their own rules.) The topology's `poll_interval` has the same
// floor (net::min_poll_interval).
inline constexpr Time min_interval = Time::ms(1);
// Distance-vector timers (README, "Limits"): the update interval is at least
// 1ms, and the route timeout from one to 10^9 update intervals (a route's
// timeout is kept as the number of the update that ends it, in 32 bits).
inline constexpr Time min_update_interval = Time::ms(1);
inline constexpr std::int64_t max_timeout_intervals = 1'000'000'000;

// Message sizes: fixed (min == max) or drawn uniformly from [min, max] bytes.
struct SizeRange {
    std::uint64_t min = 2000;
    std::uint64_t max = 2000;
};

// One mail a local user sends.
struct MessageSpec {
    Time at;
    smtp::Mailbox from;
    std::vector<smtp::Path> to;
    smtp::Mode mode = smtp::Mode::mail;
    std::optional<std::vector<std::string>> data;  // the text as given
    std::uint64_t size = 0;                        // else a made-up text of this many bytes
    std::vector<std::string> verify;               // VRFY these before sending
};

enum class Process { poisson, fixed };

// Generated mail between random users of chosen hosts.
struct TrafficSpec {
    std::string name;               // names its random stream
    std::vector<net::HostId> from;  // senders' hosts (all when the file says "*")
    std::vector<net::HostId> to;    // recipients' hosts
    Process process = Process::poisson;
    Time interval;  // the mean (poisson) or exact (fixed) time between mails
    std::optional<std::uint64_t> count;
    Time start;
    std::optional<Time> duration;
    SizeRange size;
    std::uint32_t recipients = 1;  // per mail, on distinct random hosts where possible
    smtp::Mode mode = smtp::Mode::mail;
};

struct Scenario {
    std::string name;
    std::string description;
    std::string file;           // where it was loaded from ("" for built-in)
    std::string topology_file;  // "" when inline
    std::shared_ptr<const net::Topology> topology;
    std::uint64_t seed = 1;
    mta::SimulationConfig config;
    std::vector<MessageSpec> messages;
    std::vector<TrafficSpec> traffic;
    std::vector<mta::FailureSpec> failures;  // the failure plan
};

// Loads a scenario file; a relative topology path is relative to the file.
// Throws core::InputError naming the file, the JSON pointer and what was
// expected: also for a key given twice in one object, two traffic sources of
// one name, a host named twice in host_retry, mail text that holds a NUL,
// and times beyond time_limit.
// With `topology`, that topology replaces the file's: every host the scenario
// names must then be in it (the same workload on another topology).
Scenario load_scenario(const std::string& path,
                       std::shared_ptr<const net::Topology> topology = nullptr);
// `base_dir` resolves a relative topology path.
Scenario parse_scenario(std::string_view text, const std::string& source,
                        const std::string& base_dir,
                        std::shared_ptr<const net::Topology> topology = nullptr);

// The built-in scenario: RFC 821 Appendix F's relayed-mail scenario on its hosts.
Scenario builtin_relay_scenario();

}  // namespace smtpsim::scenario
