// What a run report shows, as read from a run's folder: the sessions (all of
// them), the lines of the first sessions (every session of a small run), each
// mail's stay at each host, and the recipients' outcomes. Texts are interned
// once in a string table, so that the page's data stays small.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time.hpp"

namespace smtpsim::report {

using core::Time;

// Texts by index, each kept once.
class Interner {
  public:
    std::uint32_t intern(std::string_view text);
    std::optional<std::uint32_t> find(std::string_view text) const;
    const std::vector<std::string>& values() const { return values_; }
    const std::string& at(std::uint32_t index) const { return values_.at(index); }

  private:
    std::unordered_map<std::string, std::uint32_t> index_;
    std::vector<std::string> values_;
};

// One SMTP line as the trace wrote it.
struct LineRow {
    Time written;                 // when its writer wrote it
    std::optional<Time> arrived;  // when it arrived at the other end, if the trace says
    bool by_server = false;       // a reply ("R:"), else a command or text line ("S:")
    std::uint32_t text = 0;
    std::uint32_t state = 0;        // the receiver's session state, if the trace says
    std::uint32_t reply_class = 0;  // positive / transient / permanent, if the trace says
};

// One SMTP session: a connection from a client host to a server host.
struct SessionRow {
    std::uint64_t id = 0;
    std::uint32_t client = 0;  // host index
    std::uint32_t server = 0;
    Time opened;
    std::optional<Time> closed;  // nothing: still open when the run stopped
    std::uint32_t reason = 0;    // why it closed ("quit", or what went wrong)
    bool notification = false;   // it carried a MAIL FROM:<>
    std::uint64_t line_count = 0;
    char worst_reply = 0;   // the highest first digit of its replies ('2' ... '5'), 0: none
    bool detailed = false;  // its lines are in `lines`
    std::vector<LineRow> lines;
};

// What happened to a mail at a host when it left it, as bits.
enum StopEnd : unsigned { relayed = 1u, delivered = 2u, failed = 4u };

// A mail's stay at one host: submitted there or accepted over SMTP, then
// relayed, delivered and/or failed (one recipient each way, for split mail).
struct StopRow {
    std::uint64_t message = 0;
    std::uint64_t about = 0;  // a notification's mail, else 0
    std::uint32_t host = 0;
    Time arrived;
    std::optional<Time> left;
    bool submitted = false;  // else accepted over SMTP
    unsigned ends = 0;       // StopEnd bits
    std::vector<std::uint32_t> forward_paths;
    std::uint32_t reverse_path = 0;  // as it stands at this host
    std::uint32_t return_path = 0;   // when delivered here: the Return-Path line's path
    std::vector<std::uint64_t> recipients;
    std::int64_t via = -1;       // index of the session that brought it, if known
    std::uint32_t received = 0;  // the Received: line this host added
};

// The outcome of one recipient of an injected mail (outcomes.jsonl).
struct OutcomeRow {
    Time time;
    std::uint64_t recipient = 0;
    std::uint64_t message = 0;
    std::uint32_t forward_path = 0;
    std::uint32_t outcome = 0;
    std::uint32_t delivered_to = 0;  // mailbox, terminal, both, list (empty: not delivered)
    std::int64_t hops = 0;
    std::int64_t host = -1;  // host index, or -1
    int reply_code = 0;      // 0: none
    std::uint32_t reply_text = 0;
    std::uint32_t reason = 0;
    std::uint64_t notification = 0;
    std::vector<std::uint32_t> notification_route;  // host indexes
};

// One hop record of the trace, in the order written: what happened to a
// stay (StopRow) at that instant.
enum class HopKind : std::uint8_t { submitted, accepted, relayed, delivered, failed };
struct HopEventRow {
    Time time;
    HopKind kind = HopKind::submitted;
    std::uint32_t stop = 0;  // index into RunModel::stops
};

// One change of a host's routing table (routing.jsonl, distance-vector runs).
struct RoutingRow {
    Time time;
    std::uint32_t host = 0;  // host indexes
    std::uint32_t destination = 0;
    std::int64_t next_hop = -1;  // -1: unreachable
    std::int64_t distance = 0;
};

// Which sessions keep their lines: the first ones that match, up to a budget.
struct DetailPolicy {
    std::uint64_t max_lines = 250'000;
    std::optional<std::uint64_t> mail;  // sessions that may have carried this mail
    std::optional<std::string> host;    // sessions with this host at either end
    std::optional<Time> from;           // sessions opened in [from, to]
    std::optional<Time> to;
};

// One entry of a scenario's failure plan, for the report's time axis. The
// plan is not in a run's folder: the caller that has the scenario gives it.
struct PlannedFailure {
    std::string kind;  // "host_down", "link_down", "storage_full", ...
    Time at;
    std::optional<Time> duration;    // nothing: to the end of the run
    std::vector<std::string> hosts;  // the host, or a link's two ends
    std::string detail;              // what else the entry says, for people
};

struct RunModel {
    RunModel() { strings.intern(""); }

    nlohmann::json summary;  // summary.json
    Interner strings;        // texts; index 0 is the empty text, which stands for "absent"
    Interner hosts;          // the topology's hosts, then any other the trace names
    std::vector<SessionRow> sessions;
    std::vector<StopRow> stops;
    std::vector<OutcomeRow> outcomes;
    std::vector<HopEventRow> hop_events;
    std::vector<RoutingRow> routing;
    bool has_routing = false;  // routing.jsonl was there
    bool has_events = false;   // events.jsonl was there (else no sessions, no lines)
    bool has_arrival = false;
    bool has_state = false;
    bool has_class = false;
    std::uint64_t detailed_lines = 0;
    std::uint64_t total_lines = 0;
    std::string detail_rule;                  // which sessions keep their lines, for people
    std::optional<std::uint64_t> focus_mail;  // the mail whose lines were asked for
};

}  // namespace smtpsim::report
