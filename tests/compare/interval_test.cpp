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

TEST(interval, a_proportion_has_wilsons_interval_for_its_effective_recipients) {
    using smtpsim::compare::estimate_proportion;
    // Shares 0.2, 0.4, 0.6 of 300 recipients: mean 0.4, s^2 = 0.04, so the
    // effective recipients are 0.4 * 0.6 * 3 / 0.04 = 18; z = t(2) = 4.3026527,
    // z^2/n = 1.0284900, centre (0.4 + 0.5142450) / 2.0284900 = 0.4507022,
    // half-width z / 2.0284900 * sqrt(0.24/18 + 1.0284900/72) = 0.3524998.
    const std::vector<double> values{0.2, 0.4, 0.6};
    const auto e = estimate_proportion(values, 300);
    EXPECT_NEAR(e.mean, 0.4, 1e-12);
    EXPECT_NEAR(e.low, 0.4507022 - 0.3524998, 1e-6);
    EXPECT_NEAR(e.high, 0.4507022 + 0.3524998, 1e-6);
    // Student's t would give 0.4 ± 0.497: below 0.
    EXPECT_LT(e.mean - e.half_width, 0.0);
}

TEST(interval, a_proportion_near_one_stays_within_zero_and_one) {
    using smtpsim::compare::estimate_proportion;
    // The case: two seeds 0.5 and 1.0 give 0.75 ± 3.18 by Student's t.
    const std::vector<double> two{0.5, 1.0};
    const auto e = estimate_proportion(two, 80);
    EXPECT_GE(e.low, 0.0);
    EXPECT_LE(e.high, 1.0);
    EXPECT_GT(e.mean + e.half_width, 1.0);
    EXPECT_LE(e.low, e.mean);
    EXPECT_GE(e.high, e.mean);
}

TEST(interval, runs_that_agree_give_wilsons_interval_for_all_their_recipients) {
    using smtpsim::compare::estimate_proportion;
    // 5 runs of 20 recipients, all delivered: 100 of 100, z = t(4) = 2.7764451:
    // [100 / (100 + z^2), 1].
    const std::vector<double> values{1, 1, 1, 1, 1};
    const auto e = estimate_proportion(values, 100);
    const double z2 = 2.7764451 * 2.7764451;
    EXPECT_NEAR(e.low, 100 / (100 + z2), 1e-6);
    EXPECT_DOUBLE_EQ(e.high, 1.0);
    EXPECT_TRUE(e.excludes_zero());
}

TEST(interval, bounded_cuts_the_interval_and_keeps_the_mean) {
    const std::vector<double> values{0.0, 0.1};
    const auto e = smtpsim::compare::bounded(estimate_mean(values), 0, 1);
    EXPECT_DOUBLE_EQ(e.low, 0.0);
    EXPECT_NEAR(e.high, 0.05 + 12.7062047 * 0.05, 1e-6);
    EXPECT_DOUBLE_EQ(e.mean, 0.05);
}

TEST(interval, fewer_than_five_values_are_never_significant) {
    const std::vector<double> two{0.5, 0.5};  // no spread at all
    EXPECT_TRUE(estimate_mean(two).excludes_zero());
    EXPECT_FALSE(estimate_mean(two).significant());
    const std::vector<double> five{0.5, 0.5, 0.5, 0.5, 0.5};
    EXPECT_TRUE(estimate_mean(five).significant());
}
