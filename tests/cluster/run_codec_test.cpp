#include "cluster/run_codec.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "compare/distributions.hpp"
#include "compare/tables.hpp"

using namespace smtpsim;
using cluster::decode_run;
using cluster::encode_run;
using compare::RunRecord;

namespace {

// The comparison tests' small scenario and topologies.
const std::string compare_data = std::string(SMTPSIM_SOURCE_DIR) + "/tests/compare/data/";

// Every field different from its default and from the others.
RunRecord unusual_record() {
    RunRecord r;
    r.topology = 3;
    r.routing = mta::RoutingMode::source_route;
    r.replication = 7;
    r.seed = std::numeric_limits<std::uint64_t>::max();
    r.metrics.injected = 11;
    r.metrics.delivered = 9;
    r.metrics.delivery_ratio = 0.1 + 0.2;  // not a short decimal
    r.metrics.latency_mean_s = std::numeric_limits<double>::quiet_NaN();
    r.metrics.latency_p95_s = -0.0;
    r.metrics.busiest_host = std::string("host\0two.sim", 12);
    r.metrics.sim_time_s = 1e300;
    r.hosts = {{"a.sim", 1, 2, 3, 4}, {"", 5, 6, 7, 8}};
    r.latency_ns = {-1, 0, std::numeric_limits<std::int64_t>::max()};
    r.point = 5;
    r.metrics.delivered_within = {0.25, 1.0};
    r.metrics.busiest_link = "a.sim-b.sim";
    r.metrics.goodput_bytes_per_s = 1.5;
    r.links = {{"a.sim-b.sim", 0.75}};
    r.hop_counts = {0, 4, 2};
    r.queue_samples = {{1, 2}, {}, {3}};
    return r;
}

}  // namespace

TEST(run_codec, a_decoded_record_has_every_field_of_the_encoded_one_bit_for_bit) {
    const RunRecord original = unusual_record();
    const cluster::EncodedRun decoded = decode_run(encode_run(42, original));
    const RunRecord& r = decoded.record;
    EXPECT_EQ(decoded.index, 42u);
    EXPECT_EQ(r.topology, 3u);
    EXPECT_EQ(r.routing, mta::RoutingMode::source_route);
    EXPECT_EQ(r.replication, 7u);
    EXPECT_EQ(r.seed, original.seed);
    EXPECT_EQ(r.metrics.injected, 11u);
    EXPECT_EQ(r.metrics.delivered, 9u);
    EXPECT_EQ(r.metrics.delivery_ratio, original.metrics.delivery_ratio);
    EXPECT_TRUE(std::isnan(r.metrics.latency_mean_s));
    EXPECT_TRUE(std::signbit(r.metrics.latency_p95_s));
    EXPECT_EQ(r.metrics.busiest_host, original.metrics.busiest_host);
    EXPECT_EQ(r.metrics.sim_time_s, 1e300);
    EXPECT_EQ(r.point, 5u);
    EXPECT_EQ(r.metrics.delivered_within, original.metrics.delivered_within);
    EXPECT_EQ(r.metrics.busiest_link, "a.sim-b.sim");
    EXPECT_EQ(r.metrics.goodput_bytes_per_s, 1.5);
    ASSERT_EQ(r.links.size(), 1u);
    EXPECT_EQ(r.links[0].link, "a.sim-b.sim");
    EXPECT_EQ(r.links[0].utilisation, 0.75);
    EXPECT_EQ(r.hop_counts, original.hop_counts);
    EXPECT_EQ(r.queue_samples, original.queue_samples);
    ASSERT_EQ(r.hosts.size(), 2u);
    EXPECT_EQ(r.hosts[0].host, "a.sim");
    EXPECT_EQ(r.hosts[1].peak_queue, 8u);
    EXPECT_EQ(r.latency_ns, original.latency_ns);
    EXPECT_EQ(encode_run(42, r), encode_run(42, original));
}

TEST(run_codec, the_tables_of_decoded_records_are_those_of_the_records_run) {
    compare::ComparisonSpec spec;
    spec.scenario_file = compare_data + "random.json";
    spec.topology_files = {compare_data + "line3.json", compare_data + "star3.json"};
    spec.routings = {mta::RoutingMode::as_written, mta::RoutingMode::next_hop};
    spec.seeds = 2;
    spec.busiest_relay_down = compare::Outage{core::Time::s(1), core::Time::s(30)};
    const compare::Comparison comparison(spec);
    const std::vector<RunRecord> records = comparison.run(1);
    std::vector<RunRecord> decoded;
    for (std::size_t i = 0; i < records.size(); ++i) {
        cluster::EncodedRun run = decode_run(encode_run(i, records[i]));
        EXPECT_EQ(run.index, i);
        decoded.push_back(std::move(run.record));
    }
    EXPECT_EQ(compare::runs_csv(comparison, decoded), compare::runs_csv(comparison, records));
    EXPECT_EQ(compare::hosts_csv(comparison, decoded), compare::hosts_csv(comparison, records));
    EXPECT_EQ(compare::latency_csv(comparison, decoded), compare::latency_csv(comparison, records));
    EXPECT_EQ(compare::table_csv(comparison, compare::summarize(comparison, decoded)),
              compare::table_csv(comparison, compare::summarize(comparison, records)));
}

TEST(run_codec, bytes_cut_short_or_with_more_after_the_end_are_refused) {
    const std::string bytes = encode_run(1, unusual_record());
    for (std::size_t size : {std::size_t{0}, std::size_t{7}, bytes.size() / 2, bytes.size() - 1}) {
        EXPECT_THROW(decode_run(bytes.substr(0, size)), std::runtime_error) << size;
    }
    EXPECT_THROW(decode_run(bytes + "x"), std::runtime_error);
}

TEST(run_codec, an_unknown_routing_mode_is_refused) {
    std::string bytes = encode_run(1, unusual_record());
    bytes[24] = 9;  // after the index, the grid point and the topology: the routing mode's low byte
    EXPECT_THROW(decode_run(bytes), std::runtime_error);
}
