// A JSON topology is read host by host as it is parsed, never as a whole
// document: the memory the loader holds at its peak, beyond the topology it
// returns, is measured with a counting operator new.
#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>

#include "../lib/allocation_counter.hpp"
#include "net/generators.hpp"
#include "net/topology_io.hpp"

using namespace smtpsim;

TEST(streamed_load, a_topology_is_read_without_holding_its_whole_document) {
    net::GeneratorOptions options;
    options.kind = net::GeneratorKind::scale_free;
    options.hosts = 20'000;
    options.users = 5;
    std::string text;
    {
        std::ostringstream out;
        net::write_topology_json(out, net::generate(options));
        text = out.str();
    }
    namespace allocations = smtpsim::testing::allocations;
    const std::int64_t before = allocations::held.load();
    allocations::peak = before;
    const net::Topology loaded = net::parse_topology_json(text, "t.json");
    const std::int64_t kept = allocations::held.load() - before;
    const std::int64_t most = allocations::peak.load() - before;
    ASSERT_EQ(loaded.host_count(), 20'000u);
    // A document of the whole file is several times the topology (nlohmann
    // holds each value in 16 bytes and each object in a map); read element by
    // element, the peak is the topology and the loader's index of links.
    EXPECT_LT(most, kept + kept / 2) << "peak " << most << " bytes, topology " << kept;
    ::testing::Test::RecordProperty("peak_bytes", std::to_string(most));
    ::testing::Test::RecordProperty("topology_bytes", std::to_string(kept));
}
