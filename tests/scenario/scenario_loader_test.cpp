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
    const auto s = parse(R"(, "routing": "as-written", "messages": [
        {"from": "JQP@MIT-AI.ARPA", "to": ["<@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>", "Jones@BBN-VAX.ARPA"]}])");
    ASSERT_EQ(s.messages.size(), 1u);
    EXPECT_EQ(s.messages[0].at, core::Time::zero());
    EXPECT_EQ(s.messages[0].to[0].format(), "<@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>");
    EXPECT_EQ(s.messages[0].to[1].format(), "<Jones@BBN-VAX.ARPA>");
    EXPECT_EQ(s.messages[0].size, 1000u);
    EXPECT_EQ(s.config.routing, mta::RoutingMode::as_written);
    EXPECT_EQ(s.config.epoch_unix, 397'008'000);  // 1982-08-01T00:00:00Z
}

TEST(scenario_loader, errors_name_the_json_pointer_and_what_was_expected) {
    EXPECT_EQ(error_of(R"(, "rooting": "source")"),
              "/rooting: unknown field \"rooting\" in a scenario; expected one of $schema, name, "
              "description, topology, seed, routing, metric, start, stop, retry, host_retry, "
              "keep_mail_text, messages, traffic, failures, reroute_after, connect_timeout, "
              "distance_vector, hop_limit, timeouts (did you mean \"routing\"?)");
    EXPECT_EQ(error_of(R"(, "routing": "fastest")"),
              "/routing: unknown routing mode \"fastest\"; expected as-written, source, next-hop "
              "or distance-vector");
    EXPECT_EQ(error_of(R"(, "distance_vector": {"split_horizon": "poisoned"})"),
              "/distance_vector/split_horizon: unknown split horizon \"poisoned\"; expected none, "
              "simple or poisoned-reverse");
    EXPECT_NE(error_of(R"(, "distance_vector": {"infinity": 1})").find("/distance_vector/infinity"),
              std::string::npos);
    EXPECT_NE(error_of(R"(, "hop_limit": 0)").find("/hop_limit"), std::string::npos);
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

TEST(scenario_loader, times_that_could_overflow_are_refused_where_they_are_written) {
    const auto refused = [](const std::string& body, const std::string& pointer) {
        const std::string error = error_of(body);
        EXPECT_EQ(error.substr(0, pointer.size() + 2), pointer + ": ") << error;
        EXPECT_NE(error.find("10000d"), std::string::npos) << error;
    };
    refused(R"(, "failures": [{"kind": "host_down", "host": "MIT-AI.ARPA", "at": "100000d",
              "for": "100000d"}])",
            "/failures/0/at");
    refused(R"(, "failures": [{"kind": "link_down", "a": "MIT-AI.ARPA", "b": "USC-ISIE.ARPA",
              "at": "5000d", "for": "5001d"}])",
            "/failures/0/for");
    refused(R"(, "traffic": [{"process": "fixed", "interval": "1000d", "count": 1000}])",
            "/traffic/0/count");
    refused(R"(, "traffic": [{"interval": "1s", "count": 100000000, "start": "9999d"}])",
            "/traffic/0/count");
    refused(R"(, "traffic": [{"rate": "1/s", "start": "5000d", "duration": "5001d"}])",
            "/traffic/0/duration");
    refused(R"(, "traffic": [{"rate": "0.000000000001/s", "count": 2}])", "/traffic/0/rate");
    refused(R"(, "traffic": [{"rate": "1/300d", "count": 2}])", "/traffic/0/rate");
    refused(R"(, "retry": {"max": "6000d", "lifetime": "5000d"})", "/retry/lifetime");
    refused(R"(, "retry": {"first": "100000d", "max": "100000d"})", "/retry/first");
    refused(R"(, "stop": "10001d")", "/stop");
    refused(R"(, "reroute_after": "20000d")", "/reroute_after");
    refused(R"(, "messages": [{"at": "10001d", "from": "JQP@MIT-AI.ARPA", "to": ["<a@B>"]}])",
            "/messages/0/at");
    // Right at the limit is fine, and so is a fixed source that ends there.
    EXPECT_EQ(error_of(R"(, "stop": "10000d", "traffic": [{"process": "fixed",
                "interval": "1d", "count": 10001}])"),
              "");
}

TEST(scenario_loader, repeated_names_are_errors) {
    EXPECT_EQ(error_of(R"(, "seed": 1, "seed": 2)"),
              "/seed: this key appears twice in the same object; give it once");
    EXPECT_EQ(error_of(R"(, "traffic": [{"name": "bg", "rate": "1/s", "count": 1},
                {"name": "bg", "rate": "1/s", "count": 1}])"),
              "/traffic/1: a traffic source named \"bg\" is defined already at /traffic/0; each "
              "source needs its own name");
    EXPECT_EQ(error_of(R"(, "traffic": [{"name": "traffic1", "rate": "1/s", "count": 1},
                {"rate": "1/s", "count": 1}])")
                  .substr(0, 11),
              "/traffic/1:");  // the default name counts too
    EXPECT_EQ(error_of(R"(, "host_retry": {"MIT-AI.ARPA": {}, "Mit-Ai.Arpa": {}})"),
              "/host_retry/Mit-Ai.Arpa: host MIT-AI.ARPA has a retry policy already (host names "
              "are case-insensitive); give it once");
}

// RFC 821 4.5.2: mail data is 7-bit, but what a host does with other bytes
// is its eight_bit policy, so a text in Cyrillic loads; NUL never does.
TEST(scenario_loader, mail_text_may_hold_8_bit_characters_but_no_nul) {
    const std::string mail = R"(, "messages": [{"from": "JQP@MIT-AI.ARPA", "to": ["<a@B>"], )";
    EXPECT_EQ(error_of(mail + R"("data": ["ok", "a\u0000b"]}])"),
              "/messages/0/data/1: line 2 of the text holds a NUL, which smtpsim does not carry "
              "as mail data");
    EXPECT_EQ(error_of(mail + R"("data": "ok\na\u0000"}])").substr(0, 36),
              "/messages/0/data: line 2 of the text");
    EXPECT_EQ(error_of(mail + R"("data": "ok\ncaf\u00e9 \u041c\u043e\u0434\u0435\u043b"}])"), "");
    EXPECT_EQ(error_of(mail + R"("data": ["tab\tand\u0001control"]}])"), "");
}

TEST(scenario_loader, each_failure_kind_takes_only_its_own_fields) {
    EXPECT_EQ(error_of(R"(, "failures": [{"kind": "host_down", "host": "MIT-AI.ARPA",
                "permanent": true}])"),
              "/failures/0/permanent: \"permanent\" is not a field of a \"host_down\" failure");
    EXPECT_EQ(error_of(R"(, "failures": [{"kind": "host_down", "host": "MIT-AI.ARPA"},
                {"kind": "host_up", "host": "MIT-AI.ARPA", "at": "1h", "for": "1h"}])"),
              "/failures/1/for: \"for\" is not a field of a \"host_up\" failure");
    EXPECT_EQ(error_of(R"(, "failures": [{"kind": "link_down", "host": "MIT-AI.ARPA"}])"),
              "/failures/0/host: \"host\" is not a field of a \"link_down\" failure");
    EXPECT_EQ(error_of(R"(, "failures": [{"kind": "unknown_mailbox", "host": "MIT-AI.ARPA",
                "mailbox": ")" +
                       std::string(65, 'm') + R"("}])"),
              "/failures/0/mailbox: expected a mailbox name of 1 to 64 characters (RFC 821 "
              "4.5.3), found 65");
    const auto s = parse(R"(, "failures": [
        {"kind": "host_down", "host": "MIT-AI.ARPA", "at": "1h"},
        {"kind": "host_up", "host": "MIT-AI.ARPA", "at": "3h"},
        {"kind": "transient", "host": "USC-ISIE.ARPA", "command": "RCPT", "code": 451,
         "probability": 0.5, "for": "2h"},
        {"kind": "drop_connection", "host": "USC-ISIE.ARPA", "step": "data", "count": 2},
        {"kind": "forward", "host": "USC-ISIE.ARPA", "mailbox": "x", "to": "<y@MIT-AI.ARPA>",
         "mode": "please-try"}])");
    ASSERT_EQ(s.failures.size(), 4u);
    EXPECT_EQ(s.failures[0].duration, core::Time::h(2));
    EXPECT_EQ(s.failures[1].code, 451);
    EXPECT_EQ(s.failures[1].duration, core::Time::h(2));
    EXPECT_EQ(s.failures[2].count, 2u);
    EXPECT_FALSE(s.failures[3].will_forward);
}

TEST(scenario_loader, distance_vector_timers_have_floors) {
    EXPECT_EQ(error_of(R"(, "distance_vector": {"update_interval": "1us"})"),
              "/distance_vector/update_interval: \"1us\" is shorter than 1ms, the shortest update "
              "interval");
    EXPECT_EQ(error_of(R"(, "distance_vector": {"update_interval": "999us"})").substr(0, 33),
              "/distance_vector/update_interval:");
    EXPECT_EQ(error_of(R"(, "distance_vector": {"route_timeout": "1ns"})"),
              "/distance_vector/route_timeout: \"1ns\" is shorter than update_interval (30s); a "
              "route must live at least one interval");
    // The default timeout (180s) against a longer interval: the interval is named.
    EXPECT_EQ(error_of(R"(, "distance_vector": {"update_interval": "5min"})"),
              "/distance_vector/update_interval: the default route_timeout (3min) is shorter "
              "than update_interval (5min); a route must live at least one interval");
    EXPECT_EQ(
        error_of(R"(, "distance_vector": {"update_interval": "1ms", "route_timeout": "20d"})"),
        "/distance_vector/route_timeout: \"20d\" is more than 1,000,000,000 update "
        "intervals (1ms)");
    // At the floors: loaded.
    EXPECT_EQ(
        error_of(R"(, "distance_vector": {"update_interval": "1ms", "route_timeout": "1ms"})"), "");
    EXPECT_EQ(error_of(R"(, "distance_vector": {"update_interval": "1ms"})"), "");
}
