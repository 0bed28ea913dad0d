#include "compare/interval.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

using smtpsim::compare::estimate_mean;
using smtpsim::compare::student_t95;

TEST(interval, student_t_matches_the_tables) {
    EXPECT_DOUBLE_EQ(student_t95(1), 12.706);
    EXPECT_DOUBLE_EQ(student_t95(4), 2.776);
    EXPECT_DOUBLE_EQ(student_t95(9), 2.262);
    EXPECT_DOUBLE_EQ(student_t95(30), 2.042);
    // Beyond the table, the expansion: exact values 2.0395, 2.0003, 1.9799, 1.9623.
    EXPECT_NEAR(student_t95(31), 2.0395, 2e-4);
    EXPECT_NEAR(student_t95(60), 2.0003, 2e-4);
    EXPECT_NEAR(student_t95(120), 1.9799, 2e-4);
    EXPECT_NEAR(student_t95(1000), 1.9623, 2e-4);
    EXPECT_TRUE(std::isnan(student_t95(0)));
}

TEST(interval, five_values_give_the_interval_computed_by_hand) {
    // mean 3; sample variance (4+1+0+1+4)/4 = 2.5; half-width t(4) * sqrt(2.5/5).
    const std::vector<double> values{1, 2, 3, 4, 5};
    const auto e = estimate_mean(values);
    EXPECT_EQ(e.n, 5u);
    EXPECT_DOUBLE_EQ(e.mean, 3.0);
    EXPECT_DOUBLE_EQ(e.stddev, std::sqrt(2.5));
    EXPECT_NEAR(e.half_width, 2.776 * std::sqrt(0.5), 1e-12);
    EXPECT_NEAR(e.half_width, 1.96292, 1e-5);
}

TEST(interval, equal_values_have_no_width) {
    const std::vector<double> values{0.25, 0.25, 0.25};
    const auto e = estimate_mean(values);
    EXPECT_DOUBLE_EQ(e.mean, 0.25);
    EXPECT_DOUBLE_EQ(e.half_width, 0.0);
}

TEST(interval, values_a_run_cannot_have_are_left_out) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> values{10, nan, 14};
    const auto e = estimate_mean(values);
    EXPECT_EQ(e.n, 2u);
    EXPECT_DOUBLE_EQ(e.mean, 12.0);
    // sd = sqrt(8), half-width = 12.706 * sqrt(8) / sqrt(2) = 12.706 * 2
    EXPECT_NEAR(e.half_width, 25.412, 1e-9);
}

TEST(interval, one_value_has_a_mean_but_no_interval_and_none_has_neither) {
    const std::vector<double> one{7};
    EXPECT_DOUBLE_EQ(estimate_mean(one).mean, 7.0);
    EXPECT_TRUE(std::isnan(estimate_mean(one).half_width));
    const std::vector<double> none{};
    EXPECT_TRUE(std::isnan(estimate_mean(none).mean));
    EXPECT_EQ(estimate_mean(none).n, 0u);
}
