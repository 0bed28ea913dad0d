// The simulated DNS of a topology: zones of MX, A and CNAME records
// (RFC 1035 3.3), so that mail can be addressed to a domain (user@example.edu)
// and routed by its mail exchangers (RFC 5321 5.1). An A record names a host
// of the topology instead of an IP address; every host's own name answers as
// an address too, so a host name without records is its own implicit MX.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ascii.hpp"
#include "core/enum_names.hpp"
#include "core/time.hpp"

namespace smtpsim::net {

enum class RecordType { mx, a, cname };
inline constexpr auto record_type_names = core::enum_names<RecordType>("MX", "A", "CNAME");

// The longest TTL a record may have: RFC 2181 8 allows up to 2^31 - 1 seconds;
// a simulated run is shorter, so a year is plenty and keeps expiry times small.
inline constexpr core::Time max_ttl = core::Time::d(365);
inline constexpr core::Time default_ttl = core::Time::h(1);

struct DnsRecord {
    std::string name;  // the owner name, as spelled in the file
    RecordType type = RecordType::a;
    std::uint16_t preference = 0;  // MX: lower is preferred (RFC 974)
    std::string target;            // MX: the exchanger; CNAME: the canonical name; A: the host
    core::Time ttl = default_ttl;
    bool operator==(const DnsRecord&) const = default;
};

struct Zone {
    std::string origin;  // "example.edu"
    core::Time ttl = default_ttl;
    bool operator==(const Zone&) const = default;
};

class Dns {
  public:
    bool empty() const { return zones_.empty(); }
    const std::vector<Zone>& zones() const { return zones_; }
    const std::vector<DnsRecord>& records() const { return records_; }
    void add_zone(Zone zone) { zones_.push_back(std::move(zone)); }
    void add(DnsRecord record);
    // The zone whose origin is `name` or ends it after a dot, the longest; or null.
    const Zone* zone_of(std::string_view name) const;
    // The records of one owner name (case-insensitive), in file order.
    std::vector<const DnsRecord*> find(std::string_view name) const;
    bool has(std::string_view name) const;
    // A record changed at an instant: the records of `name` become these.
    void replace(std::string_view name, std::vector<DnsRecord> records);
    bool operator==(const Dns& other) const {
        return zones_ == other.zones_ && records_ == other.records_;
    }

  private:
    void reindex();

    std::vector<Zone> zones_;
    std::vector<DnsRecord> records_;  // in file order
    std::unordered_map<std::string, std::vector<std::size_t>, core::IHash, core::IEqual> index_;
};

// What a resolver does for one host: how long a lookup takes, and whether
// answers are kept for their TTL (RFC 1035 7.4) or asked again every time.
struct ResolverProps {
    core::Time latency = core::Time::zero();  // from the query to the answer
    core::Time timeout = core::Time::s(5);    // a query that gets no answer fails after this
    bool cache = true;
    bool operator==(const ResolverProps&) const = default;
};

}  // namespace smtpsim::net
