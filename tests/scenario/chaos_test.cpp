// Chaos: random failure plans on random topologies, over many seeds. Every
// run must end with every recipient accounted for exactly once, no
// notification may be answered by another, and nothing may crash.
#include <gtest/gtest.h>

#include <map>

#include "core/random.hpp"
#include "net/generators.hpp"
#include "scenario/run.hpp"

using namespace smtpsim;
using core::Time;

namespace {

// Remembers, for each message seen in the hop log, which message it reports on.
struct NotificationWatch : trace::Observer {
    unsigned interests() const override { return trace::hops | trace::outcomes | trace::tallies; }
    void on_counted(const trace::Counted& e) override {
        looped += e.what == trace::Tally::hop_limit ? 1 : 0;
    }
    void on_hop(const trace::Hop& e) override { about[e.message] = e.about; }
    void on_resolved(const trace::RecipientResolved& e) override {
        if (e.counted) {
            ++resolved[e.recipient];
        }
    }
    std::map<std::uint64_t, std::uint64_t> about;
    std::map<std::uint64_t, int> resolved;
    std::uint64_t looped = 0;  // mail refused by the hop limit
};

scenario::Scenario random_scenario(std::uint64_t seed) {
    core::RandomStream random(seed, "chaos", "plan");
    net::GeneratorOptions g;
    g.kind = net::GeneratorKind::random;
    g.hosts = 5 + random.choice(5);
    g.seed = seed;
    g.degree = 2.0 + random.uniform() * 1.9;
    g.users = 2;
    g.latency = {Time::ms(1), Time::ms(30)};
    g.bandwidth = {100'000, 10'000'000};
    auto topology = std::make_shared<net::Topology>(net::generate(g));

    scenario::Scenario s;
    s.name = "chaos";
    s.topology = topology;
    s.seed = seed;
    const mta::RoutingMode modes[] = {mta::RoutingMode::as_written, mta::RoutingMode::source_route,
                                      mta::RoutingMode::next_hop,
                                      mta::RoutingMode::distance_vector};
    s.config.routing = modes[random.choice(4)];
    // Low enough that it bites: on loops (distance-vector tables that
    // disagree), and on long paths.
    s.config.hop_limit = 1 + static_cast<std::uint32_t>(random.choice(8));
    s.config.distance_vector.triggered_updates = random.bernoulli(0.5);
    s.config.distance_vector.split_horizon =
        mta::split_horizon_names.values()[random.choice(mta::split_horizon_names.size())];
    if (random.bernoulli(0.5)) {
        s.config.reroute_after = Time::s(static_cast<std::int64_t>(random.choice(120)));
    }
    s.config.retry.first_interval = Time::min(5);
    s.config.retry.lifetime = Time::h(static_cast<std::int64_t>(1 + random.choice(6)));
    if (random.bernoulli(0.3)) {
        s.config.stop = Time::h(static_cast<std::int64_t>(1 + random.choice(4)));
    }
    s.config.keep_mail_text = random.bernoulli(0.5);  // large runs drop details once told

    scenario::TrafficSpec t;
    t.name = "chaos";
    for (net::HostId h = 0; h < topology->host_count(); ++h) {
        t.from.push_back(h);
        t.to.push_back(h);
    }
    t.interval = Time::s(20);
    t.count = 30;
    t.size = {200, 3000};
    t.recipients = 1 + static_cast<std::uint32_t>(random.choice(3));
    s.traffic.push_back(t);

    const auto host = [&] {
        return static_cast<net::HostId>(random.choice(topology->host_count()));
    };
    const auto time = [&] { return Time::s(static_cast<std::int64_t>(random.choice(3600))); };
    const std::size_t failures = 1 + random.choice(8);
    for (std::size_t i = 0; i < failures; ++i) {
        mta::FailureSpec f;
        f.at = time();
        if (random.bernoulli(0.7)) {
            f.duration = Time::s(static_cast<std::int64_t>(1 + random.choice(7200)));
        }
        f.host = host();
        switch (random.choice(8)) {
            case 0:
                f.kind = mta::FailureKind::host_down;
                break;
            case 1: {
                f.kind = mta::FailureKind::link_down;
                auto [out, end] = boost::out_edges(f.host, topology->graph());
                if (out == end) {
                    continue;
                }
                f.other = boost::target(*out, topology->graph());
                break;
            }
            case 2:
                f.kind = mta::FailureKind::storage_full;
                f.permanent = random.bernoulli(0.3);
                break;
            case 3:
                f.kind = mta::FailureKind::unknown_mailbox;
                f.mailbox = "user" + std::to_string(random.choice(2));
                break;
            case 4:
                f.kind = mta::FailureKind::forward;
                f.mailbox = "user" + std::to_string(random.choice(2));
                f.forward_to.mailbox = {"user0", topology->name(host())};
                f.will_forward = random.bernoulli(0.5);
                break;
            case 5:
                f.kind = mta::FailureKind::relay_refused;
                break;
            case 6: {
                f.kind = mta::FailureKind::transient;
                const smtp::Verb verbs[] = {smtp::Verb::helo, smtp::Verb::mail, smtp::Verb::rcpt,
                                            smtp::Verb::data};
                f.command = verbs[random.choice(4)];
                f.code = f.command == smtp::Verb::helo ? 421 : 451;
                f.probability = random.uniform();
                break;
            }
            default: {
                f.kind = mta::FailureKind::drop_connection;
                const mta::DropStep steps[] = {mta::DropStep::helo, mta::DropStep::mail,
                                               mta::DropStep::rcpt, mta::DropStep::data,
                                               mta::DropStep::end_of_data};
                f.step = steps[random.choice(5)];
                f.count = 1 + random.choice(3);
                break;
            }
        }
        s.failures.push_back(f);
    }
    return s;
}

}  // namespace

TEST(chaos, random_failure_plans_always_balance) {
    std::uint64_t returned = 0, unreturnable = 0, duplicates = 0, in_flight = 0, looped = 0;
    for (std::uint64_t seed = 1; seed <= 250; ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        const auto s = random_scenario(seed);
        NotificationWatch watch;
        scenario::RunOptions options;
        options.observers.push_back(&watch);

        const auto result = scenario::run_scenario(s, options);
        const auto& t = result.totals;
        ASSERT_TRUE(t.balanced()) << t.recipients << " = " << t.delivered << " + " << t.returned
                                  << " + " << t.unreturnable << " + " << t.in_flight;
        // Every recipient resolved exactly once (later copies count as duplicates).
        EXPECT_EQ(watch.resolved.size(), t.recipients);
        for (const auto& [recipient, times] : watch.resolved) {
            EXPECT_EQ(times, 1) << "recipient " << recipient;
        }
        // Without a stop time, only mail held by a host that never came back up
        // is still in flight.
        const bool down_for_good =
            std::any_of(s.failures.begin(), s.failures.end(), [](const mta::FailureSpec& f) {
                return f.kind == mta::FailureKind::host_down && !f.duration;
            });
        if (!s.config.stop && !down_for_good) {
            EXPECT_EQ(t.in_flight, 0u);
        }
        for (const auto& [message, about] : watch.about) {
            if (about != 0) {
                ASSERT_TRUE(watch.about.contains(about));
                EXPECT_EQ(watch.about.at(about), 0u)
                    << "notification " << message << " answers notification " << about;
            }
        }
        returned += t.returned;
        unreturnable += t.unreturnable;
        in_flight += t.in_flight;
        duplicates += result.summary["duplicates"].get<std::uint64_t>();
        looped += watch.looped;
    }
    // The plans must have bitten: otherwise this test tests nothing.
    EXPECT_GT(returned, 0u);
    EXPECT_GT(unreturnable, 0u);
    EXPECT_GT(duplicates, 0u);
    EXPECT_GT(in_flight, 0u);
    EXPECT_GT(looped, 0u);  // the hop limit stopped loops, and they balanced too
}
