// One host's routing table: Bellman-Ford as RIP applies it (RFC 2453 3.9.2),
// kept compact (only what the host heard of); and the bounded queue of
// updates on each link direction.
#include "mta/distance_vector.hpp"

#include <gtest/gtest.h>

using namespace smtpsim;
using mta::RouteSet;
using mta::RoutingTable;
using mta::SplitHorizon;
using mta::Update;
using mta::UpdateQueue;

namespace {

std::vector<net::HostId> merged(RoutingTable& table, const RouteSet& update, net::HostId via,
                                SplitHorizon split = SplitHorizon::none,
                                RoutingTable::Stamp expires = 10) {
    std::vector<net::HostId> changed;
    table.merge(update, via, 1, split, expires, changed);
    return changed;
}

}  // namespace

TEST(routing_table, a_host_starts_knowing_only_itself) {
    const RoutingTable table(1, 16);
    EXPECT_TRUE(table.reachable(1));
    EXPECT_EQ(table.route(1)->distance, 0u);
    EXPECT_FALSE(table.reachable(0));
    EXPECT_FALSE(table.route(3).has_value());
    EXPECT_EQ(table.size(), 1u);
}

TEST(routing_table, a_shorter_route_replaces_a_longer_one_and_an_equal_one_does_not) {
    RoutingTable table(0, 16);
    EXPECT_TRUE(table.offer(3, 1, 3, 1));
    EXPECT_FALSE(table.offer(3, 2, 3, 2));
    EXPECT_EQ(table.route(3)->next, 1u);
    EXPECT_TRUE(table.offer(3, 2, 2, 3));
    EXPECT_EQ(table.route(3)->next, 2u);
    EXPECT_EQ(table.route(3)->distance, 2u);
}

TEST(routing_table, the_current_next_hop_is_believed_even_when_the_route_got_worse) {
    RoutingTable table(0, 16);
    table.offer(3, 1, 2, 1);
    EXPECT_TRUE(table.offer(3, 1, 5, 2));
    EXPECT_EQ(table.route(3)->distance, 5u);
    EXPECT_EQ(table.stamp(3), 2u);          // refreshed
    EXPECT_FALSE(table.offer(3, 2, 7, 3));  // another host's worse route is not
    EXPECT_EQ(table.stamp(3), 2u);          // nor does it refresh
    EXPECT_FALSE(table.offer(3, 1, 5, 4));  // the same again: no change,
    EXPECT_EQ(table.stamp(3), 4u);          // but refreshed
}

TEST(routing_table, infinity_from_the_next_hop_makes_the_destination_unreachable) {
    RoutingTable table(0, 16);
    table.offer(3, 1, 2, 1);
    EXPECT_TRUE(table.offer(3, 1, 15 + 1, 2));
    EXPECT_FALSE(table.reachable(3));
    EXPECT_EQ(table.route(3)->distance, 16u);
    EXPECT_TRUE(table.route(3).has_value());  // still advertised, at infinity
    EXPECT_FALSE(table.offer(3, 2, 16, 3));
    EXPECT_FALSE(table.offer(0, 2, 1, 3));   // never a route to itself
    EXPECT_FALSE(table.offer(5, 2, 16, 3));  // an unreachable stranger is not kept
    EXPECT_FALSE(table.route(5).has_value());
}

TEST(routing_table, a_cold_start_forgets_everything_but_itself_and_frees_the_memory) {
    RoutingTable table(2, 16);
    for (net::HostId d = 3; d < 1000; ++d) {
        table.offer(d, 1, 2, 1);
    }
    const std::size_t full = table.bytes();
    table.reset();
    EXPECT_FALSE(table.reachable(0));
    EXPECT_FALSE(table.route(3).has_value());
    EXPECT_TRUE(table.reachable(2));
    EXPECT_LT(table.bytes(), full / 10);
}

TEST(routing_table, holds_only_the_pages_of_the_destinations_it_heard_of) {
    // Host 7 of a million-host topology that has heard of three others: four
    // pages of 64 destinations, whatever the size of the topology.
    RoutingTable table(7, 16);
    std::vector<net::HostId> changed;
    table.merge({{100, 100, 0}, {500'000, 3, 4}, {999'999, 9, 1}}, 100, 1, SplitHorizon::none, 5,
                changed);
    EXPECT_EQ(changed, (std::vector<net::HostId>{100, 500'000, 999'999}));
    EXPECT_EQ(table.size(), 4u);
    EXPECT_EQ(table.routes().pages().size(), 4u);
    constexpr std::size_t page = sizeof(RouteSet::Page) + sizeof(RouteSet::PageRef) +
                                 RouteSet::page_size * sizeof(RoutingTable::Stamp);
    EXPECT_LE(table.bytes(), 4 * page);
    EXPECT_EQ(table.route(500'000)->distance, 5u);
    EXPECT_EQ(table.route(500'000)->next, 100u);
}

TEST(routing_table, a_full_table_costs_twelve_bytes_a_route) {
    // Every destination of a 10,000-host topology: 8 bytes a route in its
    // page and a 4-byte stamp, plus about half a byte of page overhead.
    // Learned as a host learns, from whole updates.
    RoutingTable table(0, 16);
    for (net::HostId step = 1; step <= 4; ++step) {
        RoutingTable neighbour(1, 16);
        for (net::HostId d = 2; d < step * 2'500; ++d) {
            neighbour.offer(d, 2, 1, 1);
        }
        std::vector<net::HostId> changed;
        table.merge(neighbour.routes(), 1, 1, SplitHorizon::none, 1, changed);
    }
    EXPECT_EQ(table.size(), 10'000u);
    EXPECT_EQ(sizeof(RouteSet::Page), 8u + 64u * 8u);
    EXPECT_LT(static_cast<double>(table.bytes()) / 10'000, 13.0);
}

TEST(routing_table, a_merge_is_the_offers_of_its_routes_in_order) {
    // The same routes offered one by one and merged at once end the same.
    RoutingTable one(0, 16);
    RoutingTable all(0, 16);
    for (RoutingTable* t : {&one, &all}) {
        t->offer(2, 1, 1, 1);
        t->offer(4, 5, 3, 1);
        t->offer(6, 1, 2, 1);
    }
    const RouteSet update{{1, 1, 0}, {2, 7, 5}, {3, 3, 1}, {4, 7, 1}, {6, 7, 15}};
    std::vector<net::HostId> offered;
    for (const auto& r : update.list()) {
        if (one.offer(r.destination, 1, r.distance + 1, 9)) {
            offered.push_back(r.destination);
        }
    }
    EXPECT_EQ(merged(all, update, 1, SplitHorizon::none, 9), offered);
    ASSERT_EQ(one.size(), all.size());
    const auto one_routes = one.routes().list();
    const auto all_routes = all.routes().list();
    for (std::size_t i = 0; i < one.size(); ++i) {
        const auto& a = one_routes[i];
        const auto& b = all_routes[i];
        EXPECT_EQ(a.destination, b.destination);
        EXPECT_EQ(a.next, b.next) << a.destination;
        EXPECT_EQ(a.distance, b.distance) << a.destination;
        EXPECT_EQ(one.stamp(a.destination), all.stamp(b.destination)) << a.destination;
    }
    EXPECT_EQ(all.route(2)->distance, 6u);  // worse, but from the next hop
    EXPECT_FALSE(all.reachable(6));         // infinity from the next hop
    EXPECT_EQ(all.route(4)->next, 1u);      // better through 1
}

TEST(routing_table, split_horizon_leaves_out_or_poisons_what_was_learned_from_the_receiver) {
    // Host 1 tells host 0 about destination 5, which it reaches through 0.
    const RouteSet update{{1, 1, 0}, {5, 0, 2}};
    RoutingTable simple(0, 16);
    simple.offer(5, 1, 9, 1);
    EXPECT_EQ(merged(simple, update, 1, SplitHorizon::simple), std::vector<net::HostId>{1});
    EXPECT_EQ(simple.route(5)->distance, 9u);
    RoutingTable poisoned(0, 16);
    poisoned.offer(5, 1, 9, 1);
    merged(poisoned, update, 1, SplitHorizon::poisoned_reverse);
    EXPECT_FALSE(poisoned.reachable(5));
    RoutingTable none(0, 16);
    none.offer(5, 1, 9, 1);
    merged(none, update, 1, SplitHorizon::none);
    EXPECT_EQ(none.route(5)->distance, 3u);
}

TEST(routing_table, a_snapshot_keeps_the_routes_as_they_were_sent) {
    RoutingTable table(0, 16);
    table.offer(3, 1, 2, 1);
    const RoutingTable::Snapshot sent = table.snapshot();
    EXPECT_EQ(sent.get(), &table.routes());  // shared, not copied
    table.offer(4, 1, 2, 1);
    table.lose(3);
    ASSERT_EQ(sent->size(), 2u);
    EXPECT_EQ(sent->list()[1].destination, 3u);
    EXPECT_EQ(sent->list()[1].distance, 2u);
    EXPECT_FALSE(table.reachable(3));
    // Refreshing alone (the stamps) does not copy the routes.
    const RoutingTable::Snapshot again = table.snapshot();
    EXPECT_FALSE(table.offer(4, 1, 2, 7));
    EXPECT_EQ(again.get(), &table.routes());
}

TEST(routing_table, a_change_while_an_update_is_on_its_way_copies_one_page) {
    RoutingTable table(0, 16);
    for (net::HostId d = 1; d < 640; ++d) {
        table.offer(d, 1, 2, 1);
    }
    const RoutingTable::Snapshot sent = table.snapshot();
    table.offer(130, 2, 1, 1);  // page 2
    ASSERT_EQ(sent->pages().size(), 10u);
    std::size_t shared = 0;
    for (std::size_t i = 0; i < 10; ++i) {
        shared += sent->pages()[i].page == table.routes().pages()[i].page ? 1 : 0;
    }
    EXPECT_EQ(shared, 9u);
    EXPECT_NE(sent->pages()[2].page, table.routes().pages()[2].page);
    EXPECT_EQ(sent->find(130)->next, 1u);
    EXPECT_EQ(table.route(130)->next, 2u);
    EXPECT_EQ(sent->size(), table.size());
    // A new destination in a new page: the sent routes do not gain it.
    table.offer(5'000, 1, 3, 1);
    EXPECT_EQ(table.size(), sent->size() + 1);
    EXPECT_FALSE(sent->find(5'000).has_value());
}

TEST(routing_table, routes_expire_at_their_stamp_counted_as_serial_numbers) {
    RoutingTable table(0, 16);
    table.offer(1, 1, 1, 0xFFFF'FFF0u);
    table.offer(2, 1, 2, 0xFFFF'FFFEu);  // just before the stamps wrap round
    table.offer(3, 1, 2, 3);             // just after
    std::vector<net::HostId> lost;
    table.expire(0xFFFF'FFEFu, lost);
    EXPECT_EQ(lost, std::vector<net::HostId>{});
    table.expire(0xFFFF'FFFEu, lost);
    EXPECT_EQ(lost, (std::vector<net::HostId>{1, 2}));
    table.expire(2, lost);
    EXPECT_EQ(lost, (std::vector<net::HostId>{1, 2}));
    table.expire(3, lost);
    EXPECT_EQ(lost, (std::vector<net::HostId>{1, 2, 3}));
    EXPECT_TRUE(table.reachable(0));
}

TEST(update_queue, one_goes_at_once_and_a_newer_one_replaces_the_waiting_one) {
    UpdateQueue queue(3);
    const std::size_t d = 2 * 1 + 1;  // link 1, from its b end
    const auto update = [](net::HostId from) { return Update{.from = from, .to = 9, .link = 1}; };
    EXPECT_TRUE(queue.offer(d, update(4)));
    EXPECT_EQ(queue.length(d), 1u);
    EXPECT_FALSE(queue.offer(d, update(5)));
    EXPECT_FALSE(queue.offer(d, update(6)));  // in place of 5, which is never sent
    EXPECT_FALSE(queue.offer(d, update(7)));
    EXPECT_EQ(queue.length(d), 2u);
    EXPECT_EQ(queue.replaced(), 2u);
    EXPECT_EQ(queue.length(d - 1), 0u);  // the other direction is free
    EXPECT_EQ(queue.arrived(d).from, 4u);
    ASSERT_NE(queue.on_its_way(d), nullptr);
    EXPECT_EQ(queue.on_its_way(d)->from, 7u);  // the newest one goes
    EXPECT_EQ(queue.length(d), 1u);
    EXPECT_EQ(queue.arrived(d).from, 7u);
    EXPECT_EQ(queue.on_its_way(d), nullptr);
    EXPECT_EQ(queue.longest(), UpdateQueue::bound);
}

TEST(update_queue, a_sender_that_goes_down_forgets_what_waited) {
    UpdateQueue queue(1);
    queue.offer(0, Update{.from = 0, .to = 1, .link = 0});
    queue.offer(0, Update{.from = 0, .to = 1, .link = 0});
    queue.forget_waiting(0);
    EXPECT_EQ(queue.length(0), 1u);
    queue.arrived(0);
    EXPECT_EQ(queue.length(0), 0u);
}

TEST(update_queue, a_triggered_update_that_waits_gathers_the_changes_and_a_full_one_covers_them) {
    UpdateQueue queue(1);
    const auto triggered = [](std::initializer_list<net::HostId> destinations) {
        Update update{.from = 0, .to = 1, .link = 0, .full = false};
        for (const net::HostId d : destinations) {
            update.destinations.add(d);
        }
        return update;
    };
    EXPECT_TRUE(queue.offer(0, triggered({3})));
    EXPECT_FALSE(queue.offer(0, triggered({200, 5})));
    EXPECT_FALSE(queue.offer(0, triggered({5, 70})));
    queue.arrived(0);
    std::vector<net::HostId> waiting;
    queue.on_its_way(0)->destinations.for_each([&](net::HostId d) { waiting.push_back(d); });
    EXPECT_EQ(waiting, (std::vector<net::HostId>{5, 70, 200}));  // in order, once each
    EXPECT_FALSE(queue.offer(0, Update{.from = 0, .to = 1, .link = 0}));
    EXPECT_FALSE(queue.offer(0, triggered({9})));  // the full vector that waits holds it
    queue.arrived(0);
    EXPECT_TRUE(queue.on_its_way(0)->full);
    EXPECT_EQ(queue.replaced(), 2u);  // two joined what waited
}

TEST(routing_table, a_triggered_update_is_the_offers_of_its_routes) {
    RoutingTable table(0, 16);
    const std::vector<mta::Route> update{{1, 2, 0}, {2, 2, 0}, {7, 2, 3}, {9, 0, 1}};
    std::vector<net::HostId> changed;
    table.merge(std::span<const mta::Route>(update), 2, 1, SplitHorizon::simple, 10, changed);
    // 9 was learned from this host: split horizon leaves it out.
    EXPECT_EQ(changed, (std::vector<net::HostId>{1, 2, 7}));
    EXPECT_EQ(table.route(7)->distance, 4u);
    EXPECT_FALSE(table.route(9));
    changed.clear();
    const std::vector<mta::Route> worse{{7, mta::Route::none, 16}};
    table.merge(std::span<const mta::Route>(worse), 2, 1, SplitHorizon::simple, 10, changed);
    EXPECT_EQ(changed, (std::vector<net::HostId>{7}));
    EXPECT_FALSE(table.reachable(7));  // infinity from the next hop
}
