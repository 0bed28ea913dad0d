// When a host tries a queued mail again: a pure function of the policy's
// numbers (RFC 821 leaves it to the host; the practice that followed it, and
// RFC 1123 5.3.1.1, retry every 30 minutes and give up after 4 to 5 days).
#pragma once

#include "core/time.hpp"

namespace smtpsim::mta {

struct RetryPolicy {
    core::Time first_interval = core::Time::min(30);  // after the first failed attempt
    double backoff = 1.0;                        // each later interval is this many times longer
    core::Time max_interval = core::Time::h(4);  // intervals never grow past this
    core::Time lifetime = core::Time::d(5);      // after this long in the queue, give up
};

// The wait after the `failed_attempts`-th failed attempt (1 for the first):
// first_interval * backoff^(failed_attempts - 1), at most max_interval.
core::Time retry_delay(const RetryPolicy& policy, int failed_attempts);

}  // namespace smtpsim::mta
