#include "mta/simulation.hpp"

#include <gtest/gtest.h>

#include "sim_fixture.hpp"
#include "trace/statistics.hpp"

using namespace smtpsim;
using namespace smtpsim::testing;
using core::Time;
using trace::HopKind;

namespace {

// A line A - B - C - D, 10ms and 8Mbit/s (one byte per microsecond) per link.
const char* line_json = R"({
  "defaults": {"link": {"latency": "10ms", "bandwidth": "8Mbit/s"}},
  "nodes": [{"name": "A", "users": [{"mailbox": "alice"}]}, {"name": "B"}, {"name": "C"},
            {"name": "D", "users": [{"mailbox": "dan"}, {"mailbox": "dora"}]}],
  "links": [{"a": "A", "b": "B"}, {"a": "B", "b": "C"}, {"a": "C", "b": "D"}]
})";

// A star: hub H with leaves P, Q, R, S.
const char* star_json = R"({
  "defaults": {"link": {"latency": "5ms", "bandwidth": "1Mbit/s"}},
  "nodes": [{"name": "H"}, {"name": "P", "users": [{"mailbox": "pat"}]},
            {"name": "Q", "users": [{"mailbox": "quinn"}]}, {"name": "R", "users": [{"mailbox": "rob"}]},
            {"name": "S", "users": [{"mailbox": "sam"}]}],
  "links": [{"a": "H", "b": "P"}, {"a": "H", "b": "Q"}, {"a": "H", "b": "R"}, {"a": "H", "b": "S"}]
})";

// A ring of six: R0 - R1 - R2 - R3 - R4 - R5 - R0.
const char* ring_json = R"({
  "nodes": [{"name": "R0", "users": [{"mailbox": "u"}]}, {"name": "R1", "users": [{"mailbox": "u"}]},
            {"name": "R2", "users": [{"mailbox": "u"}]}, {"name": "R3", "users": [{"mailbox": "u"}]},
            {"name": "R4", "users": [{"mailbox": "u"}]}, {"name": "R5", "users": [{"mailbox": "u"}]}],
  "links": [{"a": "R0", "b": "R1"}, {"a": "R1", "b": "R2"}, {"a": "R2", "b": "R3"},
            {"a": "R3", "b": "R4"}, {"a": "R4", "b": "R5"}, {"a": "R5", "b": "R0"}]
})";

struct SimRun {
    net::Topology topology;
    trace::Bus bus;
    Recorder recorder;
    core::Scheduler scheduler;
    std::unique_ptr<mta::Simulation> sim;
    std::unique_ptr<trace::RunStatistics> stats;

    SimRun(const char* json, mta::RoutingMode mode) : topology(topology_from(json)) {
        bus.subscribe(recorder);
        mta::SimulationConfig config;
        config.routing = mode;
        sim = std::make_unique<mta::Simulation>(topology, config, scheduler, bus);
        std::vector<std::string> names;
        for (net::HostId h = 0; h < topology.host_count(); ++h) {
            names.push_back(topology.name(h));
        }
        stats = std::make_unique<trace::RunStatistics>(names, sim->network().link_ends());
        bus.subscribe(*stats);
    }
    void send(Time at, const std::string& from, std::vector<std::string> to,
              std::vector<std::string> lines = {"Subject: test", "", "hello"}) {
        mta::Submission s;
        s.at = at;
        s.from = mailbox(from);
        for (const auto& t : to) {
            s.to.push_back(path(t));
        }
        s.text = text(std::move(lines));
        sim->submit(std::move(s));
    }
    void run() {
        sim->run();
        expect_balanced(*sim);
    }
};

}  // namespace

TEST(simulation, one_hop_transfer_takes_the_time_computed_by_hand) {
    SimRun r(R"({"nodes": [{"name": "A", "users": [{"mailbox": "alice"}]},
                        {"name": "B", "users": [{"mailbox": "bob"}], "service_time": "1ms"}],
              "links": [{"a": "A", "b": "B", "latency": "10ms", "bandwidth": "8Mbit/s"}]})",
             mta::RoutingMode::as_written);
    r.send(Time::zero(), "alice@A", {"<bob@B>"}, {"hi"});
    r.run();
    // 8Mbit/s: a byte takes 1us. A line of n characters is n + 2 bytes with its CRLF.
    // Each client line: (bytes)us + 10ms latency; each reply: 1ms service, then (bytes)us + 10ms.
    auto us = [](std::int64_t n) { return Time::us(n); };
    const Time L = Time::ms(10), service = Time::ms(1);
    Time t = L * 3;           // handshake: SYN, SYN-ACK, ACK, then the server may write
    t += us(4 + 36 + 2) + L;  // "220 B Simple Mail Transfer Service Ready"
    t += us(6 + 2) + L + service + us(4 + 1 + 2) + L;   // HELO A / 250 B
    t += us(19 + 2) + L + service + us(4 + 2 + 2) + L;  // MAIL FROM:<alice@A> / 250 OK
    t += us(15 + 2) + L + service + us(4 + 2 + 2) + L;  // RCPT TO:<bob@B> / 250 OK
    t += us(4 + 2) + L + service + us(4 + 40 + 2) + L;  // DATA / 354 Start mail input; ...
    t += us((2 + 2) + (1 + 2)) + L;  // "hi" and "." in one block: the mail is taken here
    const Time delivered = t;
    t += service + us(4 + 2 + 2) + L;  // 250 OK
    t += us(4 + 2) + L + service + us(4 + 38 + 2) +
         L;  // QUIT / 221 B Service closing transmission channel
    ASSERT_EQ(r.recorder.outcomes.size(), 1u);
    EXPECT_EQ(r.recorder.outcomes[0].outcome, trace::Outcome::delivered);
    EXPECT_EQ(r.recorder.outcomes[0].t_ns, delivered.count_ns());
    EXPECT_EQ(r.sim->scheduler().now(), t);
    ASSERT_EQ(r.recorder.sessions.size(), 1u);
    EXPECT_EQ(r.recorder.sessions[0].lines.front(), "R: 220 B Simple Mail Transfer Service Ready");
    EXPECT_EQ(r.recorder.sessions[0].lines.back(), "R: 221 B Service closing transmission channel");
}

TEST(simulation, source_route_moves_each_relay_from_forward_to_reverse_path) {
    SimRun r(line_json, mta::RoutingMode::as_written);
    r.send(Time::zero(), "alice@A", {"<@B,@C:dan@D>"});
    r.run();
    EXPECT_EQ(r.recorder.story(HopKind::submitted),
              (std::vector<std::string>{"A <@B,@C:dan@D> <alice@A>"}));
    EXPECT_EQ(r.recorder.story(HopKind::accepted),
              (std::vector<std::string>{"B <@C:dan@D> <@B:alice@A>", "C <dan@D> <@C,@B:alice@A>",
                                        "D <dan@D> <@C,@B:alice@A>"}));
    EXPECT_EQ(r.recorder.story(HopKind::delivered),
              (std::vector<std::string>{"D <dan@D> <@C,@B:alice@A>"}));
    // What went over the wire at the last hop (RFC 821 3.6).
    const auto& last = r.recorder.sessions.at(2).lines;
    EXPECT_NE(std::find(last.begin(), last.end(), "S: MAIL FROM:<@C,@B:alice@A>"), last.end());
    EXPECT_NE(std::find(last.begin(), last.end(), "S: RCPT TO:<dan@D>"), last.end());
    EXPECT_EQ(r.recorder.outcomes.at(0).hops, 3);
}

TEST(simulation, shortest_mode_writes_the_route_at_the_originator) {
    SimRun r(line_json, mta::RoutingMode::source_route);
    r.send(Time::zero(), "alice@A", {"<dan@D>"});
    r.run();
    const auto& first = r.recorder.sessions.at(0).lines;
    EXPECT_NE(std::find(first.begin(), first.end(), "S: RCPT TO:<@B,@C:dan@D>"), first.end());
    EXPECT_EQ(r.recorder.story(HopKind::delivered),
              (std::vector<std::string>{"D <dan@D> <@C,@B:alice@A>"}));
}

TEST(simulation, next_hop_mode_keeps_plain_mailboxes_and_still_grows_the_reverse_path) {
    SimRun r(line_json, mta::RoutingMode::next_hop);
    r.send(Time::zero(), "alice@A", {"<dan@D>"});
    r.run();
    EXPECT_EQ(r.recorder.story(HopKind::accepted),
              (std::vector<std::string>{"B <dan@D> <@B:alice@A>", "C <dan@D> <@C,@B:alice@A>",
                                        "D <dan@D> <@C,@B:alice@A>"}));
    for (const auto& session : r.recorder.sessions) {
        EXPECT_NE(std::find(session.lines.begin(), session.lines.end(), "S: RCPT TO:<dan@D>"),
                  session.lines.end());
    }
}

TEST(simulation, star_relays_through_the_hub_in_every_mode) {
    for (auto mode : {mta::RoutingMode::as_written, mta::RoutingMode::source_route,
                      mta::RoutingMode::next_hop}) {
        SimRun r(star_json, mode);
        r.send(Time::zero(), "pat@P",
               {mode == mta::RoutingMode::as_written ? "<@H:rob@R>" : "<rob@R>"});
        r.run();
        ASSERT_EQ(r.recorder.sessions.size(), 2u) << routing_mode_name(mode);
        EXPECT_EQ(r.recorder.sessions[0].server, "H");
        EXPECT_EQ(r.recorder.sessions[1].client, "H");
        EXPECT_EQ(r.recorder.story(HopKind::delivered),
                  (std::vector<std::string>{"R <rob@R> <@H:pat@P>"}))
            << routing_mode_name(mode);
    }
}

TEST(simulation, ring_takes_the_shorter_way_round) {
    SimRun r(ring_json, mta::RoutingMode::next_hop);
    r.send(Time::zero(), "u@R0", {"<u@R4>"});  // R0 R5 R4 (2 hops), not R0 R1 R2 R3 R4
    r.run();
    EXPECT_EQ(r.recorder.story(HopKind::delivered),
              (std::vector<std::string>{"R4 <u@R4> <@R5:u@R0>"}));
}

TEST(simulation, one_mail_to_recipients_on_different_routes_splits_and_shares_where_it_can) {
    SimRun r(star_json, mta::RoutingMode::next_hop);
    r.send(Time::zero(), "pat@P", {"<quinn@Q>", "<rob@R>", "<sam@S>"});
    r.run();
    // One copy to the hub with three RCPTs (RFC 821 2), then one per leaf.
    ASSERT_EQ(r.recorder.sessions.size(), 4u);
    const auto& first = r.recorder.sessions[0].lines;
    EXPECT_EQ(std::count_if(first.begin(), first.end(),
                            [](const std::string& l) { return l.rfind("S: RCPT", 0) == 0; }),
              3);
    EXPECT_EQ(r.sim->totals().delivered, 3u);
    std::vector<std::string> delivered = r.recorder.story(HopKind::delivered);
    std::sort(delivered.begin(), delivered.end());
    EXPECT_EQ(delivered, (std::vector<std::string>{"Q <quinn@Q> <@H:pat@P>", "R <rob@R> <@H:pat@P>",
                                                   "S <sam@S> <@H:pat@P>"}));
}

TEST(simulation, mail_queued_for_one_next_host_shares_a_session) {
    SimRun r(line_json, mta::RoutingMode::next_hop);
    r.send(Time::zero(), "alice@A", {"<dan@D>"});
    r.send(Time::zero(), "alice@A", {"<dora@D>"});
    r.run();
    // Both are queued at A before its queue run opens the session to B, so
    // one session carries two transactions, and so on down the line.
    std::size_t mails_in_one_session = 0;
    for (const auto& s : r.recorder.sessions) {
        mails_in_one_session = std::max<std::size_t>(
            mails_in_one_session,
            std::count_if(s.lines.begin(), s.lines.end(),
                          [](const std::string& l) { return l.rfind("S: MAIL FROM:", 0) == 0; }));
    }
    EXPECT_EQ(mails_in_one_session, 2u);
    EXPECT_EQ(r.sim->totals().delivered, 2u);
}

TEST(simulation, unknown_mailbox_is_returned_along_the_reverse_path) {
    SimRun r(line_json, mta::RoutingMode::next_hop);
    r.send(Time::zero(), "alice@A", {"<nobody@D>"});
    r.run();
    const auto t = r.sim->totals();
    EXPECT_EQ(t.returned, 1u);
    ASSERT_EQ(r.recorder.outcomes.size(), 1u);
    EXPECT_EQ(r.recorder.outcomes[0].reply_code, 550);
    EXPECT_EQ(r.recorder.outcomes[0].host, "D");
    // C accepted the mail and D refused it: C sends the notification, MAIL FROM:<>,
    // to the reverse-path C held, <@B:alice@A>; B takes itself off the front.
    std::vector<std::string> notice;
    for (const auto& h : r.recorder.hops) {
        if (h.about != 0) {
            notice.push_back(h.host + " " + trace::hop_kind_name(h.kind).data() + " " +
                             h.forward_paths.at(0) + " " + h.reverse_path);
        }
    }
    EXPECT_EQ(notice,
              (std::vector<std::string>{"C submitted <@B:alice@A> <>", "B accepted <alice@A> <>",
                                        "C relayed <@B:alice@A> <>", "A accepted <alice@A> <>",
                                        "A delivered <alice@A> <>", "B relayed <alice@A> <>"}));
}

TEST(simulation, first_hop_refusal_is_returned_at_once_without_a_notification) {
    SimRun r(line_json, mta::RoutingMode::as_written);
    r.send(Time::zero(), "alice@A", {"<dan@D>"});  // no link from A to D
    r.run();
    EXPECT_EQ(r.sim->totals().returned, 1u);
    EXPECT_EQ(r.stats->tally(trace::Tally::notification), 0u);
    EXPECT_TRUE(r.recorder.sessions.empty());
}

TEST(simulation, host_sessions_over_the_limit_wait_for_a_free_one) {
    SimRun r(
        R"({"nodes": [{"name": "A", "users": [{"mailbox": "a"}]}, {"name": "B", "users": [{"mailbox": "b"}]},
                        {"name": "Z", "users": [{"mailbox": "z"}], "max_sessions": 1}],
              "links": [{"a": "A", "b": "Z"}, {"a": "B", "b": "Z"}]})",
        mta::RoutingMode::next_hop);
    r.send(Time::zero(), "a@A", {"<z@Z>"});
    r.send(Time::zero(), "b@B", {"<z@Z>"});
    r.run();
    EXPECT_EQ(r.sim->totals().delivered, 2u);
    // The second session got its greeting only after the first one's QUIT.
    ASSERT_EQ(r.recorder.sessions.size(), 2u);
    EXPECT_EQ(r.stats->hosts()[2].sessions_in, 2u);
}

TEST(simulation, same_inputs_give_the_same_trace) {
    auto trace_of = [] {
        SimRun r(star_json, mta::RoutingMode::next_hop);
        for (int i = 0; i < 20; ++i) {
            r.send(Time::ms(i * 3), "pat@P", {"<quinn@Q>", "<sam@S>"});
            r.send(Time::ms(i * 5), "rob@R", {"<pat@P>"});
        }
        r.run();
        std::vector<std::string> all;
        for (const auto& s : r.recorder.sessions) {
            all.insert(all.end(), s.lines.begin(), s.lines.end());
        }
        for (const auto& h : r.recorder.hops) {
            all.push_back(std::to_string(h.t_ns) + h.host);
        }
        return all;
    };
    EXPECT_EQ(trace_of(), trace_of());
}
