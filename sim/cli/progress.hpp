// A progress bar on standard error for long runs: only when standard error
// is a terminal, drawn at the first update, then at most five times a
// second, erased at the end.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smtpsim::cli {

class ProgressBar {
  public:
    // Whether a bar would be seen: standard error is a terminal.
    static bool wanted();

    ProgressBar();
    ~ProgressBar();  // erases the bar
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    // `fraction` of the work done, when it is known; `events` executed so far
    // (for the rate); `detail` follows on the same line.
    void update(std::optional<double> fraction, std::uint64_t events, std::string_view detail);

  private:
    using Clock = std::chrono::steady_clock;
    Clock::time_point started_;
    Clock::time_point last_drawn_;
    bool drawn_ = false;
};

// "12.3k", "4.56M": counts and rates at a glance.
std::string compact_number(double x);

}  // namespace smtpsim::cli
