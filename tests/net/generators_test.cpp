// Generators: the shapes they promise, connectivity, validity and reproducibility.
#include "net/generators.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "core/input_error.hpp"
#include "net/analysis.hpp"
#include "net/topology_io.hpp"

using namespace smtpsim;
using net::GeneratorKind;

namespace {

net::Topology make(GeneratorKind kind, std::size_t hosts, std::uint64_t seed = 1) {
    net::GeneratorOptions options;
    options.kind = kind;
    options.hosts = hosts;
    options.seed = seed;
    options.latency = {core::Time::ms(5), core::Time::ms(50)};
    options.bandwidth = {56'000, 10'000'000};
    options.users = 3;
    return net::generate(options);
}

std::string json_of(const net::Topology& t) {
    std::ostringstream out;
    net::write_topology_json(out, t);
    return out.str();
}

}  // namespace

TEST(generators, regular_shapes_have_their_link_counts_and_diameters) {
    struct Case {
        GeneratorKind kind;
        std::size_t hosts, links, diameter, max_degree;
    };
    for (const Case c :
         {Case{GeneratorKind::line, 6, 5, 5, 2}, Case{GeneratorKind::ring, 8, 8, 4, 2},
          Case{GeneratorKind::star, 7, 6, 2, 6}, Case{GeneratorKind::tree, 15, 14, 6, 3},
          Case{GeneratorKind::grid, 12, 17, 5, 4}, Case{GeneratorKind::mesh, 6, 15, 1, 5}}) {
        const net::Topology t = make(c.kind, c.hosts);
        EXPECT_EQ(t.host_count(), c.hosts) << net::to_string(c.kind);
        EXPECT_EQ(t.link_count(), c.links) << net::to_string(c.kind);
        EXPECT_EQ(net::diameter(t).hops, c.diameter) << net::to_string(c.kind);
        EXPECT_EQ(net::degree_stats(t).max, c.max_degree) << net::to_string(c.kind);
    }
}

TEST(generators, names_hosts_and_users_predictably) {
    const net::Topology t = make(GeneratorKind::line, 3);
    EXPECT_EQ(t.name(0), "host0.sim");
    EXPECT_EQ(t.name(2), "host2.sim");
    ASSERT_EQ(t.host(1).users.size(), 3u);
    EXPECT_EQ(t.host(1).users[2].mailbox, "user2");
}

TEST(generators, random_kinds_are_connected_valid_and_reproducible_from_the_seed) {
    for (const GeneratorKind kind :
         {GeneratorKind::random, GeneratorKind::small_world, GeneratorKind::scale_free}) {
        const net::Topology t = make(kind, 300, 7);
        EXPECT_EQ(net::connected_components(t).count(), 1u) << net::to_string(kind);
        const std::string text = json_of(t);
        // Valid: the loader accepts it (no self-loops, no duplicate links, positive units).
        EXPECT_TRUE(net::equivalent(net::parse_topology_json(text, "generated"), t));
        EXPECT_EQ(json_of(make(kind, 300, 7)), text) << net::to_string(kind);
        EXPECT_NE(json_of(make(kind, 300, 8)), text) << net::to_string(kind);
        const net::DegreeStats degree = net::degree_stats(t);
        EXPECT_GT(degree.mean, 2.5) << net::to_string(kind);  // aimed at 4
        EXPECT_LT(degree.mean, 5.0) << net::to_string(kind);
    }
}

TEST(generators, draws_latency_and_bandwidth_within_the_ranges) {
    const net::Topology t = make(GeneratorKind::random, 200, 3);
    for (const net::LinkId e : boost::make_iterator_range(boost::edges(t.graph()))) {
        EXPECT_GE(t.link(e).latency, core::Time::ms(5));
        EXPECT_LE(t.link(e).latency, core::Time::ms(50));
        EXPECT_EQ(t.link(e).latency.count_ns() % 100'000, 0);  // steps of 0.1ms
        EXPECT_GE(t.link(e).bandwidth, 56'000u);
        EXPECT_LE(t.link(e).bandwidth, 10'000'000u);
    }
}

TEST(generators, reject_options_that_make_no_such_topology) {
    net::GeneratorOptions ring;
    ring.kind = GeneratorKind::ring;
    ring.hosts = 2;
    EXPECT_THROW(net::generate(ring), core::InputError);
    net::GeneratorOptions small_world;
    small_world.kind = GeneratorKind::small_world;
    small_world.hosts = 10;
    small_world.degree = 3;  // odd
    EXPECT_THROW(net::generate(small_world), core::InputError);
    net::GeneratorOptions line;
    line.kind = GeneratorKind::line;
    line.arity = 3;  // applies to trees only
    try {
        net::generate(line);
        FAIL();
    } catch (const core::InputError& e) {
        EXPECT_EQ(e.location(), "--arity");
        EXPECT_NE(e.problem().find("applies only to tree"), std::string::npos);
    }
}

TEST(generators, refuse_a_topology_too_large_to_build_with_the_estimate_and_the_limit) {
    net::GeneratorOptions huge;
    huge.kind = GeneratorKind::line;
    huge.hosts = 10'000'000;
    try {
        net::generate(huge);
        FAIL() << "10,000,000 hosts were built";
    } catch (const core::InputError& e) {
        EXPECT_EQ(e.location(), "--hosts");
        EXPECT_NE(e.problem().find("GiB of memory; the limit is 4 GiB"), std::string::npos)
            << e.problem();
    }
    net::GeneratorOptions dense;
    dense.kind = GeneratorKind::random;
    dense.hosts = 20'000;
    dense.probability = 1.0;
    EXPECT_DOUBLE_EQ(net::estimate(dense).links, 20'000.0 * 19'999 / 2);
    EXPECT_THROW(net::generate(dense), core::InputError);
    // Within the limit, the estimate does not stand in the way.
    dense.hosts = 200;
    EXPECT_EQ(net::generate(dense).link_count(), 200u * 199 / 2);
}

TEST(generators, estimate_grows_with_hosts_users_and_links) {
    net::GeneratorOptions o;
    o.kind = GeneratorKind::ring;
    o.hosts = 1000;
    const double ring = net::estimate(o).bytes;
    o.users = 10;
    EXPECT_GT(net::estimate(o).bytes, ring);
    o.users = 1;
    o.kind = GeneratorKind::mesh;
    EXPECT_GT(net::estimate(o).bytes, 100 * ring);
}
