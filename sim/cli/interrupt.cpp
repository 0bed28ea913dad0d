#include "cli/interrupt.hpp"

#include <csignal>

namespace smtpsim::cli {
namespace {

std::atomic<int> first_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "used from a signal handler");

constexpr int handled[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction previous[std::size(handled)];

extern "C" void on_signal(int signal) {
    int none = 0;
    if (!first_signal.compare_exchange_strong(none, signal)) {
        // The second signal: the default action (the program ends) at once.
        std::signal(signal, SIG_DFL);
        std::raise(signal);
    }
}

}  // namespace

InterruptGuard::InterruptGuard() {
    first_signal.store(0);
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < std::size(handled); ++i) {
        sigaction(handled[i], &action, &previous[i]);
    }
}

InterruptGuard::~InterruptGuard() {
    for (std::size_t i = 0; i < std::size(handled); ++i) {
        sigaction(handled[i], &previous[i], nullptr);
    }
}

const std::atomic<int>& InterruptGuard::caught() const {
    return first_signal;
}

const char* signal_name(int signal) {
    switch (signal) {
        case SIGINT:
            return "SIGINT";
        case SIGTERM:
            return "SIGTERM";
        case SIGHUP:
            return "SIGHUP";
        default:
            return "a signal";
    }
}

}  // namespace smtpsim::cli
