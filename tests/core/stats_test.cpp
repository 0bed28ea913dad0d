#include "core/stats.hpp"

#include <gtest/gtest.h>

using smtpsim::core::Counters;
using smtpsim::core::Summary;

TEST(summary, percentiles_use_nearest_rank) {
    Summary s;
    for (int v : {15, 20, 35, 40, 50}) {  // the textbook nearest-rank example
        s.add(std::int64_t{v});
    }
    EXPECT_EQ(s.percentile(5), 15);
    EXPECT_EQ(s.percentile(30), 20);
    EXPECT_EQ(s.percentile(40), 20);
    EXPECT_EQ(s.percentile(50), 35);
    EXPECT_EQ(s.percentile(100), 50);
    EXPECT_EQ(s.percentile(0), 15);
}

TEST(summary, one_to_a_hundred) {
    Summary s;
    for (int v = 100; v >= 1; --v) {  // added out of order
        s.add(std::int64_t{v});
    }
    EXPECT_EQ(s.count(), 100u);
    EXPECT_DOUBLE_EQ(s.mean(), 50.5);
    EXPECT_EQ(s.min(), 1);
    EXPECT_EQ(s.max(), 100);
    EXPECT_EQ(s.percentile(50), 50);
    EXPECT_EQ(s.percentile(95), 95);
    EXPECT_EQ(s.percentile(99), 99);
    EXPECT_EQ(s.percentile(99.5), 100);
}

TEST(summary, empty_and_bad_percentile) {
    Summary s;
    EXPECT_EQ(s.percentile(50), 0);
    EXPECT_DOUBLE_EQ(s.mean(), 0.0);
    EXPECT_THROW(s.percentile(101), std::invalid_argument);
    EXPECT_THROW(s.percentile(-1), std::invalid_argument);
}

TEST(counters, count_by_name_in_name_order) {
    Counters c;
    c.add("sessions");
    c.add("bytes", 512);
    c.add("sessions", 2);
    EXPECT_EQ(c.get("sessions"), 3u);
    EXPECT_EQ(c.get("missing"), 0u);
    EXPECT_EQ(c.all().begin()->first, "bytes");
}
