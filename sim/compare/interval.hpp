// Means with 95% confidence intervals over independent replications (seeds),
// and paired differences over common seeds, by Student's t distribution, with
// bounds where a metric has them (Wilson's score interval for a proportion of
// recipients): what a comparison's tables report.
#pragma once

#include <cstddef>
#include <span>

namespace smtpsim::compare {

// The two-sided 95% quantile of Student's t with `df` degrees of freedom
// (t such that P(|T| <= t) = 0.95), from Boost.Math; NaN for df == 0.
double student_t95(std::size_t df);

// Below this many seeds an interval is shown with a warning and no
// difference is called significant: with 2 seeds t(0.975, 1) is 12.7, and a
// spread of zero between two runs says nothing about a third.
inline constexpr std::size_t min_seeds_for_intervals = 5;

struct Estimate {
    std::size_t n = 0;      // values the estimate is made of
    double mean = 0;        // NaN when n == 0
    double half_width = 0;  // of Student's t 95% interval, before bounds; NaN when n < 2
    double stddev = 0;      // sample standard deviation (n - 1); NaN when n < 2
    // The 95% interval, within the metric's bounds; NaN when n < 2.
    double low = 0;
    double high = 0;
    // The interval lies wholly on one side of 0 (for a difference: the
    // difference is real at the 5% level).
    bool excludes_zero() const;
    // excludes_zero() from at least min_seeds_for_intervals values.
    bool significant() const;
};

// Mean and 95% confidence interval of independent values (mean ± t s/√n).
// NaN values (a metric a run cannot have, such as the latency of a run that
// delivered nothing) are left out and do not count in n.
Estimate estimate_mean(std::span<const double> values);

// The estimate with its interval cut to [lower, upper] (the true mean lies
// there, so the cut interval covers it as often as the whole one).
Estimate bounded(Estimate e, double lower, double upper);

// The mean of per-run proportions values[i] (of `trials` recipients over all
// the runs that have a value) with Wilson's score interval, which stays
// within [0, 1]: p̂ the mean, z = t(0.975, n-1), and as the number of trials
// the effective one that the spread between runs implies, p̂(1-p̂) n / s²
// (Korn and Graubard's effective sample size), at most `trials`. Recipients
// of one run share its failures, so they are fewer independent trials than
// their number; where the runs agree exactly (s = 0) the interval is
// Wilson's for `trials` recipients.
Estimate estimate_proportion(std::span<const double> values, double trials);

// The mean of the differences values[i] - baseline[i] (the same seed on
// both sides, so what the seeds share cancels) with its paired 95% interval.
// A pair with a NaN on either side is left out. The spans have equal size.
Estimate estimate_difference(std::span<const double> values, std::span<const double> baseline);

}  // namespace smtpsim::compare
