// Independent pieces of work on a few threads: the runs of a comparison, its
// example runs.
#pragma once

#include <cstddef>
#include <functional>

namespace smtpsim::compare {

// Calls work(worker, i) for every i in [0, count), on min(jobs, count)
// threads (worker 0 .. threads-1; with one, on the calling thread). A worker
// takes the next index as it finishes one, so long and short pieces balance.
// When a piece throws, no new piece starts and the first exception is
// rethrown once every thread has stopped.
void for_each_index(std::size_t count, unsigned jobs,
                    const std::function<void(unsigned worker, std::size_t index)>& work);

}  // namespace smtpsim::compare
