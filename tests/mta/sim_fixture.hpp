// Shared helpers for simulation tests: topologies from JSON text, a recorder
// of trace events, and the accounting check every test run makes.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "mta/simulation.hpp"
#include "net/topology_io.hpp"
#include "smtp/path.hpp"
#include "trace/trace.hpp"

namespace smtpsim::testing {

inline net::Topology topology_from(const std::string& json) {
    return net::parse_topology_json(json, "test topology");
}

inline smtp::Path path(const std::string& text) {
    auto parsed = smtp::parse_path(text);
    EXPECT_TRUE(parsed.ok()) << text;
    return parsed ? std::move(parsed).value() : smtp::Path{};
}

inline smtp::Mailbox mailbox(const std::string& text) {
    return path("<" + text + ">").mailbox;
}

inline smtp::MailTextPtr text(std::vector<std::string> lines) {
    return smtp::MailText::from_lines(std::move(lines));
}

// A mail of one line from `from` to one forward-path, handed in at `at`.
inline mta::Submission one_line_mail(core::Time at, const std::string& from,
                                     const std::string& to) {
    mta::Submission s;
    s.at = at;
    s.from = mailbox(from);
    s.to.push_back(path(to));
    s.text = text({"hi"});
    return s;
}

struct HopRecord {
    std::int64_t t_ns;
    std::string host;
    trace::HopKind kind;
    std::vector<std::string> forward_paths;
    std::string reverse_path;
    std::uint64_t message;
    std::uint64_t about;
};

struct Recorder : trace::Observer {
    unsigned interests() const override {
        return trace::sessions | trace::lines | trace::hops | trace::outcomes;
    }
    void on_session_opened(const trace::SessionOpened& e) override {
        sessions.push_back({std::string(e.client_name),
                            std::string(e.server_name),
                            {},
                            e.time.count_ns(),
                            {},
                            -1,
                            {}});
    }
    void on_line(const trace::LineWritten& e) override {
        Session& s = sessions.at(e.session - 1);
        s.lines.push_back((e.side == trace::Side::client ? "S: " : "R: ") + std::string(e.text));
        s.line_ns.push_back(e.time.count_ns());
    }
    void on_session_closed(const trace::SessionClosed& e) override {
        Session& s = sessions.at(e.session - 1);
        s.end_ns = e.time.count_ns();
        s.end_text = std::string(e.text);
    }
    void on_hop(const trace::Hop& e) override {
        HopRecord h{e.time.count_ns(),
                    std::string(e.host_name),
                    e.kind,
                    {},
                    e.reverse_path.format(),
                    e.message,
                    e.about};
        for (const trace::HopRecipient& r : e.recipients) {
            h.forward_paths.push_back(r.forward_path->format());
        }
        hops.push_back(std::move(h));
    }
    void on_resolved(const trace::RecipientResolved& e) override {
        if (!e.counted) {
            return;  // a notification's own recipient
        }
        std::vector<std::string> route(e.notification_route.begin(), e.notification_route.end());
        outcomes.push_back({e.recipient, e.outcome, e.time.count_ns(), e.hops,
                            std::string(e.host_name), e.reply ? e.reply->code : 0, e.notification,
                            std::move(route)});
    }

    struct Session {
        std::string client, server;
        std::vector<std::string> lines;
        std::int64_t start_ns = 0;
        std::vector<std::int64_t> line_ns;  // when each line was written
        std::int64_t end_ns = -1;
        std::string end_text;
    };
    struct Outcome {
        std::uint64_t recipient;
        trace::Outcome outcome;
        std::int64_t t_ns;
        int hops;
        std::string host;
        int reply_code;
        std::uint64_t notification;
        std::vector<std::string> route;  // the notification's hosts
    };
    std::vector<Session> sessions;
    std::vector<HopRecord> hops;
    std::vector<Outcome> outcomes;

    // The hops of one kind, as "HOST fwd rev" strings.
    std::vector<std::string> story(trace::HopKind kind) const {
        std::vector<std::string> out;
        for (const HopRecord& h : hops) {
            if (h.kind == kind) {
                std::string line = h.host;
                for (const auto& f : h.forward_paths) {
                    line += " " + f;
                }
                out.push_back(line + " " + h.reverse_path);
            }
        }
        return out;
    }
};

// Every run in these tests must balance.
inline void expect_balanced(const mta::Simulation& sim) {
    const auto t = sim.totals();
    EXPECT_TRUE(t.balanced()) << t.recipients << " recipients: " << t.delivered << " delivered, "
                              << t.returned << " returned, " << t.unreturnable << " unreturnable, "
                              << t.in_flight << " in flight";
}

// A simulation of a topology given as JSON text, with next-hop routing and
// a recorder of what happens.
struct RecordedRun {
    net::Topology topology;
    trace::Bus bus;
    Recorder recorder;
    core::Scheduler scheduler;
    std::unique_ptr<mta::Simulation> sim;

    RecordedRun(const std::string& json, mta::SimulationConfig config)
        : topology(topology_from(json)) {
        bus.subscribe(recorder);
        config.routing = mta::RoutingMode::next_hop;
        sim = std::make_unique<mta::Simulation>(topology, config, scheduler, bus);
    }
    void send(core::Time at, const std::string& from, const std::string& to) {
        sim->submit(one_line_mail(at, from, to));
    }
    void run() {
        sim->run();
        expect_balanced(*sim);
    }
};

}  // namespace smtpsim::testing
