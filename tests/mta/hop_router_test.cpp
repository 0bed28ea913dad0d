#include "mta/hop_router.hpp"

#include <gtest/gtest.h>

#include "sim_fixture.hpp"

namespace smtpsim {
namespace {

using testing::path;

struct Chain {
    // A - B - C: C is two hops from A.
    net::Topology topology = testing::topology_from(
        R"({"nodes": [{"name": "A"}, {"name": "B"}, {"name": "C"}],
            "links": [{"a": "A", "b": "B"}, {"a": "B", "b": "C"}]})");
    mta::Network network{topology};
    mta::HopRouter router{topology, network, mta::RoutingMode::next_hop, net::Metric::hops, false};
    net::HostId id(const char* name) const { return *topology.find_host(name); }
    mta::MailboxHost of(const char* name) const { return {static_cast<std::uint32_t>(id(name))}; }
};

TEST(hop_router, a_mailbox_host_is_looked_up_once_and_kept) {
    Chain c;
    mta::MailboxHost known;
    const auto host = c.router.mailbox_host(path("<x@c>"), known);
    ASSERT_TRUE(host.has_value());
    EXPECT_EQ(*host, c.id("C"));
    EXPECT_EQ(known.id, c.id("C"));
    // Kept: a later question about the same recipient does not look again.
    EXPECT_EQ(c.router.mailbox_host(path("<x@A>"), known).value(), c.id("C"));
}

TEST(hop_router, a_mailbox_host_not_in_the_topology_is_kept_as_unknown) {
    Chain c;
    mta::MailboxHost known;
    EXPECT_FALSE(c.router.mailbox_host(path("<x@Z>"), known).has_value());
    EXPECT_EQ(known.id, mta::MailboxHost::unknown);
    const mta::NextHop next = c.router.next_hop(c.id("A"), path("<x@Z>"), known);
    EXPECT_EQ(next.kind, mta::NextHop::Kind::none);
    EXPECT_EQ(next.why, mta::NextHop::Why::unknown_host);
}

TEST(hop_router, a_claimed_host_is_kept_only_when_the_path_names_it) {
    Chain c;
    EXPECT_EQ(c.router.confirmed(path("<x@c>"), c.of("C")).id, c.id("C"));
    EXPECT_EQ(c.router.confirmed(path("<x@B>"), c.of("C")).id, mta::MailboxHost::unresolved);
    EXPECT_EQ(c.router.confirmed(path("<x@C>"), {}).id, mta::MailboxHost::unresolved);
    EXPECT_EQ(c.router.confirmed(path("<x@C>"), {mta::MailboxHost::unknown}).id,
              mta::MailboxHost::unresolved);
}

TEST(hop_router, the_next_hop_by_a_known_host_is_the_next_hop_by_name) {
    Chain c;
    mta::MailboxHost by_name;
    mta::MailboxHost known = c.of("C");
    const mta::NextHop looked_up = c.router.next_hop(c.id("A"), path("<x@C>"), by_name);
    const mta::NextHop kept = c.router.next_hop(c.id("A"), path("<x@C>"), known);
    EXPECT_EQ(looked_up.kind, mta::NextHop::Kind::remote);
    EXPECT_EQ(looked_up.host, c.id("B"));
    EXPECT_EQ(kept.kind, looked_up.kind);
    EXPECT_EQ(kept.host, looked_up.host);
    mta::MailboxHost here = c.of("C");
    EXPECT_EQ(c.router.next_hop(c.id("C"), path("<x@C>"), here).kind, mta::NextHop::Kind::local);
}

}  // namespace
}  // namespace smtpsim
