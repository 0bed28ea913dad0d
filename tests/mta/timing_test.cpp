// The timing of sessions: the TCP handshake before the greeting, when a mail
// counts as relayed, how a peer notices a host that went down (RFC 1123
// 5.3.2 timeouts), and the order in which a host serves its next hosts.
#include <gtest/gtest.h>

#include <algorithm>

#include "mta/simulation.hpp"
#include "sim_fixture.hpp"

using smtpsim::core::Time;
using namespace smtpsim;
using namespace smtpsim::testing;
using trace::HopKind;

namespace {

// Three hosts in a line; a byte takes a microsecond on each link.
const char* line_json = R"({
  "defaults": {"link": {"latency": "10ms", "bandwidth": "8Mbit/s"}},
  "nodes": [{"name": "A", "users": [{"mailbox": "alice"}]},
            {"name": "B", "users": [{"mailbox": "bob"}], "service_time": "1ms"},
            {"name": "C", "users": [{"mailbox": "carol"}]}],
  "links": [{"a": "A", "b": "B"}, {"a": "B", "b": "C"}]
})";

struct TimedRun : RecordedRun {
    explicit TimedRun(const std::string& json, mta::SimulationConfig config = {})
        : RecordedRun(json, std::move(config)) {}
    void down(const std::string& host, Time at, std::optional<Time> duration = std::nullopt) {
        mta::FailureSpec f;
        f.kind = mta::FailureKind::host_down;
        f.host = *topology.find_host(host);
        f.at = at;
        f.duration = duration;
        sim->add_failure(f);
    }
    // alice@A mails bob@B; `host` goes down at 1 s, for a minute.
    void mail_while_down(const std::string& host) {
        send(Time::zero(), "alice@A", "<bob@B>");
        down(host, Time::s(1), Time::s(60));
        run();
    }
    const HopRecord& first(HopKind kind, const std::string& host) const {
        const auto it =
            std::find_if(recorder.hops.begin(), recorder.hops.end(),
                         [&](const auto& h) { return h.kind == kind && h.host == host; });
        EXPECT_NE(it, recorder.hops.end());
        return *it;
    }
};

}  // namespace

TEST(timing, the_greeting_is_written_when_the_third_handshake_segment_arrives) {
    TimedRun r(line_json);
    r.send(Time::zero(), "alice@A", "<bob@B>");
    r.run();
    // SYN at 0 reaches B at 10ms, SYN-ACK reaches A at 20ms, ACK reaches B at 30ms.
    const auto& session = r.recorder.sessions.at(0);
    ASSERT_EQ(session.lines.front(), "R: 220 B Simple Mail Transfer Service Ready");
    EXPECT_EQ(session.line_ns.front(), Time::ms(30).count_ns());
}

TEST(timing, relayed_is_stamped_when_the_250_for_the_end_of_data_arrives) {
    // RFC 821 4.1.1: the receiver takes the mail at the final "."; the sender
    // knows it when the 250 comes back, before its QUIT.
    TimedRun r(line_json);
    r.send(Time::zero(), "alice@A", "<carol@C>");
    r.run();
    const std::int64_t accepted = r.first(HopKind::accepted, "B").t_ns;
    const std::int64_t relayed = r.first(HopKind::relayed, "A").t_ns;
    // B's 1ms of service, "250 OK" (8 bytes, 8us), 10ms on the link.
    EXPECT_EQ(relayed, accepted + (Time::ms(1) + Time::us(8) + Time::ms(10)).count_ns());
    EXPECT_LT(relayed, r.recorder.sessions.at(0).end_ns);  // QUIT and 221 come after
    EXPECT_LT(relayed, r.first(HopKind::delivered, "C").t_ns);
}

namespace {

// B takes 10 s to answer each command, so A waits for a reply long enough
// for B to go down in the middle.
const char* slow_json = R"({
  "defaults": {"link": {"latency": "10ms", "bandwidth": "8Mbit/s"}},
  "nodes": [{"name": "A", "users": [{"mailbox": "alice"}]},
            {"name": "B", "users": [{"mailbox": "bob"}], "service_time": "10s"}],
  "links": [{"a": "A", "b": "B"}]
})";

// A's HELO: written when the greeting (42 bytes) arrives, 30ms + 42us + 10ms.
const Time helo_written = Time::ms(40) + Time::us(42);

}  // namespace

TEST(timing, a_client_notices_a_server_that_went_down_when_its_command_times_out) {
    // RFC 1123 5.3.2: nothing tells A that B is gone; A gives the connection
    // up 5 minutes after it wrote the HELO that is never answered.
    TimedRun r(slow_json);
    r.mail_while_down("B");
    const auto& session = r.recorder.sessions.at(0);
    EXPECT_EQ(session.end_ns, (helo_written + Time::min(5)).count_ns());
    EXPECT_EQ(session.end_text, "A gave up waiting for a reply: B went down");
    EXPECT_EQ(r.sim->totals().delivered, 1u);  // a later attempt
}

TEST(timing, the_command_timeouts_are_set_per_scenario) {
    mta::SimulationConfig config;
    config.timeouts.mail = Time::min(1);
    TimedRun r(slow_json, config);
    r.mail_while_down("B");
    EXPECT_EQ(r.recorder.sessions.at(0).end_ns, (helo_written + Time::min(1)).count_ns());
}

TEST(timing, a_server_notices_a_client_that_went_down_when_its_wait_for_a_command_times_out) {
    // B wrote its greeting at 30ms and waits for commands from then on (the
    // HELO it is serving when A goes down never gets an answer anyone reads).
    TimedRun r(slow_json);
    r.mail_while_down("A");
    const auto& session = r.recorder.sessions.at(0);
    EXPECT_EQ(session.end_ns, (Time::ms(30) + Time::min(5)).count_ns());
    EXPECT_EQ(session.end_text, "B gave up waiting for a command: A went down");
    EXPECT_EQ(r.sim->totals().delivered, 1u);
}

TEST(timing, a_host_serves_the_next_hosts_waiting_for_a_session_in_order) {
    // A may open one session at a time. Mail for B opens one; mail for C then
    // waits for it; more mail for B arrives while B's session is open. When
    // it ends, C (waiting first) goes before B again.
    TimedRun r(R"({
      "defaults": {"link": {"latency": "10ms", "bandwidth": "8Mbit/s"}},
      "nodes": [{"name": "A", "users": [{"mailbox": "alice"}], "max_sessions": 1},
                {"name": "B", "users": [{"mailbox": "bob"}]},
                {"name": "C", "users": [{"mailbox": "carol"}]}],
      "links": [{"a": "A", "b": "B"}, {"a": "A", "b": "C"}]
    })");
    r.send(Time::zero(), "alice@A", "<bob@B>");
    r.send(Time::ms(1), "alice@A", "<carol@C>");
    r.send(Time::ms(2), "alice@A", "<bob@B>");
    r.run();
    std::vector<std::string> servers;
    for (const auto& s : r.recorder.sessions) {
        servers.push_back(s.server);
    }
    EXPECT_EQ(servers, (std::vector<std::string>{"B", "C", "B"}));
}

TEST(timing, a_client_gives_up_on_a_server_slower_than_its_command_timeout) {
    // RFC 1123 5.3.2: the 5 minutes for a reply hold for a server that is up
    // but slow, not only for one that went down. B takes 10 minutes a
    // command: A gives up 5 minutes after its HELO, and the mail is retried
    // until its queue lifetime ends, then returned.
    mta::SimulationConfig config;
    config.retry.lifetime = Time::h(2);
    TimedRun r(R"({
      "defaults": {"link": {"latency": "10ms", "bandwidth": "8Mbit/s"}},
      "nodes": [{"name": "A", "users": [{"mailbox": "alice"}]},
                {"name": "B", "users": [{"mailbox": "bob"}], "service_time": "10min"}],
      "links": [{"a": "A", "b": "B"}]
    })",
               config);
    r.send(Time::zero(), "alice@A", "<bob@B>");
    r.run();
    const auto& session = r.recorder.sessions.at(0);
    EXPECT_EQ(session.lines.back(), "S: HELO A");
    EXPECT_EQ(session.end_ns, (helo_written + Time::min(5)).count_ns());
    EXPECT_EQ(session.end_text, "A gave up waiting for a reply: B was too slow (RFC 1123 5.3.2)");
    EXPECT_GT(r.recorder.sessions.size(), 2u);  // retried by the retry policy
    EXPECT_EQ(r.sim->totals().delivered, 0u);
    EXPECT_EQ(r.sim->totals().returned, 1u);
}

TEST(timing, a_connection_waiting_for_a_session_slot_gives_up_on_the_greeting_after_5_minutes) {
    // RFC 1123 5.3.2: "Initial 220 Message: 5 minutes". B serves one session
    // at a time and takes 90 s a command (under DATA's 2 minutes), so A's session holds it for
    // about 9 minutes; C's connection, waiting for the slot, gives up 5
    // minutes after its handshake, and C's retry (30 minutes on) delivers.
    TimedRun r(R"({
      "defaults": {"link": {"latency": "10ms", "bandwidth": "8Mbit/s"}},
      "nodes": [{"name": "A", "users": [{"mailbox": "alice"}]},
                {"name": "B", "users": [{"mailbox": "bob"}], "service_time": "90s",
                 "max_sessions": 1},
                {"name": "C", "users": [{"mailbox": "carol"}]}],
      "links": [{"a": "A", "b": "B"}, {"a": "C", "b": "B"}]
    })");
    r.send(Time::zero(), "alice@A", "<bob@B>");
    r.send(Time::s(1), "carol@C", "<bob@B>");
    r.run();
    const auto& waiting = r.recorder.sessions.at(1);
    EXPECT_EQ(waiting.client, "C");
    EXPECT_TRUE(waiting.lines.empty());  // no 220 ever came
    EXPECT_EQ(waiting.end_ns, (Time::s(1) + Time::ms(30) + Time::min(5)).count_ns());
    EXPECT_EQ(waiting.end_text,
              "C gave up waiting for the greeting: B had no free session (RFC 1123 5.3.2)");
    EXPECT_EQ(r.sim->totals().delivered, 2u);
    EXPECT_EQ(r.recorder.sessions.size(), 3u);
}
