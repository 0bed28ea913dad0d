#include "core/suggest.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string_view>
#include <vector>

using smtpsim::core::edit_distance;
using smtpsim::core::nearest;

TEST(suggest, edit_distance_ignores_case) {
    EXPECT_EQ(edit_distance("routing", "ROUTING"), 0u);
    EXPECT_EQ(edit_distance("rouing", "routing"), 1u);
    EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(suggest, nearest_gives_a_near_miss_or_nothing) {
    const std::vector<std::string> commands{"run", "compare", "receive", "route", "topology"};
    EXPECT_EQ(nearest("rn", commands), "run");
    EXPECT_EQ(nearest("topolgy", commands), "topology");
    EXPECT_EQ(nearest("frobnicate", commands), std::nullopt);
    constexpr std::array<std::string_view, 2> fields{"latency", "bandwidth"};
    EXPECT_EQ(nearest("latncy", fields), "latency");
}
