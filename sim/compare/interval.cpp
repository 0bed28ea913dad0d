// Student's t quantiles and the confidence interval of a mean.
#include "compare/interval.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace smtpsim::compare {
namespace {

// t(0.975, df) for df = 1..30, from the standard tables (e.g. NIST/SEMATECH
// e-Handbook of Statistical Methods, 1.3.6.7.2).
constexpr std::array<double, 30> t95_table{12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                           2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                           2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                           2.060,  2.056, 2.052, 2.048, 2.045, 2.042};

}  // namespace

double student_t95(std::size_t df) {
    if (df == 0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (df <= t95_table.size()) {
        return t95_table[df - 1];
    }
    // Cornish-Fisher expansion of t around the normal quantile (Abramowitz
    // and Stegun 26.7.5); within 1e-4 of the exact value beyond 30 degrees.
    const double z = 1.959963984540054;
    const double v = static_cast<double>(df);
    const double z3 = z * z * z;
    const double z5 = z3 * z * z;
    const double z7 = z5 * z * z;
    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
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

}  // namespace smtpsim::compare
