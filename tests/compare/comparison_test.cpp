#include "compare/comparison.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "compare/distributions.hpp"
#include "compare/sweep.hpp"
#include "compare/tables.hpp"
#include "core/input_error.hpp"

using namespace smtpsim;
using compare::Comparison;
using compare::ComparisonSpec;
using compare::RunRecord;
using mta::RoutingMode;

namespace {

std::string data(const std::string& name) {
    return std::string(SMTPSIM_SOURCE_DIR) + "/tests/compare/data/" + name;
}

ComparisonSpec line_and_star(std::vector<RoutingMode> routings, std::uint32_t seeds = 2) {
    ComparisonSpec spec;
    spec.scenario_file = data("two-mails.json");
    spec.topology_files = {data("line3.json"), data("star3.json")};
    spec.routings = std::move(routings);
    spec.seeds = seeds;
    return spec;
}

// One SMTP hop of the mail "hi" over a 10ms link, the receiver serving each
// command in 1ms: handshake 3L (SYN, SYN-ACK, ACK), greeting L, HELO, MAIL,
// RCPT and DATA each 2L + 1ms, then the text and "." L, when the receiver
// takes the mail: 13 * 10ms + 4 * 1ms. The lines' bytes at 8Gbit/s add
// under a microsecond.
constexpr double one_hop_s = 0.134;
constexpr double bytes_slack_s = 1e-6;

// Where a metric is in the summary's estimates.
std::size_t metric_index(const Comparison& comparison, std::string_view key) {
    const auto metrics = compare::table_metrics(comparison.spec());
    const auto it =
        std::find_if(metrics.begin(), metrics.end(), [&](const auto& m) { return m.key == key; });
    return static_cast<std::size_t>(it - metrics.begin());
}

}  // namespace

TEST(comparison, line_and_star_of_three_give_the_hops_and_latencies_computed_by_hand) {
    const Comparison comparison(line_and_star({RoutingMode::next_hop}));
    const std::vector<RunRecord> records = comparison.run(1);
    ASSERT_EQ(records.size(), 4u);  // 2 topologies x 1 mode x 2 seeds

    // Line host0 - host1 - host2: host1 -> host2 and host1 -> host0 are one hop each.
    const compare::RunMetrics& line = records[0].metrics;
    EXPECT_EQ(comparison.topologies()[records[0].topology].label, "line3");
    EXPECT_EQ(line.delivered, 2u);
    EXPECT_DOUBLE_EQ(line.delivery_ratio, 1.0);
    EXPECT_DOUBLE_EQ(line.hops_mean, 1.0);
    EXPECT_NEAR(line.latency_mean_s, one_hop_s, bytes_slack_s);
    EXPECT_NEAR(line.latency_p95_s, one_hop_s, bytes_slack_s);
    EXPECT_EQ(line.sessions, 2u);
    EXPECT_DOUBLE_EQ(line.sessions_per_mail, 1.0);
    EXPECT_EQ(line.busiest_host, "host1.sim");  // in both sessions
    EXPECT_DOUBLE_EQ(line.busiest_host_share, 1.0);

    // Star around host0: host1 -> host2 goes through host0 (two hops), host1 -> host0 is one.
    const compare::RunMetrics& star = records[2].metrics;
    EXPECT_EQ(comparison.topologies()[records[2].topology].label, "star3");
    EXPECT_EQ(star.delivered, 2u);
    EXPECT_DOUBLE_EQ(star.hops_mean, 1.5);
    EXPECT_EQ(star.hops_max, 2u);
    EXPECT_NEAR(star.latency_mean_s, (2 * one_hop_s + one_hop_s) / 2, bytes_slack_s);
    EXPECT_NEAR(star.latency_p95_s, 2 * one_hop_s, 2 * bytes_slack_s);
    EXPECT_EQ(star.sessions, 3u);
    EXPECT_DOUBLE_EQ(star.sessions_per_mail, 1.5);
    EXPECT_EQ(star.busiest_host, "host0.sim");
    EXPECT_DOUBLE_EQ(star.busiest_host_share, 1.0);
    EXPECT_GT(star.link_bytes_per_mail, line.link_bytes_per_mail);
    EXPECT_EQ(records[2].latency_ns.size(), 2u);

    // Explicit mail draws nothing from the seed: the two seeds agree, so the
    // interval has no width.
    const auto summary = compare::summarize(comparison, records);
    ASSERT_EQ(summary.size(), 2u);
    const std::size_t hops = metric_index(comparison, "hops_mean");
    EXPECT_DOUBLE_EQ(summary[1].estimates[hops].mean, 1.5);
    EXPECT_DOUBLE_EQ(summary[1].estimates[hops].half_width, 0.0);
}

TEST(comparison, honest_metrics_count_every_mail_sent_and_what_the_links_carried) {
    const Comparison comparison(line_and_star({RoutingMode::next_hop}, 1));
    const std::vector<RunRecord> records = comparison.run(1);
    const RunRecord& star = records[1];
    // Both mails within 10s (0.248 s at most); nothing returned.
    ASSERT_EQ(star.metrics.delivered_within.size(), 3u);
    EXPECT_DOUBLE_EQ(star.metrics.delivered_within[0], 1.0);
    EXPECT_DOUBLE_EQ(star.metrics.returned_ratio, 0.0);
    // One mail took one hop, the other two.
    EXPECT_EQ(star.hop_counts, (std::vector<std::uint64_t>{0, 1, 1}));
    // Goodput: the two texts stored, over the run's simulated time.
    EXPECT_GT(star.metrics.delivered_bytes, 0u);
    EXPECT_DOUBLE_EQ(star.metrics.goodput_bytes_per_s,
                     static_cast<double>(star.metrics.delivered_bytes) / star.metrics.sim_time_s);
    // Two links; the hub's link to host1 carried both mails.
    ASSERT_EQ(star.links.size(), 2u);
    EXPECT_EQ(star.metrics.busiest_link, "host0.sim-host1.sim");
    EXPECT_GT(star.metrics.busiest_link_utilisation, 0.0);
    EXPECT_LT(star.metrics.busiest_link_utilisation, 1.0);
    // Queue samples every 10s from 0 to the end, one length per host.
    ASSERT_FALSE(star.queue_samples.empty());
    EXPECT_EQ(star.queue_samples.front().size(), 3u);
}

TEST(comparison, a_sweep_runs_every_value_and_names_it_in_the_tables) {
    ComparisonSpec spec = line_and_star({RoutingMode::next_hop}, 1);
    spec.scenario_file = data("random.json");
    spec.sweeps = {compare::parse_sweep("/traffic/0/rate=1/s,5/s")};
    const Comparison comparison(spec);
    EXPECT_EQ(comparison.point_count(), 2u);
    const std::vector<RunRecord> records = comparison.run(2);
    ASSERT_EQ(records.size(), 4u);  // 2 rates x 2 topologies
    EXPECT_EQ(records[2].point, 1u);
    const std::string runs = compare::runs_csv(comparison, records);
    EXPECT_TRUE(runs.starts_with("topology,routing,rate,seed,")) << runs;
    EXPECT_NE(runs.find("\nstar3,next-hop,5/s,"), std::string::npos) << runs;
    EXPECT_NE(records[0].metrics.sim_time_s, records[2].metrics.sim_time_s);
}

TEST(comparison, refuses_a_sweep_that_leads_nowhere) {
    ComparisonSpec spec = line_and_star({RoutingMode::next_hop}, 1);
    spec.sweeps = {compare::parse_sweep("/nothing/here=1,2")};
    EXPECT_THROW(Comparison{spec}, core::InputError);
    EXPECT_THROW(compare::parse_sweep("traffic=1"), core::InputError);
    EXPECT_THROW(compare::parse_sweep("/traffic/0/rate=1/s,,2/s"), core::InputError);
}

TEST(comparison, differences_to_the_baseline_are_paired_on_seeds_as_computed_by_hand) {
    ComparisonSpec spec = line_and_star({RoutingMode::next_hop}, 2);
    spec.baseline = "line3";
    const Comparison comparison(spec);
    const auto summary = compare::summarize(comparison, comparison.run(1));
    ASSERT_EQ(summary.size(), 2u);
    EXPECT_EQ(summary[0].baseline, 0u);
    EXPECT_EQ(summary[1].baseline, 0u);
    auto difference = [&](std::string_view key) {
        return summary[1].differences[metric_index(comparison, key)];
    };
    // Star minus line, on each seed: latency (2 + 1) / 2 hops minus 1 hop,
    // hops 1.5 - 1, sessions per mail 3/2 - 2/2, delivery 1 - 1. Explicit
    // mail draws nothing from the seed, so every pair is the same.
    EXPECT_NEAR(difference("latency_mean_s").mean, one_hop_s / 2, bytes_slack_s);
    EXPECT_NEAR(difference("latency_mean_s").half_width, 0.0, 1e-9);
    EXPECT_DOUBLE_EQ(difference("hops_mean").mean, 0.5);
    EXPECT_TRUE(difference("hops_mean").excludes_zero());
    EXPECT_DOUBLE_EQ(difference("delivery_ratio").mean, 0.0);
    EXPECT_FALSE(difference("delivery_ratio").excludes_zero());
    // The baseline against itself: nothing.
    EXPECT_DOUBLE_EQ(summary[0].differences[0].mean, 0.0);
    const std::string table = compare::table_markdown(comparison, summary);
    EXPECT_NE(table.find("Difference to line3 in the same routing mode"), std::string::npos);
    // Two seeds that agree exactly say nothing of a third: no significance mark.
    EXPECT_NE(table.find("| +0.50 ± 0.00 |"), std::string::npos) << table;
    EXPECT_EQ(table.find("+0.50 ± 0.00 *"), std::string::npos) << table;
    EXPECT_NE(table.find("**Warning: 2 seeds, fewer than 5"), std::string::npos) << table;
}

TEST(comparison, five_seeds_mark_a_difference_significant_and_give_no_warning) {
    ComparisonSpec spec = line_and_star({RoutingMode::next_hop}, 5);
    spec.baseline = "line3";
    const Comparison comparison(spec);
    const std::string table =
        compare::table_markdown(comparison, compare::summarize(comparison, comparison.run(1)));
    EXPECT_NE(table.find("+0.50 ± 0.00 *"), std::string::npos) << table;
    EXPECT_EQ(table.find("Warning"), std::string::npos) << table;
}

TEST(comparison, refuses_a_baseline_that_is_not_in_the_comparison) {
    ComparisonSpec spec = line_and_star({RoutingMode::next_hop}, 2);
    spec.baseline = "ring";
    EXPECT_THROW(Comparison{spec}, core::InputError);
    spec.baseline = "star3:source";  // a mode it does not run in
    EXPECT_THROW(Comparison{spec}, core::InputError);
    spec.baseline = "star3:next-hop";
    EXPECT_EQ(Comparison(spec).baseline().topology, 1u);
}

TEST(comparison, as_written_routing_returns_mail_the_originator_has_no_link_for) {
    // Plain user@host and no route: host1 connects straight to host2, which it
    // has no link to on the star.
    const Comparison comparison(
        line_and_star({RoutingMode::as_written, RoutingMode::source_route}, 1));
    const std::vector<RunRecord> records = comparison.run(1);
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[0].routing, RoutingMode::as_written);
    EXPECT_EQ(records[0].metrics.delivered, 2u);  // line: both are neighbours of host1
    EXPECT_EQ(records[2].routing, RoutingMode::as_written);
    EXPECT_EQ(records[2].metrics.delivered, 1u);
    EXPECT_EQ(records[2].metrics.returned, 1u);
    EXPECT_DOUBLE_EQ(records[2].metrics.delivery_ratio, 0.5);
    EXPECT_EQ(records[3].routing,
              RoutingMode::source_route);  // the route written at host1 gets there
    EXPECT_EQ(records[3].metrics.delivered, 2u);
}

TEST(comparison, seeds_follow_the_scenarios_and_are_the_same_on_every_topology) {
    const Comparison comparison(line_and_star({RoutingMode::next_hop}, 3));
    const std::vector<RunRecord> records = comparison.run(1);
    ASSERT_EQ(records.size(), 6u);
    const std::vector<std::uint64_t> expected{5, 6, 7, 5, 6, 7};  // two-mails.json has seed 5
    for (std::size_t i = 0; i < records.size(); ++i) {
        EXPECT_EQ(records[i].seed, expected[i]);
    }
}

TEST(comparison, results_do_not_depend_on_how_many_runs_go_at_once) {
    ComparisonSpec spec;
    spec.scenario_file = data("random.json");
    spec.topology_files = {data("line3.json"), data("star3.json")};
    spec.routings = {RoutingMode::source_route, RoutingMode::next_hop};
    spec.seeds = 3;
    const Comparison comparison(spec);
    const auto one = comparison.run(1);
    const auto three = comparison.run(3);
    EXPECT_EQ(compare::runs_csv(comparison, one), compare::runs_csv(comparison, three));
    EXPECT_EQ(compare::hosts_csv(comparison, one), compare::hosts_csv(comparison, three));
    EXPECT_EQ(compare::latency_csv(comparison, one), compare::latency_csv(comparison, three));
    const auto summary = compare::summarize(comparison, one);
    EXPECT_EQ(compare::table_markdown(comparison, summary),
              compare::table_markdown(comparison, compare::summarize(comparison, three)));
    // The seeds differ, so the runs do: the interval has width.
    EXPECT_GT(summary[0].estimates[metric_index(comparison, "latency_mean_s")].half_width, 0.0);
}

TEST(comparison, progress_adds_up_to_every_run) {
    ComparisonSpec spec = line_and_star({RoutingMode::next_hop}, 2);
    const Comparison comparison(spec);
    compare::ComparisonProgress last;
    const auto records = comparison.run(2, [&](const compare::ComparisonProgress& p) { last = p; });
    EXPECT_EQ(last.runs_done, 4u);
    EXPECT_EQ(last.runs_total, 4u);
    std::uint64_t events = 0;
    for (const RunRecord& r : records) {
        events += r.metrics.events;
    }
    EXPECT_EQ(last.events, events);
    EXPECT_EQ(last.delivered, 8u);
}

TEST(comparison, refuses_a_topology_that_lacks_a_host_the_scenario_names) {
    ComparisonSpec spec;
    spec.scenario_file = data("names-a-host.json");  // traffic from host2.sim
    spec.topology_files = {data("line3.json"),
                           std::string(SMTPSIM_SOURCE_DIR) + "/topologies/rfc821.json"};
    try {
        const Comparison comparison(spec);
        FAIL() << "expected an InputError";
    } catch (const core::InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("/traffic/0/from/0"), std::string::npos) << what;
        EXPECT_NE(what.find("no host host2.sim in the topology"), std::string::npos) << what;
        EXPECT_NE(what.find("rfc821.json"), std::string::npos) << what;
        EXPECT_NE(what.find("same workload on every topology"), std::string::npos) << what;
    }
}

TEST(comparison, refuses_an_empty_or_repeated_spec) {
    ComparisonSpec spec = line_and_star({RoutingMode::next_hop});
    spec.topology_files.push_back(spec.topology_files.front());
    EXPECT_THROW(Comparison{spec}, core::InputError);
    spec = line_and_star({RoutingMode::next_hop, RoutingMode::next_hop});
    EXPECT_THROW(Comparison{spec}, core::InputError);
    spec = line_and_star({});
    spec.topology_files.clear();
    EXPECT_THROW(Comparison{spec}, core::InputError);
    spec = line_and_star({}, 0);
    EXPECT_THROW(Comparison{spec}, core::InputError);
}

TEST(comparison, without_modes_it_runs_the_scenarios_own) {
    const Comparison comparison(line_and_star({}, 1));
    ASSERT_EQ(comparison.routings().size(), 1u);
    EXPECT_EQ(comparison.routings()[0], RoutingMode::next_hop);  // two-mails.json's default
    EXPECT_EQ(comparison.run_count(), 2u);
}

TEST(comparison, tables_have_a_row_per_run_and_per_variant) {
    const Comparison comparison(line_and_star({RoutingMode::source_route, RoutingMode::next_hop}));
    const auto records = comparison.run(2);
    const auto summary = compare::summarize(comparison, records);
    auto lines = [](const std::string& text) {
        return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    };
    EXPECT_EQ(lines(compare::runs_csv(comparison, records)), 1 + 8u);
    EXPECT_EQ(lines(compare::table_csv(comparison, summary)), 1 + 4u);
    EXPECT_EQ(lines(compare::hosts_csv(comparison, records)), 1 + 4 * 3u);
    // Per seed and pooled.
    EXPECT_EQ(lines(compare::latency_csv(comparison, records)), 1 + 4 * 3 * 101u);
    const std::string table = compare::table_csv(comparison, summary);
    // Every run delivers its 2 recipients: Wilson's interval for 4 of 4 with
    // z = t(0.975, 1) = 12.7062047 is [4 / (4 + z^2), 1] = [0.0241768, 1], and
    // for 0 of 4 returned [0, z^2 / (4 + z^2)]; the latency has no spread.
    EXPECT_NE(table.find("star3,source,2,,1,0.0241768,1,1,0.0241768,1,1,0.0241768,1,1,"
                         "0.0241768,1,0,0,0.975823,0.201,0.201,0.201,"),
              std::string::npos)
        << table;
    const std::string md = compare::table_markdown(comparison, summary);
    EXPECT_NE(md.find("| star3 | next-hop | 1.000 [0.024, 1.000] | 1.000 [0.024, 1.000] | "
                      "1.000 [0.024, 1.000] | 1.000 [0.024, 1.000] | 0.000 [0.000, 0.976] | "
                      "0.201 ± 0.000 | 0.268 ± 0.000 | 1.50 ± 0.00 | 1.50 ± 0.00 |"),
              std::string::npos)
        << md;
    EXPECT_NE(md.find("over 2 seeds (5..6)"), std::string::npos) << md;
}

TEST(comparison, takes_each_topologys_busiest_relay_down_when_asked) {
    ComparisonSpec spec = line_and_star({RoutingMode::next_hop}, 1);
    // Down from the start for 20 minutes: the mail through (or to) it, sent
    // at 0s and 10s, waits until it is back.
    spec.busiest_relay_down = compare::Outage{core::Time::zero(), core::Time::min(20)};
    const Comparison comparison(spec);
    EXPECT_EQ(comparison.topologies()[0].failed_host, "host1.sim");  // the line's middle
    EXPECT_EQ(comparison.topologies()[1].failed_host, "host0.sim");  // the star's hub
    const auto records = comparison.run(2);
    for (const RunRecord& r : records) {
        EXPECT_EQ(r.metrics.delivered, 2u);
        ASSERT_EQ(r.latency_ns.size(), 2u);
        EXPECT_GE(r.latency_ns.front(), (core::Time::min(20) - core::Time::s(10)).count_ns());
    }
    const auto summary = compare::summarize(comparison, records);
    const std::string md = compare::table_markdown(comparison, summary);
    EXPECT_NE(md.find("busiest relay is down from 0s for 20min: line3 host1.sim, star3 host0.sim."),
              std::string::npos)
        << md;
    EXPECT_NE(compare::runs_csv(comparison, records).find("\nstar3,next-hop,5,host0.sim,"),
              std::string::npos);
}

TEST(comparison, outages_are_written_in_whole_units) {
    EXPECT_EQ(compare::whole_unit_duration(core::Time::s(600)), "10min");
    EXPECT_EQ(compare::whole_unit_duration(core::Time::s(90)), "90s");
    EXPECT_EQ(compare::whole_unit_duration(core::Time::h(48)), "2d");
    EXPECT_EQ(compare::whole_unit_duration(core::Time::ms(1500)), "1500ms");
    EXPECT_EQ(compare::whole_unit_duration(core::Time::ns(7)), "7ns");
    EXPECT_EQ(compare::whole_unit_duration(core::Time::zero()), "0s");
}
