#include "core/event_heap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <vector>

using smtpsim::core::detail::earlier;
using smtpsim::core::detail::EventHeap;
using smtpsim::core::detail::EventKey;

namespace {

bool same(const EventKey& a, const EventKey& b) {
    return a.time == b.time && a.key == b.key;
}

// Pops everything, checking each top against the sorted reference.
void expect_drains_in_order(EventHeap& heap, std::vector<EventKey> reference) {
    std::sort(reference.begin(), reference.end(), earlier);
    ASSERT_EQ(heap.size(), reference.size());
    for (const EventKey& expected : reference) {
        ASSERT_FALSE(heap.empty());
        ASSERT_TRUE(same(heap.top(), expected))
            << "got (" << heap.top().time << ", " << heap.top().key << "), expected ("
            << expected.time << ", " << expected.key << ")";
        heap.pop();
    }
    EXPECT_TRUE(heap.empty());
}

}  // namespace

TEST(event_heap, orders_by_time_then_key_including_negative_times) {
    EXPECT_TRUE(earlier({-5, 9}, {3, 1}));
    EXPECT_TRUE(earlier({3, 1}, {3, 2}));
    EXPECT_FALSE(earlier({3, 2}, {3, 1}));
    EXPECT_TRUE(earlier({3, UINT64_MAX}, {4, 0}));
    EXPECT_TRUE(earlier({INT64_MIN, 0}, {INT64_MAX, 0}));
    EXPECT_FALSE(earlier({7, 7}, {7, 7}));
}

TEST(event_heap, pops_in_order_under_random_pushes_and_pops) {
    std::mt19937_64 random(7);
    EventHeap heap;
    std::set<EventKey, decltype(&earlier)> reference(&earlier);
    std::uint64_t key = 0;
    for (int step = 0; step < 400'000; ++step) {
        // Pushes outnumber pops at first, then pops: the size passes every
        // shape of the last group (partly filled and full).
        const bool push = reference.empty() || random() % 100 < (step < 200'000 ? 60u : 40u);
        if (push) {
            const EventKey e{static_cast<std::int64_t>(random() % 500), ++key};
            heap.push(e);
            reference.insert(e);
        } else {
            ASSERT_TRUE(same(heap.top(), *reference.begin())) << "at step " << step;
            heap.pop();
            reference.erase(reference.begin());
        }
        ASSERT_EQ(heap.size(), reference.size());
    }
    expect_drains_in_order(heap, {reference.begin(), reference.end()});
}

TEST(event_heap, a_push_after_a_pop_fills_the_hole_it_left) {
    EventHeap heap;
    for (std::uint64_t k = 1; k <= 20; ++k) {
        heap.push({static_cast<std::int64_t>(k * 10), k});
    }
    heap.pop();  // (10, 1) leaves
    EXPECT_EQ(heap.size(), 19u);
    EXPECT_EQ(heap.top().time, 20);
    heap.push({5, 100});  // earlier than everything: takes the top
    EXPECT_EQ(heap.size(), 20u);
    EXPECT_EQ(heap.top().time, 5);
    heap.pop();
    heap.pop();  // two pops in a row: the first hole is filled from the end
    heap.push({1'000, 101});
    heap.push({15, 102});
    std::vector<EventKey> rest;
    for (std::uint64_t k = 3; k <= 20; ++k) {
        rest.push_back({static_cast<std::int64_t>(k * 10), k});
    }
    rest.push_back({1'000, 101});
    rest.push_back({15, 102});
    expect_drains_in_order(heap, rest);
}

TEST(event_heap, the_last_entry_can_leave_and_come_back) {
    EventHeap heap;
    heap.push({4, 1});
    heap.pop();
    EXPECT_TRUE(heap.empty());
    heap.push({2, 2});
    EXPECT_EQ(heap.size(), 1u);
    EXPECT_EQ(heap.top().key, 2u);
    heap.pop();
    EXPECT_TRUE(heap.empty());
}

TEST(event_heap, erase_if_keeps_the_rest_in_order) {
    std::mt19937_64 random(11);
    for (const int size : {0, 1, 2, 5, 17, 1'000, 30'000}) {
        EventHeap heap;
        std::vector<EventKey> kept;
        for (int i = 0; i < size; ++i) {
            const EventKey e{static_cast<std::int64_t>(random() % 100),
                             static_cast<std::uint64_t>(i)};
            heap.push(e);
            if (e.key % 3 != 0) {
                kept.push_back(e);
            }
        }
        // With a hole open (a pop just before), as after an event ran.
        if (size > 0) {
            const EventKey first = heap.top();
            heap.pop();
            std::erase_if(kept, [&](const EventKey& e) { return same(e, first); });
        }
        heap.erase_if([](const EventKey& e) { return e.key % 3 == 0; });
        expect_drains_in_order(heap, kept);
    }
}

TEST(event_heap, keeps_the_four_children_of_a_node_in_one_cache_line) {
    EventHeap heap;
    for (std::uint64_t k = 0; k < 100; ++k) {
        heap.push({0, k});
    }
    const auto children = reinterpret_cast<std::uintptr_t>(&heap.top() + 1);
    EXPECT_EQ(children % 64, 0u);
}

TEST(event_heap, a_moved_heap_keeps_its_entries_and_leaves_an_empty_one) {
    EventHeap heap;
    for (std::uint64_t k = 1; k <= 300; ++k) {
        heap.push({static_cast<std::int64_t>(k % 7), k});
    }
    heap.pop();
    EventHeap moved(std::move(heap));
    EXPECT_TRUE(heap.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is defined
    heap.push({1, 1});
    EXPECT_EQ(heap.top().key, 1u);
    EXPECT_EQ(moved.size(), 299u);
    heap = std::move(moved);
    EXPECT_EQ(heap.size(), 299u);
    std::int64_t last = -1;
    while (!heap.empty()) {
        EXPECT_GE(heap.top().time, last);
        last = heap.top().time;
        heap.pop();
    }
}
