// Student's t quantiles, the confidence interval of a mean, of a proportion
// and of a paired difference.
#include "compare/interval.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cassert>
#include <cmath>
#include <limits>
#include <vector>

namespace smtpsim::compare {

double student_t95(std::size_t df) {
    if (df == 0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const boost::math::students_t distribution(static_cast<double>(df));
    return boost::math::quantile(boost::math::complement(distribution, 0.025));
}

bool Estimate::excludes_zero() const {
    return !std::isnan(low) && !std::isnan(high) && (low > 0 || high < 0);
}

bool Estimate::significant() const {
    return n >= min_seeds_for_intervals && excludes_zero();
}

Estimate estimate_mean(std::span<const double> values) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    Estimate e;
    double sum = 0;
    for (double x : values) {
        if (!std::isnan(x)) {
            sum += x;
            ++e.n;
        }
    }
    if (e.n == 0) {
        e.mean = e.half_width = e.stddev = e.low = e.high = nan;
        return e;
    }
    e.mean = sum / static_cast<double>(e.n);
    if (e.n < 2) {
        e.half_width = e.stddev = e.low = e.high = nan;
        return e;
    }
    double squares = 0;
    for (double x : values) {
        if (!std::isnan(x)) {
            squares += (x - e.mean) * (x - e.mean);
        }
    }
    e.stddev = std::sqrt(squares / static_cast<double>(e.n - 1));
    e.half_width = student_t95(e.n - 1) * e.stddev / std::sqrt(static_cast<double>(e.n));
    e.low = e.mean - e.half_width;
    e.high = e.mean + e.half_width;
    return e;
}

Estimate bounded(Estimate e, double lower, double upper) {
    if (!std::isnan(e.low)) {
        e.low = std::clamp(e.low, lower, upper);
        e.high = std::clamp(e.high, lower, upper);
    }
    return e;
}

Estimate estimate_proportion(std::span<const double> values, double trials) {
    Estimate e = estimate_mean(values);
    if (std::isnan(e.half_width) || !(trials > 0)) {
        return bounded(e, 0, 1);
    }
    const double p = std::clamp(e.mean, 0.0, 1.0);
    const double variance_of_mean = e.stddev * e.stddev / static_cast<double>(e.n);
    // p(1-p) is 0 only when every run gave 0, or every run 1: s is 0 then too.
    const double effective =
        variance_of_mean > 0 ? std::min(trials, p * (1 - p) / variance_of_mean) : trials;
    const double z = student_t95(e.n - 1);
    const double z2n = z * z / effective;
    const double centre = (p + z2n / 2) / (1 + z2n);
    const double spread =
        z / (1 + z2n) * std::sqrt(p * (1 - p) / effective + z2n / (4 * effective));
    e.low = std::clamp(centre - spread, 0.0, 1.0);
    e.high = std::clamp(centre + spread, 0.0, 1.0);
    return e;
}

Estimate estimate_difference(std::span<const double> values, std::span<const double> baseline) {
    assert(values.size() == baseline.size());
    std::vector<double> differences;
    for (std::size_t i = 0; i < values.size(); ++i) {
        // NaN on either side makes a NaN difference, which estimate_mean leaves out.
        differences.push_back(values[i] - baseline[i]);
    }
    return estimate_mean(differences);
}

}  // namespace smtpsim::compare
