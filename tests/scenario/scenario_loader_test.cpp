#include "scenario/scenario.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "net/topology_io.hpp"

using namespace smtpsim;

namespace {

const std::string topology_path = std::string(SMTPSIM_SOURCE_DIR) + "/topologies/rfc821.json";

scenario::Scenario parse(const std::string& body) {
    return scenario::parse_scenario(
        R"({"name": "t", "topology": ")" + topology_path + "\"" + body + "}", "s.json", ".");
}

// The error's location and problem, or "" when it loads.
std::string error_of(const std::string& body) {
    try {
        parse(body);
        return "";
    } catch (const core::InputError& e) {
        return e.location() + ": " + e.problem();
    }
}

}  // namespace

TEST(scenario_loader, reads_messages_with_defaults) {
    const auto s = parse(R"(, "routing": "source", "messages": [
        {"from": "JQP@MIT-AI.ARPA", "to": ["<@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>", "Jones@BBN-VAX.ARPA"]}])");
    ASSERT_EQ(s.messages.size(), 1u);
    EXPECT_EQ(s.messages[0].at, core::Time::zero());
    EXPECT_EQ(s.messages[0].to[0].format(), "<@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>");
    EXPECT_EQ(s.messages[0].to[1].format(), "<Jones@BBN-VAX.ARPA>");
    EXPECT_EQ(s.messages[0].size, 1000u);
    EXPECT_EQ(s.config.routing, mta::RoutingMode::source);
    EXPECT_EQ(s.config.epoch_unix, 397'008'000);  // 1982-08-01T00:00:00Z
}

TEST(scenario_loader, errors_name_the_json_pointer_and_what_was_expected) {
    EXPECT_EQ(error_of(R"(, "rooting": "source")"),
              "/rooting: unknown field \"rooting\" in a scenario; expected one of $schema, name, "
              "description, topology, seed, routing, metric, start, stop, retry, host_retry, "
              "keep_mail_text, messages, traffic, failures, reroute_after, connect_timeout (did "
              "you mean \"routing\"?)");
    EXPECT_EQ(error_of(R"(, "routing": "fastest")"),
              "/routing: unknown routing mode \"fastest\"; expected source, shortest or next-hop");
    EXPECT_EQ(
        error_of(R"(, "messages": [{"from": "JQP@NOWHERE.ARPA", "to": ["<x@MIT-AI.ARPA>"]}])"),
        "/messages/0/from: no host NOWHERE.ARPA in the topology");
    EXPECT_NE(error_of(R"(, "messages": [{"from": "JQP@MIT-AI.ARPA", "to": ["<@:x@y>"]}])")
                  .find("/messages/0/to/0: not an RFC 821 path"),
              std::string::npos);
    EXPECT_NE(error_of(R"(, "stop": "5sec")").find("/stop: invalid duration \"5sec\""),
              std::string::npos);
    EXPECT_EQ(error_of(R"(, "traffic": [{"rate": "1/s"}])"),
              "/traffic/0: give a \"count\" or a \"duration\" (or a scenario \"stop\" time): "
              "otherwise the traffic never ends");
    EXPECT_EQ(error_of(R"(, "traffic": [{"rate": "fast", "count": 3}])"),
              "/traffic/0/rate: expected a rate such as \"10/s\", \"30/min\" or \"2/h\", found "
              "\"fast\"");
}

TEST(scenario_loader, syntax_errors_give_line_and_column) {
    try {
        scenario::parse_scenario("{\n  \"name\": \"t\",\n  oops\n}", "s.json", ".");
        FAIL();
    } catch (const core::InputError& e) {
        EXPECT_EQ(e.source(), "s.json");
        EXPECT_EQ(e.location(), "3:3");
    }
}

TEST(scenario_loader, another_topology_replaces_the_files_and_must_have_the_named_hosts) {
    auto line = std::make_shared<net::Topology>(net::parse_topology_json(
        R"({"nodes": [{"name": "A"}, {"name": "B"}], "links": [{"a": "A", "b": "B"}]})", "line"));
    const std::string text =
        R"({"name": "t", "topology": "ignored.json", "traffic": [{"rate": "1/s", "count": 2}]})";
    const auto s = scenario::parse_scenario(text, "s.json", ".", line);
    EXPECT_EQ(s.topology, line);
    EXPECT_EQ(s.traffic.at(0).from.size(), 2u);
    const std::string named =
        R"({"name": "t", "topology": "x.json", "messages": [{"from": "JQP@MIT-AI.ARPA", "to": ["<a@A>"]}]})";
    EXPECT_THROW(scenario::parse_scenario(named, "s.json", ".", line), core::InputError);
}
