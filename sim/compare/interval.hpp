// Means with 95% confidence intervals over independent replications (seeds),
// and paired differences over common seeds, by Student's t distribution:
// what a comparison's tables report.
#pragma once

#include <cstddef>
#include <span>

namespace smtpsim::compare {

// The two-sided 95% quantile of Student's t with `df` degrees of freedom
// (t such that P(|T| <= t) = 0.95), from Boost.Math; NaN for df == 0.
double student_t95(std::size_t df);

struct Estimate {
    std::size_t n = 0;      // values the estimate is made of
    double mean = 0;        // NaN when n == 0
    double half_width = 0;  // of the 95% confidence interval; NaN when n < 2
    double stddev = 0;      // sample standard deviation (n - 1); NaN when n < 2
    // The interval lies wholly on one side of 0 (for a difference: the
    // difference is real at the 5% level).
    bool excludes_zero() const;
};

// Mean and 95% confidence interval of independent values. NaN values (a
// metric a run cannot have, such as the latency of a run that delivered
// nothing) are left out and do not count in n.
Estimate estimate_mean(std::span<const double> values);

// The mean of the differences values[i] - baseline[i] (the same seed on
// both sides, so what the seeds share cancels) with its paired 95% interval.
// A pair with a NaN on either side is left out. The spans have equal size.
Estimate estimate_difference(std::span<const double> values, std::span<const double> baseline);

}  // namespace smtpsim::compare
