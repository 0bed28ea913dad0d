// Reading the simulated DNS from JSON: a topology's "dns" zones, and the
// records a failure plan's "dns_change" gives. Every error names the file,
// the JSON pointer and what was expected (topologies/topology.schema.json).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "core/json_input.hpp"
#include "net/dns.hpp"
#include "net/topology.hpp"

namespace smtpsim::net {

// Reads `j` (the topology's "dns") into topology.dns, after its hosts, and
// checks the whole: names inside their zone, one zone per origin, a CNAME
// alone at its name (RFC 1034 3.6.2), an MX exchanger that has an address
// and is no alias (RFC 2181 10.3), A records naming hosts of the topology.
void read_dns(const nlohmann::json& j, const core::JsonWhere& where, const core::JsonReader& in,
              Topology& topology);
// The records of one owner name, each as in a zone but without "name":
// what a "dns_change" at `where` gives for `owner` in the topology's DNS.
std::vector<DnsRecord> read_owner_records(const nlohmann::json& j, const core::JsonWhere& where,
                                          const core::JsonReader& in, const Topology& topology,
                                          std::string_view owner);
// A host's "resolver" settings, over `resolver` (its defaults).
void read_resolver(const nlohmann::json& j, const core::JsonWhere& where,
                   const core::JsonReader& in, ResolverProps& resolver);
// A host's "domains", each a domain name.
std::vector<std::string> read_domains(const nlohmann::json& j, const core::JsonWhere& where,
                                      const core::JsonReader& in);
// The hosts' "domains" (mail domains they take as their own): each named by
// one host only and not another host's name. `nodes` is where hosts are.
void check_host_domains(const core::JsonWhere& nodes, const core::JsonReader& in,
                        const Topology& topology);

}  // namespace smtpsim::net
