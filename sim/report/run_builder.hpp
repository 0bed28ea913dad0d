// Builds a RunModel from the records of a run's trace, in the order written:
// sessions and their lines from events.jsonl, mails' stays from hop records,
// recipients' outcomes. It also finds which session brought a mail to a host:
// the session whose final "." that host had read and not yet answered when it
// accepted the mail.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "report/jsonl.hpp"
#include "report/run_model.hpp"

namespace smtpsim::report {

// The hosts and time span of one mail and its notifications, for a
// DetailPolicy that follows a mail (found by a first pass over the hops).
struct MailSpan {
    std::set<std::uint32_t> hosts;
    Time first = Time::max();
    Time last;
};

class RunBuilder {
  public:
    // `epoch_unix`: the date of simulated time 0, for the Received: lines.
    RunBuilder(RunModel& model, DetailPolicy policy, std::optional<std::int64_t> epoch_unix,
               std::optional<MailSpan> mail_span);

    // One record of events.jsonl (any "event"; unknown ones are skipped).
    void event(const Record& record);
    // One record of hops.jsonl, or a "hop" event.
    void hop(const Record& record);
    // One record of outcomes.jsonl, or an "outcome" event.
    void outcome(const Record& record);
    // One record of routing.jsonl.
    void routing(const Record& record);

  private:
    struct SessionState {
        bool in_data = false;     // between the 354 and the final "."
        bool turn_asked = false;  // the sender's last command was TURN
        bool turned = false;      // RFC 821 4.1.1 TURN: the roles are swapped
    };
    void session_opened(const Record& record);
    void line(const Record& record);
    void session_closed(const Record& record);
    bool wants_detail(const SessionRow& session) const;
    std::size_t session_index(const Record& record) const;
    void note_client_line(std::size_t index, std::string_view text);
    void note_reply(std::size_t index, std::string_view text);
    std::uint32_t data_receiver(std::size_t index) const;
    void begin_stop(const Record& record, bool submitted);
    void end_stop(const Record& record, StopEnd end);
    StopRow& open_stop(const Record& record, std::uint64_t message, std::uint32_t host);
    std::uint32_t received_line(const StopRow& stop) const;

    RunModel& model_;
    DetailPolicy policy_;
    std::optional<std::int64_t> epoch_unix_;
    std::optional<MailSpan> mail_span_;
    std::optional<std::uint32_t> focus_host_;
    std::unordered_map<std::uint64_t, std::size_t> session_by_id_;
    std::vector<SessionState> states_;
    // Per server host: sessions whose final "." it has read, oldest first.
    std::unordered_map<std::uint32_t, std::deque<std::size_t>> awaiting_acceptance_;
    std::map<std::pair<std::uint64_t, std::uint32_t>, std::size_t> open_stops_;
};

// The mail's hosts and time span, from its hop records and its notifications'.
void note_mail_span(const Record& hop, RunModel& model, std::uint64_t mail, MailSpan& span);

}  // namespace smtpsim::report
