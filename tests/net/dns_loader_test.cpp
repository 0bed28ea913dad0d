// The simulated DNS of a topology file: zones, records, host domains and
// resolvers, read, written back, and every error with its place.
#include <gtest/gtest.h>

#include <sstream>

#include "core/input_error.hpp"
#include "net/topology_io.hpp"
#include "topology_errors.hpp"

using namespace smtpsim;
using net::parse_topology_json;
using test::expect_topology_error;
using test::topology_error_of;

namespace {

const std::string hosts =
    R"({"nodes": [{"name": "MX1", "domains": ["example.edu"], "resolver": {"latency": "20ms", "cache": false}},
                  {"name": "MX2"}], "links": [{"a": "MX1", "b": "MX2"}], )";

std::string zone(const std::string& records) {
    return hosts + R"("dns": {"zones": [{"origin": "example.edu", "ttl": "10min", "records": [)" +
           records + "]}]}}";
}

const std::string good = zone(
    R"({"name": "example.edu", "type": "MX", "preference": 10, "exchanger": "mx1.example.edu"},
       {"name": "example.edu", "type": "MX", "preference": 20, "exchanger": "MX2"},
       {"name": "mx1.example.edu", "type": "A", "host": "MX1", "ttl": "1h"},
       {"name": "www.example.edu", "type": "CNAME", "target": "example.edu"})");

}  // namespace

TEST(dns_loader, reads_zones_records_domains_and_resolvers) {
    const net::Topology t = parse_topology_json(good, "t.json");
    ASSERT_EQ(t.dns.zones().size(), 1U);
    EXPECT_EQ(t.dns.zones()[0].ttl, core::Time::min(10));
    const auto mx = t.dns.find("EXAMPLE.EDU");
    ASSERT_EQ(mx.size(), 2U);
    EXPECT_EQ(mx[0]->preference, 10);
    EXPECT_EQ(mx[0]->target, "mx1.example.edu");
    EXPECT_EQ(mx[0]->ttl, core::Time::min(10));  // the zone's
    EXPECT_EQ(t.dns.find("mx1.example.edu")[0]->ttl, core::Time::h(1));
    EXPECT_EQ(t.dns.find("www.example.edu")[0]->type, net::RecordType::cname);
    EXPECT_EQ(t.domain_host("Example.EDU"), t.find_host("MX1"));
    EXPECT_FALSE(t.domain_host("other.edu"));
    const auto& resolver = t.host(*t.find_host("MX1")).resolver;
    EXPECT_EQ(resolver.latency, core::Time::ms(20));
    EXPECT_FALSE(resolver.cache);
}

TEST(dns_loader, written_json_loads_back_equivalent) {
    const net::Topology t = parse_topology_json(good, "t.json");
    std::ostringstream out;
    net::write_topology_json(out, t);
    const net::Topology again = parse_topology_json(out.str(), "written");
    EXPECT_TRUE(net::equivalent(t, again)) << out.str();
    EXPECT_EQ(again.dns, t.dns);
}

TEST(dns_loader, a_record_outside_its_zone_is_refused) {
    expect_topology_error(zone(R"({"name": "mx.other.edu", "type": "A", "host": "MX1"})"),
                          "/dns/zones/0/records/0/name", "not inside the zone");
}

TEST(dns_loader, an_a_record_names_a_host_of_the_topology) {
    expect_topology_error(zone(R"({"name": "mx.example.edu", "type": "A", "host": "NOPE"})"),
                          "/dns/zones/0/records/0/host", "unknown host \"NOPE\"");
}

TEST(dns_loader, a_cname_stands_alone_at_its_name) {
    expect_topology_error(
        zone(R"({"name": "w.example.edu", "type": "CNAME", "target": "example.edu"},
                         {"name": "w.example.edu", "type": "A", "host": "MX1"})"),
        "/dns/zones/0/records/0", "RFC 1034 3.6.2");
}

TEST(dns_loader, an_exchanger_needs_an_address_and_is_no_alias) {
    expect_topology_error(
        zone(
            R"({"name": "example.edu", "type": "MX", "preference": 1, "exchanger": "x.example.edu"})"),
        "/dns/zones/0/records/0/exchanger", "has no address");
    expect_topology_error(
        zone(
            R"({"name": "example.edu", "type": "MX", "preference": 1, "exchanger": "w.example.edu"},
                {"name": "w.example.edu", "type": "CNAME", "target": "MX2"})"),
        "/dns/zones/0/records/0/exchanger", "RFC 2181 10.3");
}

TEST(dns_loader, record_fields_are_checked_by_type) {
    expect_topology_error(zone(R"({"name": "example.edu", "type": "TXT"})"),
                          "/dns/zones/0/records/0/type", "unknown record type \"TXT\"");
    expect_topology_error(
        zone(R"({"name": "example.edu", "type": "A", "host": "MX1", "preference": 3})"),
        "/dns/zones/0/records/0/preference", "not a field of A record");
    expect_topology_error(
        zone(R"({"name": "example.edu", "type": "MX", "preference": 70000, "exchanger": "MX2"})"),
        "/dns/zones/0/records/0/preference", "");
    expect_topology_error(
        zone(R"({"name": "example.edu", "type": "A", "host": "MX1", "ttl": "400d"})"),
        "/dns/zones/0/records/0/ttl", "at most");
}

TEST(dns_loader, a_domain_belongs_to_one_host_and_is_no_host_name) {
    expect_topology_error(
        R"({"nodes": [{"name": "A", "domains": ["x.edu"]}, {"name": "B", "domains": ["X.EDU"]}]})",
        "/nodes/1/domains/0", "already taken by host \"A\"");
    expect_topology_error(R"({"nodes": [{"name": "A", "domains": ["b"]}, {"name": "B"}]})",
                          "/nodes/0/domains/0", "the name of a host");
    expect_topology_error(R"({"nodes": [{"name": "A", "resolver": {"latncy": "1ms"}}]})",
                          "/nodes/0/resolver/latncy", "");
}

TEST(dns_loader, zones_are_given_once) {
    expect_topology_error(
        hosts + R"("dns": {"zones": [{"origin": "a.edu"}, {"origin": "A.edu"}]}})",
        "/dns/zones/1/origin", "given twice");
}
