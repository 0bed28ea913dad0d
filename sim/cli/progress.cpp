// The progress bar.
#include "cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace smtpsim::cli {
namespace {

constexpr auto redraw_every = std::chrono::milliseconds(200);
constexpr int bar_width = 24;

}  // namespace

bool ProgressBar::wanted() {
    return ::isatty(STDERR_FILENO) == 1;
}

ProgressBar::ProgressBar() : started_(Clock::now()), last_drawn_(started_) {}

ProgressBar::~ProgressBar() {
    if (drawn_) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
    }
}

void ProgressBar::update(std::optional<double> fraction, std::uint64_t events,
                         std::string_view detail) {
    const Clock::time_point now = Clock::now();
    if (drawn_ && now - last_drawn_ < redraw_every) {
        return;
    }
    last_drawn_ = now;
    drawn_ = true;
    std::string line = "\r";
    if (fraction) {
        const double f = std::clamp(*fraction, 0.0, 1.0);
        const int filled = static_cast<int>(f * bar_width);
        line +=
            fmt::format("[{}{}] {:3.0f}% ", std::string(static_cast<std::size_t>(filled), '#'),
                        std::string(static_cast<std::size_t>(bar_width - filled), '.'), f * 100);
    }
    const double seconds = std::max(1e-3, std::chrono::duration<double>(now - started_).count());
    line += fmt::format("{} events/s  {}\033[K",
                        compact_number(static_cast<double>(events) / seconds), detail);
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
}

std::string compact_number(double x) {
    if (x >= 1e9) {
        return fmt::format("{:.2f}G", x / 1e9);
    }
    if (x >= 1e6) {
        return fmt::format("{:.2f}M", x / 1e6);
    }
    if (x >= 1e4) {
        return fmt::format("{:.1f}k", x / 1e3);
    }
    return fmt::format("{:.0f}", x);
}

}  // namespace smtpsim::cli
