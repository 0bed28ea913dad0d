// Graphviz DOT: reading maps attributes to the same properties as JSON, and a
// written topology reads back the same.
#include "net/graphviz.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "core/input_error.hpp"
#include "net/topology_io.hpp"

using namespace smtpsim;

TEST(graphviz, dot_file_and_its_json_twin_load_to_the_same_graph) {
    const net::Topology dot = net::load_topology("tests/net/data/twin.dot");
    const net::Topology json = net::load_topology("tests/net/data/twin.json");
    EXPECT_TRUE(net::equivalent(dot, json));
    EXPECT_EQ(dot.description, json.description);
    EXPECT_FALSE(dot.host(*dot.find_host("BERKELEY.ARPA")).relay);
}

TEST(graphviz, written_dot_reads_back_the_same_topology) {
    for (const char* path : {"tests/net/data/twin.json", "topologies/teaching/ring.json",
                             "topologies/teaching/grid.json"}) {
        const net::Topology original = net::load_topology(path);
        std::ostringstream out;
        net::write_topology_dot(out, original);
        const net::Topology again = net::parse_topology_dot(out.str(), "written.dot");
        EXPECT_TRUE(net::equivalent(original, again)) << path << "\n" << out.str();
    }
}

TEST(graphviz, labels_are_readable) {
    std::ostringstream out;
    net::write_topology_dot(out, net::load_topology("tests/net/data/twin.json"));
    const std::string dot = out.str();
    EXPECT_NE(dot.find("\"USC-ISIE.ARPA\"--\"BBN-VAX.ARPA\" [label=\"25ms\\n56kbit/s\""),
              std::string::npos)
        << dot;
    EXPECT_NE(dot.find("label=\"BERKELEY.ARPA\\n2 users, no relay\""), std::string::npos) << dot;
}

TEST(graphviz, errors_name_the_node_or_edge_and_attribute) {
    const auto error_of = [](const std::string& text) {
        try {
            net::parse_topology_dot(text, "t.dot");
        } catch (const core::InputError& e) {
            return e.location() + ": " + e.problem();
        }
        return std::string("no error");
    };
    EXPECT_EQ(error_of("graph { \"A.ARPA\" -- \"B.ARPA\" [latency=\"5 ms\"] }")
                  .find("edge \"A.ARPA\" -- \"B.ARPA\" attribute latency: invalid duration"),
              0u);
    EXPECT_EQ(error_of("graph { \"A.ARPA\" [relai=true] }")
                  .find("node \"A.ARPA\" attribute relai: unknown field \"relai\""),
              0u);
    EXPECT_EQ(error_of("graph { \"A.ARPA\" -- \"A.ARPA\" }")
                  .find("edge \"A.ARPA\" -- \"A.ARPA\": self-loop"),
              0u);
    EXPECT_NE(error_of("digraph { A -> B }").find("found a digraph"), std::string::npos);
    EXPECT_NE(error_of("graph { A -- }").find("DOT syntax error"), std::string::npos);
}
