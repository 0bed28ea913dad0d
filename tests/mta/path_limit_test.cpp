// RFC 821 4.5.3 in a chain of relays with long names: the reverse-path grows
// by one name a hop (3.6) until the relay that would make it longer than 256
// characters refuses the recipient with "501 Path too long"; the host before
// it returns the mail along the reverse-path to the originator.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "mta/simulation.hpp"
#include "sim_fixture.hpp"

using namespace smtpsim;
using namespace smtpsim::testing;
using core::Time;

namespace {

// Names of the RFC's largest sizes: a 64-character originating host, a
// 63-character user, relays of 40 characters. The reverse-path relay k
// passes on is "<" + k x "@relay," + "user@origin>": 1 + 42k + 129
// characters, 256 at relay 3 and 298 at relay 4.
const std::string origin = "origin-" + std::string(57 - 5, 'o') + ".ARPA";
const std::string user = "u" + std::string(62, 's');
std::string relay(int k) {
    return "relay" + std::to_string(k) + "-" + std::string(40 - 7 - 5, 'r') + ".ARPA";
}

std::string chain_json() {
    std::string nodes =
        R"({"name": ")" + origin + R"(", "users": [{"mailbox": ")" + user + R"("}]})";
    std::string links;
    std::string previous = origin;
    for (int k = 1; k <= 4; ++k) {
        nodes += R"(, {"name": ")" + relay(k) + R"("})";
        links += R"({"a": ")" + previous + R"(", "b": ")" + relay(k) + R"("}, )";
        previous = relay(k);
    }
    nodes += R"(, {"name": "D", "users": [{"mailbox": "dan"}]})";
    links += R"({"a": ")" + previous + R"(", "b": "D"})";
    return R"({"nodes": [)" + nodes + R"(], "links": [)" + links + "]}";
}

struct ChainRun {
    net::Topology topology = topology_from(chain_json());
    trace::Bus bus;
    Recorder recorder;
    core::Scheduler scheduler;
    std::unique_ptr<mta::Simulation> sim;

    ChainRun(mta::RoutingMode mode, const std::string& to) {
        bus.subscribe(recorder);
        mta::SimulationConfig config;
        config.routing = mode;
        sim = std::make_unique<mta::Simulation>(topology, config, scheduler, bus);
        sim->submit(one_line_mail(Time::zero(), user + "@" + origin, to));
        sim->run();
        expect_balanced(*sim);
    }
    // The reverse-path each host had when it accepted the mail itself (not
    // the notification), by host.
    std::map<std::string, std::string> accepted_reverse_paths() const {
        std::map<std::string, std::string> out;
        for (const HopRecord& h : recorder.hops) {
            if (h.about == 0 && h.kind == trace::HopKind::accepted) {
                out[h.host] = h.reverse_path;
            }
        }
        return out;
    }
};

void expect_refused_by_relay_4_and_returned(const ChainRun& r) {
    ASSERT_EQ(origin.size(), 64u);
    ASSERT_EQ(user.size(), 63u);
    ASSERT_EQ(relay(1).size(), 40u);
    const auto reverse = r.accepted_reverse_paths();
    // Relay 3 took the mail and passed it on with a reverse-path of exactly
    // 256 characters; relay 4 took the MAIL but refused the recipient.
    ASSERT_EQ(reverse.count(relay(3)), 1u);
    EXPECT_EQ(reverse.at(relay(3)).size(), 256u);
    EXPECT_EQ(reverse.count(relay(4)), 0u);
    EXPECT_EQ(reverse.count("D"), 0u);
    ASSERT_EQ(r.recorder.outcomes.size(), 1u);
    const Recorder::Outcome& outcome = r.recorder.outcomes[0];
    EXPECT_EQ(outcome.outcome, trace::Outcome::returned);
    EXPECT_EQ(outcome.reply_code, 501);
    EXPECT_EQ(outcome.host, relay(4));
    // Relay 3 sends the notification back along the reverse-path it held:
    // through relays 2 and 1 to the originator, where the user gets it.
    EXPECT_EQ(outcome.route, (std::vector<std::string>{relay(3), relay(2), relay(1), origin}));
    const auto origin_id = r.topology.find_host(origin);
    ASSERT_TRUE(origin_id.has_value());
    const auto& mailbox = r.sim->host(*origin_id).mailbox();
    ASSERT_EQ(mailbox.size(), 1u);
    EXPECT_EQ(mailbox[0].message, outcome.notification);
    EXPECT_EQ(mailbox[0].mailbox, user);
    bool names_the_reply = false;
    mailbox[0].text->for_each_line([&](std::string_view line) {
        names_the_reply = names_the_reply || line.find("501 Path too long") != line.npos;
    });
    EXPECT_TRUE(names_the_reply);
}

}  // namespace

TEST(path_limit, the_relay_that_would_pass_257_characters_on_refuses_the_source_route_with_501) {
    const std::string route =
        "<@" + relay(1) + ",@" + relay(2) + ",@" + relay(3) + ",@" + relay(4) + ":dan@D>";
    ChainRun r(mta::RoutingMode::as_written, route);
    expect_refused_by_relay_4_and_returned(r);
}

TEST(path_limit, next_hop_routing_meets_the_same_limit_at_the_same_relay) {
    ChainRun r(mta::RoutingMode::next_hop, "<dan@D>");
    expect_refused_by_relay_4_and_returned(r);
}
