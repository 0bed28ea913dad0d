// Student's t quantiles, the confidence interval of a mean and of a paired
// difference.
#include "compare/interval.hpp"

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
    return !std::isnan(half_width) && std::abs(mean) > half_width;
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
        e.mean = e.half_width = e.stddev = nan;
        return e;
    }
    e.mean = sum / static_cast<double>(e.n);
    if (e.n < 2) {
        e.half_width = e.stddev = nan;
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
