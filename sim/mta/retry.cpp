// Retry intervals.
#include "mta/retry.hpp"

#include <algorithm>
#include <cmath>

namespace smtpsim::mta {

core::Time retry_delay(const RetryPolicy& policy, int failed_attempts) {
    const double factor = std::pow(policy.backoff, std::max(0, failed_attempts - 1));
    const double ns = static_cast<double>(policy.first_interval.count_ns()) * factor;
    if (!(ns < static_cast<double>(policy.max_interval.count_ns()))) {
        return policy.max_interval;
    }
    return std::min(core::Time::ns(std::llround(ns)), policy.max_interval);
}

}  // namespace smtpsim::mta
