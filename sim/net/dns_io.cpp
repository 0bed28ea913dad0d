// The simulated DNS from JSON, with its checks (net/dns_io.hpp).
#include "net/dns_io.hpp"

#include <array>
#include <unordered_map>

#include "net/name_checks.hpp"

namespace smtpsim::net {
namespace {

using nlohmann::json;
using Where = core::JsonWhere;

constexpr std::array<std::string_view, 1> dns_fields{"zones"};
constexpr std::array<std::string_view, 3> zone_fields{"origin", "ttl", "records"};
constexpr std::array<std::string_view, 7> record_fields{"name", "type",   "preference", "exchanger",
                                                        "host", "target", "ttl"};

// The field each type takes beside name, type and ttl.
bool takes(RecordType type, std::string_view field) {
    switch (type) {
        case RecordType::mx:
            return field == "preference" || field == "exchanger";
        case RecordType::a:
            return field == "host";
        case RecordType::cname:
            return field == "target";
    }
    return false;
}

std::string domain_field(const json& j, const Where& where, const core::JsonReader& in,
                         std::string_view key, std::string_view what) {
    const Where w = where.field(key);
    const std::string text = in.string_value(in.require(j, where, key, what), w);
    if (auto problem = domain_problem(text)) {
        in.fail(w, "not a domain name: " + *problem);
    }
    return text;
}

core::Time ttl_field(const json& j, const Where& where, const core::JsonReader& in,
                     core::Time fallback) {
    const json* v = core::JsonReader::find(j, "ttl");
    if (v == nullptr) {
        return fallback;
    }
    const core::Time ttl = in.duration_value(*v, where.field("ttl"), false);
    if (ttl > max_ttl) {
        in.fail(where.field("ttl"), "expected a TTL of at most " + core::format_duration(max_ttl));
    }
    return ttl;
}

// One record; `owner` given: the record's name is that and "name" is not a field.
DnsRecord read_record(const json& j, const Where& where, const core::JsonReader& in,
                      const Topology& topology, core::Time ttl, std::string_view owner) {
    in.check_object(j, where, record_fields, "a DNS record");
    DnsRecord record;
    if (owner.empty()) {
        record.name = domain_field(j, where, in, "name", "the owner name, e.g. \"example.edu\"");
    } else if (core::JsonReader::find(j, "name") != nullptr) {
        in.fail(where.field("name"), "the records of a dns_change all belong to its \"name\"");
    } else {
        record.name = std::string(owner);
    }
    const Where tw = where.field("type");
    const std::string type =
        in.string_value(in.require(j, where, "type", "the record type: MX, A or CNAME"), tw);
    const auto parsed = record_type_names.parse(type);
    if (!parsed) {
        in.fail(tw, "unknown record type \"" + type + "\"; expected MX, A or CNAME");
    }
    record.type = *parsed;
    for (const auto& [field, value] : j.items()) {
        if (field != "name" && field != "type" && field != "ttl" && !takes(record.type, field)) {
            in.fail(where.field(field), "\"" + field + "\" is not a field of " + type + " record");
        }
    }
    record.ttl = ttl_field(j, where, in, ttl);
    switch (record.type) {
        case RecordType::mx:
            record.preference = static_cast<std::uint16_t>(
                in.count_value(in.require(j, where, "preference", "the MX preference, 0 to 65535"),
                               where.field("preference"), 0, 65535));
            record.target = domain_field(j, where, in, "exchanger", "the mail exchanger's name");
            break;
        case RecordType::cname:
            record.target = domain_field(j, where, in, "target", "the canonical name");
            break;
        case RecordType::a: {
            const Where hw = where.field("host");
            record.target = in.string_value(
                in.require(j, where, "host", "the host of the topology this name is"), hw);
            if (!topology.find_host(record.target)) {
                in.fail(hw, "unknown host \"" + record.target +
                                "\"; an A record names a host defined in \"nodes\"");
            }
            break;
        }
    }
    return record;
}

// A name that has an address: an A record, or a host's own name.
bool has_address(const Dns& dns, const Topology& topology, std::string_view name) {
    for (const DnsRecord* r : dns.find(name)) {
        if (r->type == RecordType::a) {
            return true;
        }
    }
    return dns.find(name).empty() && topology.find_host(name).has_value();
}

void check_records(const Dns& dns, const Topology& topology, const Where& zones,
                   const core::JsonReader& in,
                   const std::vector<std::pair<std::size_t, std::size_t>>& places) {
    const auto& records = dns.records();
    for (std::size_t i = 0; i < records.size(); ++i) {
        const DnsRecord& r = records[i];
        // Each level named: a JsonWhere points to its parent.
        const Where zw = zones.item(places[i].first);
        const Where list = zw.field("records");
        const Where rw = list.item(places[i].second);
        const auto same = dns.find(r.name);
        if (r.type == RecordType::cname && same.size() > 1) {
            in.fail(rw, "a CNAME must be the only record of its name (RFC 1034 3.6.2), and \"" +
                            r.name + "\" has " + std::to_string(same.size()));
        }
        if (r.type == RecordType::mx) {
            for (const DnsRecord* t : dns.find(r.target)) {
                if (t->type == RecordType::cname) {
                    in.fail(rw.field("exchanger"), "\"" + r.target +
                                                       "\" is an alias (CNAME); an MX must name "
                                                       "the exchanger itself (RFC 2181 10.3)");
                }
            }
            if (!has_address(dns, topology, r.target)) {
                in.fail(rw.field("exchanger"),
                        "\"" + r.target +
                            "\" has no address: expected an A record of that name or a host of "
                            "that name");
            }
        }
    }
}

}  // namespace

void read_dns(const json& j, const Where& where, const core::JsonReader& in, Topology& topology) {
    in.check_object(j, where, dns_fields, "the DNS");
    const json* zones = core::JsonReader::find(j, "zones");
    if (zones == nullptr) {
        return;
    }
    const Where zw = where.field("zones");
    in.expect_array(*zones, zw, "zones");
    Dns dns;
    std::vector<std::pair<std::size_t, std::size_t>> places;  // per record: zone, index
    for (std::size_t z = 0; z < zones->size(); ++z) {
        const json& zone_json = (*zones)[z];
        const Where w = zw.item(z);
        in.check_object(zone_json, w, zone_fields, "a zone");
        Zone zone;
        zone.origin = domain_field(zone_json, w, in, "origin", "the zone's domain");
        for (const Zone& other : dns.zones()) {
            if (core::iequals(other.origin, zone.origin)) {
                in.fail(w.field("origin"), "zone \"" + zone.origin + "\" given twice");
            }
        }
        zone.ttl = ttl_field(zone_json, w, in, default_ttl);
        dns.add_zone(zone);
        const json* records = core::JsonReader::find(zone_json, "records");
        if (records == nullptr) {
            continue;
        }
        const Where rw = w.field("records");
        in.expect_array(*records, rw, "records");
        for (std::size_t i = 0; i < records->size(); ++i) {
            DnsRecord record = read_record((*records)[i], rw.item(i), in, topology, zone.ttl, "");
            if (dns.zone_of(record.name) != &dns.zones().back()) {
                in.fail(rw.item(i).field("name"),
                        "\"" + record.name + "\" is not inside the zone \"" + zone.origin + "\"");
            }
            dns.add(std::move(record));
            places.emplace_back(z, i);
        }
    }
    check_records(dns, topology, zw, in, places);
    topology.dns = std::move(dns);
}

std::vector<DnsRecord> read_owner_records(const json& j, const Where& where,
                                          const core::JsonReader& in, const Topology& topology,
                                          std::string_view owner) {
    const Zone* zone = topology.dns.zone_of(owner);
    if (zone == nullptr) {
        in.fail(where, "\"" + std::string(owner) + "\" is inside no zone of the topology's DNS");
    }
    in.expect_array(j, where, "records such as {\"type\": \"MX\", ...}");
    std::vector<DnsRecord> records;
    for (std::size_t i = 0; i < j.size(); ++i) {
        records.push_back(read_record(j[i], where.item(i), in, topology, zone->ttl, owner));
        const DnsRecord& r = records.back();
        if (r.type == RecordType::mx && !has_address(topology.dns, topology, r.target)) {
            in.fail(where.item(i).field("exchanger"),
                    "\"" + r.target + "\" has no address in the topology's DNS");
        }
        if (r.type == RecordType::cname && j.size() > 1) {
            in.fail(where.item(i), "a CNAME must be the only record of its name (RFC 1034 3.6.2)");
        }
    }
    return records;
}

void read_resolver(const json& j, const Where& where, const core::JsonReader& in,
                   ResolverProps& resolver) {
    constexpr std::array<std::string_view, 3> fields{"latency", "timeout", "cache"};
    in.check_object(j, where, fields, "a resolver");
    const auto at_most_a_day = [&](const json& v, const Where& w, bool positive) {
        const core::Time t = in.duration_value(v, w, positive);
        if (t > core::Time::d(1)) {
            in.fail(w, "expected at most 1d");
        }
        return t;
    };
    if (const json* v = core::JsonReader::find(j, "latency")) {
        resolver.latency = at_most_a_day(*v, where.field("latency"), false);
    }
    if (const json* v = core::JsonReader::find(j, "timeout")) {
        resolver.timeout = at_most_a_day(*v, where.field("timeout"), true);
    }
    if (const json* v = core::JsonReader::find(j, "cache")) {
        resolver.cache = in.bool_value(*v, where.field("cache"));
    }
}

std::vector<std::string> read_domains(const json& j, const Where& where,
                                      const core::JsonReader& in) {
    in.expect_array(j, where, "mail domains such as \"example.edu\"");
    std::vector<std::string> domains;
    for (std::size_t i = 0; i < j.size(); ++i) {
        domains.push_back(in.string_value(j[i], where.item(i)));
        if (auto problem = domain_problem(domains.back())) {
            in.fail(where.item(i), "not a domain name: " + *problem);
        }
    }
    return domains;
}

void check_host_domains(const Where& nodes, const core::JsonReader& in, const Topology& topology) {
    std::unordered_map<std::string, HostId, core::IHash, core::IEqual> owner;
    for (HostId h = 0; h < topology.host_count(); ++h) {
        const auto& domains = topology.host(h).domains;
        const Where node = nodes.item(h);  // each level named: a JsonWhere points to its parent
        const Where list = node.field("domains");
        for (std::size_t i = 0; i < domains.size(); ++i) {
            const Where w = list.item(i);
            if (const auto other = topology.find_host(domains[i])) {
                in.fail(w, "\"" + domains[i] + "\" is the name of a host (/nodes/" +
                               std::to_string(*other) + "); a domain names no host");
            }
            const auto [it, added] = owner.try_emplace(domains[i], h);
            if (!added) {
                in.fail(w, "domain \"" + domains[i] + "\" is already taken by host \"" +
                               topology.name(it->second) + "\" (/nodes/" +
                               std::to_string(it->second) + ")");
            }
        }
    }
}

}  // namespace smtpsim::net
