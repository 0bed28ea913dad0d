// SIGINT, SIGTERM and SIGHUP during a long command: the first asks the work
// to stop at its next check (a run then writes what it has, marked
// interrupted); a second ends the program at once, as if no handler had been
// installed.
#pragma once

#include <atomic>

namespace smtpsim::cli {

class InterruptGuard {
  public:
    // Installs the handlers; the destructor puts the previous ones back.
    InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
    ~InterruptGuard();

    // The number of the first signal caught, 0 while none was.
    const std::atomic<int>& caught() const;
};

// "SIGINT", "SIGTERM", "SIGHUP" (or "signal N").
const char* signal_name(int signal);

}  // namespace smtpsim::cli
