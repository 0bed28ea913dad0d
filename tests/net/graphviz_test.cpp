// Graphviz DOT: reading maps attributes to the same properties as JSON, and a
// written topology reads back the same.
#include "net/graphviz.hpp"

#include <gtest/gtest.h>

#include <boost/graph/graphviz.hpp>

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

TEST(graphviz, descriptions_with_backslashes_and_quotes_read_back) {
    for (const std::string& description :
         std::vector<std::string>{"ends with \\", "holds \\\" a quote", "\"quoted\"",
                                  "back\\\nslash newline", "\\\\\n\n", "tab\there \\t",
                                  "\\\"\\\"\\", std::string("nul\0byte", 8), "crlf\r\n\\\r\n"}) {
        net::Topology original = net::parse_topology_json(
            R"({"nodes": [{"name": "A"}, {"name": "B"}], "links": [{"a": "A", "b": "B"}]})", "t");
        original.description = description;
        std::ostringstream out;
        net::write_topology_dot(out, original);
        const net::Topology again = net::parse_topology_dot(out.str(), "written.dot");
        EXPECT_EQ(again.description, description) << out.str();
        EXPECT_TRUE(net::equivalent(original, again));
    }
}

namespace {

// "line:column: problem" of a DOT text, or "no error".
std::string located_error(const std::string& text) {
    try {
        net::parse_topology_dot(text, "t.dot");
    } catch (const core::InputError& e) {
        return e.location() + ": " + e.problem();
    }
    return "no error";
}

}  // namespace

TEST(graphviz, syntax_errors_give_line_and_column) {
    EXPECT_EQ(located_error("graph {\n  A -- B\n  C -- ;\n}\n"),
              "3:8: DOT syntax error: expected a node, \"subgraph\" or \"{\", found \";\"");
    EXPECT_EQ(located_error("graph {\n  A [latency=]\n}"),
              "2:14: DOT syntax error: expected an attribute value after \"=\", found \"]\"");
    EXPECT_EQ(located_error("graph { A /* never closed"),
              "1:11: DOT syntax error: a comment \"/*\" that is never closed with \"*/\"");
    EXPECT_EQ(located_error("\n graph { A -> B }").substr(0, 5), "2:12:");
    EXPECT_EQ(located_error("graph { A }\ngraph { B }").substr(0, 4), "2:1:");
    EXPECT_EQ(located_error("graph { A -- B } "), "no error");
    EXPECT_EQ(located_error("graph {\n \"A\xff\" }"),
              "2:4: DOT syntax error: a byte that is not UTF-8 text");
    // What Boost reads, the check lets through: comments, ports, strings joined by +.
    EXPECT_EQ(located_error("// c\n# c\ngraph G { /* c */ A:n -- B:s:e; \"C\" + \"D\" -- A;\n"
                            " subgraph s { E } -- A [latency=\"5ms\"] }"),
              "no error");
}

TEST(graphviz, deep_subgraphs_and_huge_expansions_are_refused_before_boost_reads_them) {
    std::string deep = "graph {";
    for (int i = 0; i < 10'000; ++i) {
        deep += "subgraph s" + std::to_string(i) + " {";
    }
    deep += std::string(10'000, '}') + "}";
    EXPECT_NE(located_error(deep).find("subgraphs nest deeper than 64 levels"), std::string::npos);
    std::string wide = "graph { subgraph a {";
    for (int i = 0; i < 2000; ++i) {
        wide += " a" + std::to_string(i);
    }
    wide += "} -- subgraph a }";  // 2000 x 2000 links
    EXPECT_NE(located_error(wide).find("1:9: DOT syntax error: the edge statements make more"),
              std::string::npos)
        << located_error(wide);
}

TEST(graphviz, attributes_cannot_rename_nodes_or_move_edges) {
    EXPECT_EQ(located_error("graph { A [name=B] }").substr(0, 23), "node \"A\" attribute name");
    EXPECT_EQ(located_error("graph { A -- B [a=C] }").substr(0, 27),
              "edge \"A\" -- \"B\" attribute a");
    EXPECT_EQ(located_error("graph { nodes=\"x\" A }").substr(0, 21), "graph attribute nodes");
}

TEST(graphviz, node_ids_are_written_as_boost_writes_them) {
    // write_topology_dot writes the ids itself; they must stay what
    // boost::escape_dot_string gives, which parse_topology_dot reads back.
    for (const char* name :
         {"A", "a_1",   "_x",  "1",           "-1",   "1.5", "-.5", ".5",    "1.",   "-",    ".",
          "",  "1.2.3", "a-b", "MIT-AI.ARPA", "x\"y", "1a",  "-a",  "ab cd", "\\\\", "-1.25"}) {
        EXPECT_EQ(smtpsim::net::dot_id(name), boost::escape_dot_string(std::string(name))) << name;
    }
}
