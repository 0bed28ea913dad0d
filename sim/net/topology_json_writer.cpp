// Topology JSON, written: one host or link per line, every field at its
// default left out, so that parse_topology_json reads back an equivalent topology.
#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <type_traits>

#include "core/time.hpp"
#include "net/topology_io.hpp"
#include "net/units.hpp"
#include "smtp/transparency.hpp"

namespace smtpsim::net {
namespace {

using Json = nlohmann::ordered_json;

const HostProps& default_host() {
    static const HostProps defaults;
    return defaults;
}

// An optional setting's default is nothing, so one that differs is set.
template <typename T>
const T& present(const T& value) {
    return value;
}
template <typename T>
const T& present(const std::optional<T>& value) {
    return *value;
}

Json size_text(std::uint64_t bytes) {
    return format_size(bytes);
}
Json duration_text(core::Time t) {
    return core::format_duration(t);
}
Json eight_bit_text(smtp::EightBit policy) {
    return smtp::eight_bit_names(policy);
}

// host.*member as written, or nothing when the host keeps the default;
// `format` writes the value as text (none: as the JSON value it is).
template <auto member, auto format = nullptr>
std::optional<Json> unless_default(const HostProps& host) {
    const auto& value = host.*member;
    if (value == default_host().*member) {
        return std::nullopt;
    }
    if constexpr (std::is_null_pointer_v<decltype(format)>) {
        return Json(value);
    } else {
        return format(present(value));
    }
}

struct HostSettingWriter {
    const char* name;
    std::optional<Json> (*value)(const HostProps& host);
};

// In the order of the loader's host fields.
Json resolver_text(const ResolverProps& resolver);

constexpr std::array<HostSettingWriter, 11> host_setting_writers{{
    {"relay", unless_default<&HostProps::relay>},
    {"max_recipients", unless_default<&HostProps::max_recipients>},
    {"storage", unless_default<&HostProps::storage, size_text>},
    {"service_time", unless_default<&HostProps::service_time, duration_text>},
    {"max_sessions", unless_default<&HostProps::max_sessions>},
    {"accepts_turn", unless_default<&HostProps::accepts_turn>},
    {"strict_sequence", unless_default<&HostProps::strict_sequence>},
    {"eight_bit", unless_default<&HostProps::eight_bit, eight_bit_text>},
    {"accepts_connections", unless_default<&HostProps::accepts_connections>},
    {"poll_interval", unless_default<&HostProps::poll_interval, duration_text>},
    {"resolver", unless_default<&HostProps::resolver, resolver_text>},
}};

Json user_json(const User& user) {
    Json u;
    u["mailbox"] = user.mailbox;
    if (!user.full_name.empty()) {
        u["full_name"] = user.full_name;
    }
    if (!user.aliases.empty()) {
        u["aliases"] = user.aliases;
    }
    if (user.terminal_active) {
        u["terminal_active"] = true;
    }
    for (const Login& login : user.logins) {
        Json l;
        l["from"] = core::format_duration(login.from);
        if (login.to) {
            l["to"] = core::format_duration(*login.to);
        }
        u["logins"].push_back(std::move(l));
    }
    if (user.forward) {
        u["forward"] = {{"path", user.forward->path},
                        {"mode", user.forward->mode == ForwardMode::will_forward ? "will-forward"
                                                                                 : "please-try"}};
    }
    return u;
}

Json list_json(const MailingList& list) {
    Json l;
    l["name"] = list.name;
    l["members"] = Json::array();
    for (const ListMember& member : list.members) {
        l["members"].push_back(member.full_name.empty() ? member.path
                                                        : member.full_name + " " + member.path);
    }
    if (!list.expandable) {
        l["expandable"] = false;
    }
    if (!list.verifiable) {
        l["verifiable"] = false;
    }
    if (!list.owner.empty()) {
        l["owner"] = list.owner;
    }
    return l;
}

Json host_json(const HostProps& host) {
    Json j;
    j["name"] = host.name;
    for (const HostSettingWriter& setting : host_setting_writers) {
        if (std::optional<Json> value = setting.value(host)) {
            j[setting.name] = std::move(*value);
        }
    }
    for (const User& user : host.users) {
        j["users"].push_back(user_json(user));
    }
    for (const MailingList& list : host.lists) {
        j["lists"].push_back(list_json(list));
    }
    if (!host.domains.empty()) {
        j["domains"] = host.domains;
    }
    return j;
}

Json resolver_text(const ResolverProps& resolver) {
    const ResolverProps defaults;
    Json r = Json::object();
    if (resolver.latency != defaults.latency) {
        r["latency"] = core::format_duration(resolver.latency);
    }
    if (resolver.timeout != defaults.timeout) {
        r["timeout"] = core::format_duration(resolver.timeout);
    }
    if (resolver.cache != defaults.cache) {
        r["cache"] = resolver.cache;
    }
    return r;
}

Json dns_json(const Dns& dns) {
    Json zones = Json::array();
    for (const Zone& zone : dns.zones()) {
        Json z;
        z["origin"] = zone.origin;
        z["ttl"] = core::format_duration(zone.ttl);
        z["records"] = Json::array();
        for (const DnsRecord& r : dns.records()) {
            if (dns.zone_of(r.name) != &zone) {
                continue;
            }
            Json j;
            j["name"] = r.name;
            j["type"] = record_type_names(r.type);
            if (r.type == RecordType::mx) {
                j["preference"] = r.preference;
            }
            j[r.type == RecordType::mx  ? "exchanger"
              : r.type == RecordType::a ? "host"
                                        : "target"] = r.target;
            j["ttl"] = core::format_duration(r.ttl);
            z["records"].push_back(std::move(j));
        }
        zones.push_back(std::move(z));
    }
    return Json{{"zones", std::move(zones)}};
}

}  // namespace

void write_topology_json(std::ostream& out, const Topology& topology) {
    const Graph& g = topology.graph();
    out << "{\n";
    if (!topology.description.empty()) {
        out << "  \"description\": " << Json(topology.description).dump() << ",\n";
    }
    out << "  \"nodes\": [";
    for (HostId v = 0; v < topology.host_count(); ++v) {
        out << (v == 0 ? "\n    " : ",\n    ") << host_json(topology.host(v)).dump();
    }
    out << (topology.host_count() == 0 ? "],\n" : "\n  ],\n");
    out << "  \"links\": [";
    bool first = true;
    for (const LinkId e : boost::make_iterator_range(boost::edges(g))) {
        const LinkProps& link = topology.link(e);
        Json j;
        j["a"] = topology.name(boost::source(e, g));
        j["b"] = topology.name(boost::target(e, g));
        j["latency"] = core::format_duration(link.latency);
        j["bandwidth"] = format_rate(link.bandwidth);
        if (!link.up) {
            j["up"] = false;
        }
        out << (first ? "\n    " : ",\n    ") << j.dump();
        first = false;
    }
    out << (first ? "]" : "\n  ]");
    if (!topology.dns.empty()) {
        out << ",\n  \"dns\": " << dns_json(topology.dns).dump();
    }
    out << "\n}\n";
}

}  // namespace smtpsim::net
