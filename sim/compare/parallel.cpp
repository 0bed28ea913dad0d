// A shared counter hands out the indices; the first failure stops the rest.
#include "compare/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace smtpsim::compare {

void for_each_index(std::size_t count, unsigned jobs,
                    const std::function<void(unsigned worker, std::size_t index)>& work) {
    const unsigned workers =
        static_cast<unsigned>(std::clamp<std::size_t>(jobs, 1, std::max<std::size_t>(count, 1)));
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex mutex;
    std::exception_ptr error;
    auto worker_loop = [&](unsigned worker) {
        for (std::size_t i = next++; i < count && !failed; i = next++) {
            try {
                work(worker, i);
            } catch (...) {
                const std::scoped_lock lock(mutex);
                if (!error) {
                    error = std::current_exception();
                }
                failed = true;
                return;
            }
        }
    };
    if (workers == 1) {
        worker_loop(0);
    } else {
        std::vector<std::jthread> threads;
        for (unsigned w = 0; w < workers; ++w) {
            threads.emplace_back(worker_loop, w);
        }
    }
    if (error) {
        std::rethrow_exception(error);
    }
}

}  // namespace smtpsim::compare
