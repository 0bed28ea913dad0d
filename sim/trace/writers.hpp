// The file outputs of a run, each an observer of trace events: the session
// transcript (S:/R: lines), the hop log and the outcome log (JSON Lines), and
// the full event log (JSON Lines). Every line of the JSON logs starts with the
// simulated time in seconds ("t"), so two runs diff cleanly.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "trace/trace.hpp"

namespace smtpsim::trace {

// Seconds with nine decimals as a JSON number: 12.000250000.
std::string json_seconds(Time t);
// A JSON string literal with escapes.
std::string json_string(std::string_view text);

// Every session: a header line, then its lines exactly as written, "S: " for
// the client and "R: " for the server, in order; a blank line after each.
// Sessions appear in the order they were opened, each once it has closed.
// With `explain`, each line that carries the receiver's state gets a column
// after " | ": a reply's RFC 821 4.3 class (S, F, E, I) and the state the
// receiver is in (see LineWritten).
class TranscriptWriter : public Observer {
  public:
    explicit TranscriptWriter(std::ostream& out, bool explain = false)
        : out_(out), explain_(explain) {}
    unsigned interests() const override { return sessions | lines; }
    void on_session_opened(const SessionOpened& e) override;
    void on_line(const LineWritten& e) override;
    void on_session_closed(const SessionClosed& e) override;
    // Writes what is still open (sessions cut short by a stop time).
    void finish() override;
    // Only sessions 1 to `limit` are written (nothing: all).
    void set_session_limit(std::optional<std::uint64_t> limit) { limit_ = limit; }

  private:
    struct Buffer {
        std::string text;
        bool closed = false;
    };
    void flush_ready();
    std::ostream& out_;
    bool explain_;
    std::map<std::uint64_t, Buffer> open_;  // by session id
    std::optional<std::uint64_t> limit_;
};

// hops.jsonl: one line per mail per host event.
class HopWriter : public Observer {
  public:
    explicit HopWriter(std::ostream& out) : out_(out) {}
    unsigned interests() const override { return hops; }
    void on_hop(const Hop& e) override;

  private:
    std::ostream& out_;
};

// outcomes.jsonl: one line per recipient of every injected mail.
class OutcomeWriter : public Observer {
  public:
    explicit OutcomeWriter(std::ostream& out) : out_(out) {}
    unsigned interests() const override { return outcomes; }
    void on_resolved(const RecipientResolved& e) override;

  private:
    std::ostream& out_;
};

// events.jsonl: every trace event, typed by "event".
class EventWriter : public Observer {
  public:
    explicit EventWriter(std::ostream& out) : out_(out) {}
    unsigned interests() const override { return sessions | lines | hops | outcomes; }
    void on_session_opened(const SessionOpened& e) override;
    void on_line(const LineWritten& e) override;
    void on_session_closed(const SessionClosed& e) override;
    void on_hop(const Hop& e) override;
    void on_resolved(const RecipientResolved& e) override;

  private:
    std::ostream& out_;
};

// The JSON object of a hop and of an outcome, shared by the writers.
std::string hop_json(const Hop& e, bool with_event_name);
std::string outcome_json(const RecipientResolved& e, bool with_event_name);

}  // namespace smtpsim::trace
