#include "report/run_builder.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "input_error.hpp"

using namespace smtpsim;
using nlohmann::json;
using report::Time;

namespace {

// Feeds events.jsonl records to a builder, as the reader would.
class Trace {
  public:
    explicit Trace(report::DetailPolicy policy = {}, std::optional<std::int64_t> epoch = 0)
        : builder_(model_, std::move(policy), epoch, std::nullopt) {
        model_.hosts.intern("A");
        model_.hosts.intern("B");
        model_.hosts.intern("C");
    }

    void event(const json& record) { builder_.event(report::Record(record, file_, ++line_)); }

    void open(std::uint64_t session, double t, const char* client, const char* server) {
        event({{"t", t},
               {"event", "session_opened"},
               {"session", session},
               {"client", client},
               {"server", server}});
    }
    void line(std::uint64_t session, double t, const char* side, const char* text) {
        event({{"t", t}, {"event", "line"}, {"session", session}, {"side", side}, {"text", text}});
    }
    void close(std::uint64_t session, double t) {
        event({{"t", t}, {"event", "session_closed"}, {"session", session}, {"reason", "quit"}});
    }
    void hop(double t, std::uint64_t message, const char* host, const char* kind,
             const char* reverse = "<alice@A>") {
        event({{"t", t},
               {"event", "hop"},
               {"message", message},
               {"host", host},
               {"kind", kind},
               {"forward_paths", {"<dan@C>"}},
               {"reverse_path", reverse},
               {"recipients", {1}}});
    }
    // A session up to the end of one mail text, not yet answered.
    void transfer(std::uint64_t session, double t, const char* client, const char* server,
                  const char* from) {
        open(session, t, client, server);
        line(session, t + 0.1, "server", "220 ready");
        line(session, t + 0.2, "client", "HELO x");
        line(session, t + 0.3, "server", "250 ok");
        line(session, t + 0.4, "client", from);
        line(session, t + 0.5, "server", "250 OK");
        line(session, t + 0.6, "client", "DATA");
        line(session, t + 0.7, "server", "354 go ahead");
        line(session, t + 0.8, "client", ".");
    }
    report::RunModel& model() { return model_; }

  private:
    report::RunModel model_;
    report::RunBuilder builder_;
    std::string file_ = "events.jsonl";
    std::size_t line_ = 0;
};

}  // namespace

TEST(run_builder, the_host_that_accepts_a_mail_took_it_from_the_session_whose_dot_it_read) {
    Trace trace;
    trace.hop(0, 1, "A", "submitted");
    trace.transfer(1, 1, "A", "B", "MAIL FROM:<alice@A>");
    trace.transfer(2, 1.05, "C", "B", "MAIL FROM:<carol@C>");
    trace.hop(1.85, 1, "B", "accepted", "<@B:alice@A>");
    trace.line(1, 1.9, "server", "250 OK");
    auto& m = trace.model();
    ASSERT_EQ(m.stops.size(), 2u);
    EXPECT_EQ(m.stops[0].via, -1);  // submitted
    EXPECT_EQ(m.stops[1].via, 0);   // session 1 read its "." first
    EXPECT_EQ(m.strings.at(m.stops[1].received), "Received: from A by B ; 1 Jan 70 00:00:01 GMT");
}

TEST(run_builder, a_refused_mail_text_brought_no_mail) {
    Trace trace;
    trace.transfer(1, 1, "A", "B", "MAIL FROM:<alice@A>");
    trace.line(1, 1.9, "server", "552 no room");
    trace.transfer(2, 2, "C", "B", "MAIL FROM:<carol@C>");
    trace.hop(2.85, 7, "B", "accepted");
    auto& m = trace.model();
    EXPECT_EQ(m.stops.back().via, 1);  // session 2, not the refused session 1
    EXPECT_EQ(m.sessions[0].worst_reply, '5');
}

TEST(run_builder, a_null_reverse_path_marks_a_notification_session) {
    Trace trace;
    trace.transfer(1, 1, "C", "B", "MAIL FROM:<>");
    trace.transfer(2, 2, "A", "B", "MAIL FROM:<alice@A>");
    EXPECT_TRUE(trace.model().sessions[0].notification);
    EXPECT_FALSE(trace.model().sessions[1].notification);
}

TEST(run_builder, lines_are_kept_for_the_first_sessions_up_to_the_budget) {
    report::DetailPolicy policy;
    policy.max_lines = 5;
    Trace trace(policy);
    trace.transfer(1, 1, "A", "B", "MAIL FROM:<alice@A>");
    trace.transfer(2, 2, "A", "B", "MAIL FROM:<alice@A>");
    const auto& m = trace.model();
    EXPECT_TRUE(m.sessions[0].detailed);
    EXPECT_EQ(m.sessions[0].lines.size(), 8u);  // a session keeps all its lines
    EXPECT_FALSE(m.sessions[1].detailed);
    EXPECT_EQ(m.sessions[1].line_count, 8u);  // counted all the same
    EXPECT_EQ(m.total_lines, 16u);
}

TEST(run_builder, a_host_filter_keeps_only_that_hosts_sessions) {
    report::DetailPolicy policy;
    policy.host = "C";
    Trace trace(policy);
    trace.transfer(1, 1, "A", "B", "MAIL FROM:<alice@A>");
    trace.transfer(2, 2, "C", "B", "MAIL FROM:<carol@C>");
    EXPECT_FALSE(trace.model().sessions[0].detailed);
    EXPECT_TRUE(trace.model().sessions[1].detailed);
}

TEST(run_builder, arrival_state_and_class_are_kept_when_the_trace_has_them) {
    Trace trace;
    trace.open(1, 0, "A", "B");
    trace.line(1, 0.1, "server", "220 ready");
    EXPECT_FALSE(trace.model().has_arrival);
    trace.event({{"t", 0.2},
                 {"event", "line"},
                 {"session", 1},
                 {"side", "server"},
                 {"text", "250 ok"},
                 {"arrive", 0.25},
                 {"state", "WAITING"},
                 {"class", "positive"}});
    const auto& m = trace.model();
    EXPECT_TRUE(m.has_arrival && m.has_state && m.has_class);
    const auto& line = m.sessions[0].lines[1];
    EXPECT_EQ(line.arrived, Time::ms(250));
    EXPECT_EQ(m.strings.at(line.state), "WAITING");
    EXPECT_EQ(m.strings.at(line.reply_class), "positive");
    EXPECT_FALSE(m.sessions[0].lines[0].arrived.has_value());
}

TEST(run_builder, unknown_events_and_fields_are_skipped) {
    Trace trace;
    trace.event({{"t", 0}, {"event", "something_new"}, {"whatever", 1}});
    trace.event({{"t", 0},
                 {"event", "session_opened"},
                 {"session", 1},
                 {"client", "A"},
                 {"server", "B"},
                 {"new_field", true}});
    EXPECT_EQ(trace.model().sessions.size(), 1u);
}

TEST(run_builder, a_line_of_a_session_never_opened_names_the_file_and_line) {
    Trace trace;
    const auto e = test_support::input_error_of([&] { trace.line(9, 0, "client", "HELO A"); });
    EXPECT_EQ(e.source(), "events.jsonl");
    EXPECT_EQ(e.location(), "line 1");
    EXPECT_NE(e.problem().find("session 9"), std::string::npos) << e.what();
}

TEST(run_builder, a_missing_field_says_which) {
    Trace trace;
    const auto e = test_support::input_error_of([&] {
        trace.event({{"t", 0}, {"event", "session_opened"}, {"session", 1}, {"client", "A"}});
    });
    EXPECT_NE(e.problem().find("\"server\""), std::string::npos) << e.what();
}

// RFC 821 4.1.1 TURN: after "TURN" and its 250 the server sends the mail, so
// the stay at the session's client was brought by that session.
TEST(run_builder, a_mail_sent_after_turn_is_brought_by_the_turned_session) {
    Trace trace;
    trace.open(1, 0.0, "A", "B");
    trace.line(1, 0.1, "server", "220 ready");
    trace.line(1, 0.2, "client", "HELO A");
    trace.line(1, 0.3, "server", "250 B");
    trace.line(1, 0.4, "client", "TURN");
    trace.line(1, 0.5, "server", "250 OK");
    trace.line(1, 0.6, "server", "220 A ready");
    trace.line(1, 0.7, "client", "HELO B");
    trace.line(1, 0.8, "server", "250 A");
    trace.line(1, 0.9, "client", "MAIL FROM:<bob@B>");
    trace.line(1, 1.0, "server", "250 OK");
    trace.line(1, 1.1, "client", "DATA");
    trace.line(1, 1.2, "server", "354 go ahead");
    trace.line(1, 1.3, "client", ".");
    trace.hop(1.4, 1, "A", "accepted");
    const auto& stops = trace.model().stops;
    ASSERT_EQ(stops.size(), 1u);
    EXPECT_EQ(stops[0].via, 0);
}

TEST(run_builder, every_hop_record_is_kept_with_its_kind_and_stay) {
    Trace trace;
    trace.hop(0.0, 1, "A", "submitted");
    trace.hop(1.0, 1, "A", "relayed");
    trace.hop(1.0, 1, "B", "accepted");
    trace.hop(2.0, 1, "B", "failed");
    const auto& hops = trace.model().hop_events;
    ASSERT_EQ(hops.size(), 4u);
    EXPECT_EQ(hops[1].kind, report::HopKind::relayed);
    EXPECT_EQ(hops[1].stop, 0u);
    EXPECT_EQ(hops[3].kind, report::HopKind::failed);
    EXPECT_EQ(hops[3].stop, 1u);
    EXPECT_EQ(hops[3].time, Time::s(2));
}
