// The topology model: host lookups and the name index.
#include "net/topology.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "core/ascii.hpp"

namespace smtpsim::net {

using core::iequals;
using core::to_upper_ascii;

const User* HostProps::find_mailbox(std::string_view local_part) const {
    for (const User& user : users) {
        if (iequals(user.mailbox, local_part)) {
            return &user;
        }
    }
    return nullptr;
}

std::vector<const User*> HostProps::match_users(std::string_view name) const {
    std::vector<const User*> matches;
    for (const User& user : users) {
        const bool alias = std::any_of(user.aliases.begin(), user.aliases.end(),
                                       [&](const std::string& a) { return iequals(a, name); });
        if (alias || iequals(user.mailbox, name)) {
            matches.push_back(&user);
        }
    }
    return matches;
}

const MailingList* HostProps::find_list(std::string_view name) const {
    for (const MailingList& list : lists) {
        if (iequals(list.name, name)) {
            return &list;
        }
    }
    return nullptr;
}

Topology::Topology(const Topology& other)
    : description(other.description),
      dns(other.dns),
      graph_(std::make_unique<Graph>(*other.graph_)),
      index_(other.index_),
      domains_(other.domains_) {}

// A moved-from topology is left with an empty graph, by construction or by
// assignment alike.
Topology::Topology(Topology&& other) noexcept
    : description(std::move(other.description)),
      dns(std::move(other.dns)),
      graph_(std::exchange(other.graph_, std::make_unique<Graph>())),
      index_(std::move(other.index_)),
      domains_(std::move(other.domains_)) {}

Topology& Topology::operator=(const Topology& other) {
    if (this != &other) {
        *this = Topology(other);
    }
    return *this;
}

Topology& Topology::operator=(Topology&& other) noexcept {
    description = std::move(other.description);
    dns = std::move(other.dns);
    graph_ = std::exchange(other.graph_, std::make_unique<Graph>());
    index_ = std::move(other.index_);
    domains_ = std::move(other.domains_);
    return *this;
}

std::pair<HostId, bool> Topology::add_host(HostProps props) {
    auto [it, inserted] = index_.try_emplace(props.name, HostId{});
    if (!inserted) {
        return {it->second, false};
    }
    // add_vertex(props, graph_) would copy them: the new vertex takes them instead.
    it->second = boost::add_vertex(*graph_);
    for (const std::string& domain : props.domains) {
        domains_.try_emplace(domain, it->second);  // the loader refuses a domain taken twice
    }
    (*graph_)[it->second] = std::move(props);
    return {it->second, true};
}

LinkId Topology::add_link(HostId a, HostId b, LinkProps props) {
    return boost::add_edge(a, b, props, *graph_).first;
}

std::optional<HostId> Topology::find_host(std::string_view name) const {
    const auto it = index_.find(name);  // no copy: the index hashes ignoring case
    if (it == index_.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::optional<HostId> Topology::domain_host(std::string_view domain) const {
    const auto it = domains_.find(domain);
    if (it == domains_.end()) {
        return std::nullopt;
    }
    return it->second;
}

namespace {

// Links as (upper-cased lower name, upper-cased higher name, props), sorted.
std::vector<std::tuple<std::string, std::string, LinkProps>> link_list(const Topology& t) {
    std::vector<std::tuple<std::string, std::string, LinkProps>> links;
    for (const LinkId e : boost::make_iterator_range(boost::edges(t.graph()))) {
        std::string a = to_upper_ascii(t.name(boost::source(e, t.graph())));
        std::string b = to_upper_ascii(t.name(boost::target(e, t.graph())));
        if (b < a) {
            std::swap(a, b);
        }
        links.emplace_back(std::move(a), std::move(b), t.link(e));
    }
    std::sort(links.begin(), links.end(), [](const auto& x, const auto& y) {
        return std::tie(std::get<0>(x), std::get<1>(x)) < std::tie(std::get<0>(y), std::get<1>(y));
    });
    return links;
}

}  // namespace

bool equivalent(const Topology& a, const Topology& b) {
    if (a.host_count() != b.host_count() || a.link_count() != b.link_count()) {
        return false;
    }
    for (HostId v = 0; v < a.host_count(); ++v) {
        const auto other = b.find_host(a.name(v));
        if (!other || !(a.host(v) == b.host(*other))) {
            return false;
        }
    }
    return a.dns == b.dns && link_list(a) == link_list(b);
}

}  // namespace smtpsim::net
