// One host's routing table: Bellman-Ford as RIP applies it (RFC 2453 3.9.2).
#include "mta/distance_vector.hpp"

#include <gtest/gtest.h>

using namespace smtpsim;
using core::Time;
using mta::RoutingTable;

TEST(routing_table, a_host_starts_knowing_only_itself) {
    const RoutingTable table(1, 4, 16);
    EXPECT_TRUE(table.reachable(1));
    EXPECT_EQ(table.route(1).distance, 0u);
    EXPECT_FALSE(table.reachable(0));
    EXPECT_FALSE(table.route(3).known);
}

TEST(routing_table, a_shorter_route_replaces_a_longer_one_and_an_equal_one_does_not) {
    RoutingTable table(0, 4, 16);
    EXPECT_TRUE(table.offer(3, 1, 3, Time::s(1)));
    EXPECT_FALSE(table.offer(3, 2, 3, Time::s(2)));
    EXPECT_EQ(table.route(3).next, 1u);
    EXPECT_TRUE(table.offer(3, 2, 2, Time::s(3)));
    EXPECT_EQ(table.route(3).next, 2u);
    EXPECT_EQ(table.route(3).distance, 2u);
}

TEST(routing_table, the_current_next_hop_is_believed_even_when_the_route_got_worse) {
    RoutingTable table(0, 4, 16);
    table.offer(3, 1, 2, Time::s(1));
    EXPECT_TRUE(table.offer(3, 1, 5, Time::s(2)));
    EXPECT_EQ(table.route(3).distance, 5u);
    EXPECT_EQ(table.route(3).refreshed, Time::s(2));
    EXPECT_FALSE(table.offer(3, 2, 7, Time::s(3)));  // another host's worse route is not
}

TEST(routing_table, infinity_from_the_next_hop_makes_the_destination_unreachable) {
    RoutingTable table(0, 4, 16);
    table.offer(3, 1, 2, Time::s(1));
    EXPECT_TRUE(table.offer(3, 1, 15 + 1, Time::s(2)));
    EXPECT_FALSE(table.reachable(3));
    EXPECT_EQ(table.route(3).distance, 16u);
    EXPECT_TRUE(table.route(3).known);  // still advertised, at infinity
    EXPECT_FALSE(table.offer(3, 2, 16, Time::s(3)));
    EXPECT_FALSE(table.offer(0, 2, 1, Time::s(3)));  // never a route to itself
}

TEST(routing_table, a_cold_start_forgets_everything_but_itself) {
    RoutingTable table(2, 4, 16);
    table.offer(0, 1, 2, Time::s(1));
    table.reset();
    EXPECT_FALSE(table.reachable(0));
    EXPECT_FALSE(table.route(0).known);
    EXPECT_TRUE(table.reachable(2));
}
