#include "compare/interval.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

using smtpsim::compare::estimate_mean;
using smtpsim::compare::student_t95;

TEST(interval, student_t_matches_the_tables) {
    // t(0.975, df) to 7 digits (NIST/SEMATECH e-Handbook 1.3.6.7.2, R's qt).
    EXPECT_NEAR(student_t95(1), 12.7062047, 1e-6);
    EXPECT_NEAR(student_t95(4), 2.7764451, 1e-6);
    EXPECT_NEAR(student_t95(9), 2.2621572, 1e-6);
    EXPECT_NEAR(student_t95(30), 2.0422725, 1e-6);
    EXPECT_NEAR(student_t95(120), 1.9799304, 1e-6);
    EXPECT_NEAR(student_t95(1000), 1.9623391, 1e-6);
    EXPECT_TRUE(std::isnan(student_t95(0)));
}

TEST(interval, a_paired_difference_is_the_interval_of_the_seed_by_seed_differences) {
    // Differences 2, 3, 2: mean 7/3, sample variance (1/9 + 4/9 + 1/9) / 2 = 1/3,
    // half-width t(2) * sqrt(1/3) / sqrt(3) = 4.3026527 / 3.
    const std::vector<double> values{3, 5, 4};
    const std::vector<double> baseline{1, 2, 2};
    const auto d = smtpsim::compare::estimate_difference(values, baseline);
    EXPECT_EQ(d.n, 3u);
    EXPECT_NEAR(d.mean, 7.0 / 3.0, 1e-12);
    EXPECT_NEAR(d.half_width, 4.3026527 / 3.0, 1e-6);
    EXPECT_TRUE(d.excludes_zero());
    // Unpaired, the two means' intervals overlap: 4 ± 2.48 against 1.67 ± 1.43.
    EXPECT_LT(estimate_mean(values).mean - estimate_mean(values).half_width,
              estimate_mean(baseline).mean + estimate_mean(baseline).half_width);
}

TEST(interval, a_pair_with_a_value_a_run_cannot_have_is_left_out) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> values{1, nan, 3};
    const std::vector<double> baseline{1, 5, nan};
    const auto d = smtpsim::compare::estimate_difference(values, baseline);
    EXPECT_EQ(d.n, 1u);
    EXPECT_DOUBLE_EQ(d.mean, 0.0);
    EXPECT_FALSE(d.excludes_zero());
}

TEST(interval, five_values_give_the_interval_computed_by_hand) {
    // mean 3; sample variance (4+1+0+1+4)/4 = 2.5; half-width t(4) * sqrt(2.5/5).
    const std::vector<double> values{1, 2, 3, 4, 5};
    const auto e = estimate_mean(values);
    EXPECT_EQ(e.n, 5u);
    EXPECT_DOUBLE_EQ(e.mean, 3.0);
    EXPECT_DOUBLE_EQ(e.stddev, std::sqrt(2.5));
    EXPECT_NEAR(e.half_width, 2.7764451 * std::sqrt(0.5), 1e-6);
    EXPECT_NEAR(e.half_width, 1.963243, 1e-6);
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
    // sd = sqrt(8), half-width = t(1) * sqrt(8) / sqrt(2) = 12.7062047 * 2
    EXPECT_NEAR(e.half_width, 25.4124094, 1e-6);
}

TEST(interval, one_value_has_a_mean_but_no_interval_and_none_has_neither) {
    const std::vector<double> one{7};
    EXPECT_DOUBLE_EQ(estimate_mean(one).mean, 7.0);
    EXPECT_TRUE(std::isnan(estimate_mean(one).half_width));
    const std::vector<double> none{};
    EXPECT_TRUE(std::isnan(estimate_mean(none).mean));
    EXPECT_EQ(estimate_mean(none).n, 0u);
}
