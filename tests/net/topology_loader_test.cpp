// The JSON topology loader: defaults, lookups, units, and every error with its place.
#include "net/topology_io.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/input_error.hpp"
#include "net/units.hpp"
#include "topology_errors.hpp"

using namespace smtpsim;
using net::parse_topology_json;
using test::expect_topology_error;
using test::topology_error_of;

namespace {

const std::string two_hosts = R"({"nodes": [{"name": "A.ARPA"}, {"name": "B.ARPA"}], "links": [)";

}  // namespace

TEST(topology_loader, fills_defaults_for_everything_but_the_name) {
    const net::Topology t =
        parse_topology_json(two_hosts + R"({"a": "A.ARPA", "b": "b.arpa"}]})", "t");
    ASSERT_EQ(t.host_count(), 2u);
    const net::HostProps& a = t.host(0);
    EXPECT_TRUE(a.relay);
    EXPECT_EQ(a.max_recipients, 100u);
    EXPECT_FALSE(a.storage.has_value());
    EXPECT_EQ(a.service_time, core::Time::ms(1));
    EXPECT_EQ(a.max_sessions, 4u);
    EXPECT_FALSE(a.accepts_turn);
    const net::LinkProps& link = t.link(*boost::edges(t.graph()).first);
    EXPECT_EQ(link.latency, core::Time::ms(10));
    EXPECT_EQ(link.bandwidth, 56'000u);
    EXPECT_TRUE(link.up);
}

TEST(topology_loader, defaults_section_applies_and_fields_override_it) {
    const net::Topology t = parse_topology_json(
        R"({"defaults": {"host": {"relay": false, "storage": "2KiB"}, "link": {"latency": "5ms"}},
            "nodes": [{"name": "A.ARPA"}, {"name": "B.ARPA", "relay": true, "storage": 1000}],
            "links": [{"a": "A.ARPA", "b": "B.ARPA", "bandwidth": "1.5Mbit/s"}]})",
        "t");
    EXPECT_FALSE(t.host(0).relay);
    EXPECT_EQ(t.host(0).storage, 2048u);
    EXPECT_TRUE(t.host(1).relay);
    EXPECT_EQ(t.host(1).storage, 1000u);
    const net::LinkProps& link = t.link(*boost::edges(t.graph()).first);
    EXPECT_EQ(link.latency, core::Time::ms(5));
    EXPECT_EQ(link.bandwidth, 1'500'000u);
}

TEST(topology_loader, host_names_are_looked_up_ignoring_case) {
    const net::Topology t = parse_topology_json(two_hosts + "]}", "t");
    EXPECT_EQ(t.find_host("a.arpa"), net::HostId{0});
    EXPECT_EQ(t.find_host("B.Arpa"), net::HostId{1});
    EXPECT_FALSE(t.find_host("C.ARPA").has_value());
    EXPECT_EQ(t.name(1), "B.ARPA");
}

TEST(topology_loader, rfc821_hosts_answer_vrfy_expn_and_forwards) {
    const net::Topology t = net::load_topology("topologies/rfc821.json");
    const net::HostProps& score = t.host(*t.find_host("SU-SCORE.ARPA"));
    const auto crispin = score.match_users("Crispin");
    ASSERT_EQ(crispin.size(), 1u);
    EXPECT_EQ(crispin[0]->mailbox, "Admin.MRC");
    EXPECT_EQ(crispin[0]->full_name, "Mark Crispin");
    EXPECT_TRUE(crispin[0]->terminal_active);
    EXPECT_EQ(score.find_mailbox("admin.mrc"), crispin[0]);

    const net::HostProps& isif = t.host(*t.find_host("USC-ISIF.ARPA"));
    EXPECT_EQ(isif.match_users("Gourzenkyinplatz").size(), 2u);  // 553 User ambiguous
    EXPECT_EQ(isif.find_mailbox("Green"), nullptr);
    ASSERT_TRUE(isif.find_mailbox("fred")->forward.has_value());
    EXPECT_EQ(isif.find_mailbox("fred")->forward->path, "<Jones@USC-ISI.ARPA>");
    EXPECT_EQ(isif.find_mailbox("fred")->forward->mode, net::ForwardMode::will_forward);
    EXPECT_FALSE(isif.find_list("Executive-Washroom-List")->expandable);

    const net::MailingList* people =
        t.host(*t.find_host("MIT-AI.ARPA")).find_list("example-people");
    ASSERT_NE(people, nullptr);
    ASSERT_EQ(people->members.size(), 6u);
    EXPECT_EQ(people->members[0], (net::ListMember{"", "<ABC@MIT-MC.ARPA>"}));
    EXPECT_EQ(people->members[3],
              (net::ListMember{"Quincy Smith", "<@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>"}));
    EXPECT_EQ(t.host(*t.find_host("BERKELEY.ARPA")).max_recipients, 1u);
    EXPECT_EQ(t.host(*t.find_host("USC-ISIB.ARPA")).find_mailbox("Paul")->forward->mode,
              net::ForwardMode::please_try);
}

TEST(topology_loader, away_twin_differs_only_in_crispins_terminal) {
    net::Topology at_terminal = net::load_topology("topologies/rfc821.json");
    const net::Topology away = net::load_topology("topologies/rfc821-away.json");
    const net::HostId score = *away.find_host("SU-SCORE.ARPA");
    EXPECT_FALSE(away.host(score).find_mailbox("Admin.MRC")->terminal_active);
    EXPECT_FALSE(net::equivalent(at_terminal, away));
    at_terminal.graph()[score].users[0].terminal_active = false;
    at_terminal.description = away.description;
    EXPECT_TRUE(net::equivalent(at_terminal, away));
}

TEST(topology_loader, written_json_loads_back_equivalent) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator("topologies")) {
        if (entry.path().extension() != ".json" ||
            entry.path().filename() == "topology.schema.json") {
            continue;
        }
        const net::Topology original = net::load_topology(entry.path().string());
        std::ostringstream text;
        net::write_topology_json(text, original);
        const net::Topology again = parse_topology_json(text.str(), "written");
        EXPECT_TRUE(net::equivalent(original, again)) << entry.path();
        EXPECT_EQ(original.description, again.description);
    }
}

TEST(topology_loader, syntax_errors_give_line_and_column) {
    expect_topology_error("{\n  \"nodes\": [\n    {\"name\": \"A.ARPA\",}\n  ]\n}", "3:23",
                          "JSON syntax error: syntax error while parsing object key");
}

TEST(topology_loader, reports_each_kind_of_bad_input_with_its_pointer) {
    expect_topology_error(R"({"nodes": [{"name": "A.ARPA"}, {"name": "a.arpa"}]})", "/nodes/1/name",
                          "duplicate host \"a.arpa\": already defined at /nodes/0");
    expect_topology_error(two_hosts + R"({"a": "A.ARPA", "b": "C.ARPA"}]})", "/links/0/b",
                          "unknown host \"C.ARPA\"");
    expect_topology_error(two_hosts + R"({"a": "A.ARPA", "b": "a.ARPA"}]})", "/links/0",
                          "self-loop");
    expect_topology_error(
        two_hosts + R"({"a": "A.ARPA", "b": "B.ARPA"}, {"a": "B.ARPA", "b": "A.ARPA"}]})",
        "/links/1",
        "duplicate link between \"B.ARPA\" and \"A.ARPA\": already defined at /links/0");
    expect_topology_error(two_hosts + R"({"a": "A.ARPA", "b": "B.ARPA", "latency": "0ms"}]})",
                          "/links/0/latency", "expected a positive duration");
    expect_topology_error(two_hosts + R"({"a": "A.ARPA", "b": "B.ARPA", "bandwidth": "0kbit/s"}]})",
                          "/links/0/bandwidth", "expected a positive rate");
    expect_topology_error(two_hosts + R"({"a": "A.ARPA", "b": "B.ARPA", "bandwidth": "56kbps"}]})",
                          "/links/0/bandwidth",
                          "unknown unit \"kbps\"; expected one of bit/s, kbit/s");
    expect_topology_error(two_hosts + R"({"a": "A.ARPA", "b": "B.ARPA", "latency": "-5ms"}]})",
                          "/links/0/latency", "negative durations are not allowed");
    expect_topology_error(two_hosts + R"({"a": "A.ARPA", "b": "B.ARPA", "latncy": "5ms"}]})",
                          "/links/0/latncy",
                          "unknown field \"latncy\" in a link; expected one of a, b, "
                          "latency, bandwidth, up (did you mean \"latency\"?)");
    expect_topology_error(R"({"nodes": [{"name": "A.ARPA", "users": [{"mailbox": "Jones",
                    "forward": {"path": "Jones@B.ARPA"}}]}]})",
                          "/nodes/0/users/0/forward/path", "forward-path does not parse");
    expect_topology_error(R"({"nodes": [{"name": "A.ARPA", "users": [{"mailbox": "Jones",
                    "forward": {"path": "<@B.ARPA Jones@C.ARPA>"}}]}]})",
                          "/nodes/0/users/0/forward/path",
                          "expected \",\" or \":\" after a route domain");
    expect_topology_error(R"({"nodes": [{"name": "A.ARPA", "users": [{"mailbox": "Jones",
                    "forward": {"path": "<Jones@C.ARPA>", "mode": "later"}}]}]})",
                          "/nodes/0/users/0/forward/mode",
                          "\"will-forward\" (251) or \"please-try\" (551)");
    expect_topology_error(R"({"nodes": [{"name": "A.ARPA", "storage": "10 MB"}]})",
                          "/nodes/0/storage", "unknown unit \" MB\"");
    expect_topology_error(R"({"nodes": [{"name": "A.ARPA", "max_recipients": 0}]})",
                          "/nodes/0/max_recipients", "at least 1, found 0");
    expect_topology_error(R"({"nodes": [{"name": "A.ARPA", "relay": "yes"}]})", "/nodes/0/relay",
                          "expected true or false, found a string");
    expect_topology_error(R"({"nodes": [{"name": "A ARPA"}]})", "/nodes/0/name", "not a host name");
    expect_topology_error(R"({"nodes": [{"relay": true}]})", "/nodes/0",
                          "missing required field \"name\"");
    expect_topology_error(
        R"({"nodes": [{"name": "A.ARPA", "users": [{"mailbox": "Jo"}, {"mailbox": "JO"}]}]})",
        "/nodes/0/users/1/mailbox", "duplicate mailbox");
    expect_topology_error(
        R"({"nodes": [{"name": "A.ARPA", "lists": [{"name": "L", "members": ["Bob"]}]}]})",
        "/nodes/0/lists/0/members/0", "expected \"Full Name <path>\" or \"<path>\"");
    expect_topology_error(R"({"hosts": []})", "/hosts", "unknown field \"hosts\"");
    expect_topology_error(R"({"links": []})", "", "missing required field \"nodes\"");
}

TEST(topology_loader, names_beyond_rfc_821_limits_are_refused) {
    const std::string h64(64, 'H'), h65(65, 'H'), u65(65, 'u');
    EXPECT_EQ(topology_error_of(R"({"nodes": [{"name": ")" + h64 + R"("}]})"), "no error");
    expect_topology_error(R"({"nodes": [{"name": ")" + h65 + R"("}]})", "/nodes/0/name",
                          "65 characters long; RFC 821 4.5.3 allows a host name at most 64");
    expect_topology_error(R"({"nodes": [{"name": "A", "users": [{"mailbox": ")" + u65 + R"("}]}]})",
                          "/nodes/0/users/0/mailbox", "allows a user name at most 64");
    expect_topology_error(
        R"({"nodes": [{"name": "A", "users": [{"mailbox": "u", "aliases": [")" + u65 + R"("]}]}]})",
        "/nodes/0/users/0/aliases/0", "an alias of 65 characters");
    expect_topology_error(R"({"nodes": [{"name": "A", "lists": [{"name": ")" + u65 + R"("}]}]})",
                          "/nodes/0/lists/0/name", "a list name of 65 characters");
    expect_topology_error(
        R"({"nodes": [{"name": "A", "users": [{"mailbox": "u", "forward": {"path": "<)" + u65 +
            R"(@B>"}}]}]})",
        "/nodes/0/users/0/forward/path", "64");
}

TEST(topology_loader, latencies_and_service_times_stay_within_a_day) {
    EXPECT_EQ(topology_error_of(two_hosts + R"({"a": "A.ARPA", "b": "B.ARPA", "latency": "1d"}]})"),
              "no error");
    expect_topology_error(two_hosts + R"({"a": "A.ARPA", "b": "B.ARPA", "latency": "100000d"}]})",
                          "/links/0/latency", "expected at most 1d, found \"100000d\"");
    expect_topology_error(R"({"defaults": {"link": {"latency": "25h"}}, "nodes": []})",
                          "/defaults/link/latency", "at most 1d");
    expect_topology_error(R"({"nodes": [{"name": "A", "service_time": "1000000h"}]})",
                          "/nodes/0/service_time", "at most 1d");
}

TEST(topology_loader, a_key_given_twice_is_an_error_at_its_pointer) {
    expect_topology_error(R"({"nodes": [{"name": "A.ARPA"}], "nodes": []})", "/nodes",
                          "this key appears twice in the same object");
    expect_topology_error(R"({"nodes": [{"name": "A"}, {"name": "B", "users": [{"mailbox": "x",
                    "mailbox": "y"}]}]})",
                          "/nodes/1/users/0/mailbox", "appears twice");
    // The same key in different objects is fine.
    EXPECT_EQ(topology_error_of(R"({"nodes": [{"name": "A"}, {"name": "B"}]})"), "no error");
}

TEST(topology_loader, deep_nesting_is_refused_at_its_line_and_column) {
    const std::string deep =
        R"({"nodes": [)" + std::string(100'000, '[') + std::string(100'000, ']') + "]}";
    expect_topology_error(deep, "1:74", "nest deeper than 64 levels");
    const std::string fine = R"({"nodes": [], "description": ")" + std::string(1000, '[') + R"("})";
    EXPECT_EQ(topology_error_of(fine), "no error");  // brackets inside strings do not count
}

TEST(units, rates_and_sizes_parse_exactly_and_print_back) {
    EXPECT_EQ(net::parse_rate("56kbit/s"), 56'000u);
    EXPECT_EQ(net::parse_rate("1.544Mbit/s"), 1'544'000u);
    EXPECT_EQ(net::parse_rate("10Gbit/s"), 10'000'000'000u);
    EXPECT_EQ(net::parse_size("10MB"), 10'000'000u);
    EXPECT_EQ(net::parse_size("2GiB"), 2'147'483'648u);
    EXPECT_THROW(net::parse_rate("56Kbit/s"), core::QuantityError);
    EXPECT_THROW(net::parse_rate("0.5bit/s"), core::QuantityError);
    EXPECT_THROW(net::parse_size("1.5B"), core::QuantityError);
    EXPECT_EQ(net::format_rate(1'544'000), "1544kbit/s");  // shortest exact text
    for (const char* rate : {"56kbit/s", "1.5Mbit/s", "300bit/s", "10Gbit/s"}) {
        EXPECT_EQ(net::format_rate(net::parse_rate(rate)), rate);
    }
    for (const char* size : {"10MB", "2GiB", "1KiB", "123B"}) {
        EXPECT_EQ(net::format_size(net::parse_size(size)), size);
    }
}

// RFC 821 4.5.2 (8-bit data) and 4.1.1 (sequence) choices per host.
TEST(topology_loader, reads_each_hosts_eight_bit_policy_and_strict_sequence) {
    const net::Topology t = parse_topology_json(
        R"({"defaults": {"host": {"eight_bit": "pass"}}, "nodes": [{"name": "A.ARPA"},
            {"name": "B.ARPA", "eight_bit": "strip", "strict_sequence": true}]})",
        "t.json");
    EXPECT_EQ(t.host(*t.find_host("A.ARPA")).eight_bit, smtp::EightBit::pass);
    EXPECT_FALSE(t.host(*t.find_host("A.ARPA")).strict_sequence);
    EXPECT_EQ(t.host(*t.find_host("B.ARPA")).eight_bit, smtp::EightBit::strip);
    EXPECT_TRUE(t.host(*t.find_host("B.ARPA")).strict_sequence);
    expect_topology_error(
        R"({"nodes": [{"name": "A.ARPA", "eight_bit": "keep"}]})", "/nodes/0/eight_bit",
        "expected \"refuse\", \"strip\" or \"pass\" (RFC 821 4.5.2), found \"keep\"");
    expect_topology_error(R"({"nodes": [{"name": "A.ARPA", "eight_bit": 8}]})",
                          "/nodes/0/eight_bit", "found a number");
}

TEST(topology_loader, logins_give_the_times_a_user_is_at_a_terminal) {
    // RFC 821 3.4: SEND, SOML and SAML reach a user who is logged in.
    const auto topology = smtpsim::net::parse_topology_json(
        R"({"nodes": [{"name": "A", "users": [{"mailbox": "u",
            "logins": [{"to": "10min"}, {"from": "1h", "to": "2h"}, {"from": "5h"}]}]}]})",
        "t.json");
    const smtpsim::net::User& user = topology.host(0).users.at(0);
    using smtpsim::core::Time;
    EXPECT_TRUE(user.logged_in(Time::zero()));
    EXPECT_FALSE(user.logged_in(Time::min(10)));  // logged out at `to`
    EXPECT_TRUE(user.logged_in(Time::h(1)));
    EXPECT_FALSE(user.logged_in(Time::h(3)));
    EXPECT_TRUE(user.logged_in(Time::d(100)));  // no `to`: to the end of the run
}

TEST(topology_loader, bad_logins_and_owners_are_reported_at_their_pointer) {
    const std::string user = R"({"nodes": [{"name": "A", "users": [{"mailbox": "u", )";
    expect_topology_error(user + R"("logins": [{"from": "2h", "to": "1h"}]}]}]})",
                          "/nodes/0/users/0/logins/0/to", "must end after it starts");
    expect_topology_error(user + R"("logins": [{"from": "2h"}, {"from": "3h"}]}]}]})",
                          "/nodes/0/users/0/logins/1/from", "after the one before it ends");
    expect_topology_error(user + R"("terminal_active": true, "logins": []}]}]})",
                          "/nodes/0/users/0/logins", "terminal_active");
    expect_topology_error(R"({"nodes": [{"name": "A", "lists": [{"name": "l", "owner": "u@A"}]}]})",
                          "/nodes/0/lists/0/owner", "owner's path does not parse");
}

// A topology is read host by host as it is parsed when its keys come in the
// order smtpsim writes them; in any other order it is read whole. Both give
// the same topology, and a file with several problems reports the same one.
TEST(topology_loader, every_order_of_the_top_level_keys_gives_the_same_topology) {
    const std::vector<std::pair<std::string, std::string>> parts{
        {"description", R"("four keys")"},
        {"defaults", R"({"host": {"relay": false}, "link": {"latency": "7ms"}})"},
        {"nodes", R"([{"name": "A.ARPA"}, {"name": "B.ARPA", "relay": true}, {"name": "C.ARPA"}])"},
        {"links", R"([{"a": "A.ARPA", "b": "B.ARPA"}, {"a": "B.ARPA", "b": "C.ARPA",
                     "latency": "2ms"}])"}};
    std::vector<std::size_t> order{0, 1, 2, 3};
    std::optional<net::Topology> first;
    do {
        std::string text = "{";
        for (const std::size_t i : order) {
            text += (text.size() > 1 ? ", \"" : "\"") + parts[i].first + "\": " + parts[i].second;
        }
        const net::Topology t = parse_topology_json(text + "}", "t.json");
        EXPECT_EQ(t.description, "four keys") << text;
        EXPECT_FALSE(t.host(*t.find_host("A.ARPA")).relay) << text;
        EXPECT_TRUE(t.host(*t.find_host("B.ARPA")).relay) << text;
        ASSERT_EQ(t.link_count(), 2u) << text;
        if (!first) {
            first.emplace(t);
        }
        EXPECT_TRUE(net::equivalent(*first, t)) << text;
    } while (std::next_permutation(order.begin(), order.end()));
}

TEST(topology_loader, of_several_problems_the_one_reported_does_not_depend_on_streaming) {
    // Syntax before anything else, even after a bad host.
    expect_topology_error(R"({"nodes": [{"name": "A.ARPA", "relay": 3}], "links": [}")", "1:55",
                          "JSON syntax error");
    // An unknown top-level key before a bad host or link, wherever it is.
    expect_topology_error(R"({"nodes": [{"name": "A.ARPA", "relay": 3}], "colour": 1})", "/colour",
                          "unknown field");
    expect_topology_error(R"({"nodes": [{"name": "A.ARPA"}], "links": [{"a": "A.ARPA", "b": "X"}],
                     "nodez": 1})",
                          "/nodez", "unknown field");
    // A repeated key anywhere before a bad host.
    expect_topology_error(R"({"nodes": [{"name": "A.ARPA", "relay": 3}], "description": "a",
                     "description": "b"})",
                          "/description", "twice");
    // Hosts in file order, then links.
    expect_topology_error(
        R"({"nodes": [{"name": "A.ARPA"}, {"name": "a.arpa"}], "links": [{"a": "A.ARPA"}]})",
        "/nodes/1/name", "duplicate host");
    expect_topology_error(
        R"({"nodes": [{"name": "A.ARPA"}], "links": [{"a": "A.ARPA", "b": "B.ARPA"}]})",
        "/links/0/b", "unknown host");
    expect_topology_error(R"({"nodes": {"name": "A.ARPA"}})", "/nodes", "");
    expect_topology_error(R"({"links": []})", "", "missing required field \"nodes\"");
}

TEST(topology_loader, read_as_parsed_every_shipped_topology_is_the_one_read_whole) {
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator("topologies")) {
        if (entry.path().extension() != ".json" ||
            entry.path().filename() == "topology.schema.json") {
            continue;
        }
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const net::Topology streamed = parse_topology_json(text.str(), entry.path().string());
        const net::Topology whole =
            net::parse_topology_json_whole(text.str(), entry.path().string());
        EXPECT_TRUE(net::equivalent(streamed, whole)) << entry.path();
        EXPECT_EQ(streamed.description, whole.description) << entry.path();
        ++files;
    }
    EXPECT_GE(files, 5u);
}
