// A comparison spread over the ranks of an MPI job. Rank 0's main thread
// serves the other ranks: each of their threads sends a request (carrying
// the record of its last run, if any) and gets the index of its next run, or
// "no more". Rank 0's own threads take their runs from the same counter.
// Only rank 0's main thread calls MPI there; on the other ranks the threads
// take turns (MPI_THREAD_SERIALIZED).
#include <fmt/format.h>
#include <mpi.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "cluster/job.hpp"
#include "cluster/launcher.hpp"
#include "cluster/run_codec.hpp"

namespace smtpsim::cluster {
namespace {

constexpr int root = 0;
constexpr int request_tag = 1;     // a thread of another rank: its last record, or nothing
constexpr int assignment_tag = 2;  // rank 0's answer: the next run's index, or no_more_runs
constexpr std::uint64_t no_more_runs = std::numeric_limits<std::uint64_t>::max();

// A thread that waits for a message looks, then sleeps, and sleeps longer
// while nothing comes: MPI's blocking calls would spin on a core the runs
// need, and a short sleep repeated costs a core a few percent in system time.
// The longest sleep is what a run may wait for its next index, short against
// a run.
class Backoff {
  public:
    void reset() { sleep_ = shortest; }
    void sleep() {
        std::this_thread::sleep_for(sleep_);
        sleep_ = std::min(sleep_ * 2, longest);
    }

  private:
    static constexpr std::chrono::microseconds shortest{50};
    static constexpr std::chrono::microseconds longest{1000};
    std::chrono::microseconds sleep_ = shortest;
};

void wait_for(MPI_Request& request) {
    Backoff backoff;
    for (int done = 0;;) {
        MPI_Test(&request, &done, MPI_STATUS_IGNORE);
        if (done) {
            return;
        }
        backoff.sleep();
    }
}

unsigned thread_count(unsigned jobs, std::size_t runs) {
    return static_cast<unsigned>(std::clamp<std::size_t>(jobs, 1, std::max<std::size_t>(runs, 1)));
}

// Threads that stop taking work at the first failure, and give it back.
class Failure {
  public:
    void set(std::exception_ptr error) {
        const std::scoped_lock lock(mutex_);
        if (!error_) {
            error_ = std::move(error);
        }
        failed_ = true;
    }
    bool happened() const { return failed_; }
    void rethrow() const {
        if (error_) {
            std::rethrow_exception(error_);
        }
    }

  private:
    std::mutex mutex_;
    std::atomic<bool> failed_{false};
    std::exception_ptr error_;
};

// Rank 0's book of runs: which comes next, and the records that came back.
class RunBook {
  public:
    RunBook(std::size_t total, const compare::ProgressCallback& progress)
        : records_(total), filed_(total, false), progress_(progress), shown_{0, total, 0, 0} {}

    std::optional<std::size_t> take() {
        const std::scoped_lock lock(mutex_);
        if (next_ == records_.size() || failure.happened()) {
            return std::nullopt;
        }
        return next_++;
    }
    void file(std::size_t index, compare::RunRecord record) {
        const std::scoped_lock lock(mutex_);
        if (index >= next_ || filed_[index]) {
            throw std::runtime_error(fmt::format("run {} came back but was not out", index));
        }
        filed_[index] = true;
        ++shown_.runs_done;
        shown_.events += record.metrics.events;
        shown_.delivered += record.metrics.delivered;
        records_[index] = std::move(record);
        if (progress_) {
            progress_(shown_);
        }
    }
    std::vector<compare::RunRecord> take_records() { return std::move(records_); }

    Failure failure;

  private:
    std::mutex mutex_;
    std::size_t next_ = 0;
    std::vector<compare::RunRecord> records_;
    std::vector<bool> filed_;
    const compare::ProgressCallback& progress_;
    compare::ComparisonProgress shown_;
};

std::string received_bytes(const MPI_Status& status) {
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    std::string bytes(static_cast<std::size_t>(count), '\0');
    MPI_Recv(bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, request_tag, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    return bytes;
}

// Rank 0's main thread: answers the other ranks' threads until each has
// been told that no run is left.
void serve(RunBook& book, int remote_threads) {
    Backoff backoff;
    for (int told = 0; told < remote_threads && !book.failure.happened();) {
        int waiting = 0;
        MPI_Status status;
        MPI_Iprobe(MPI_ANY_SOURCE, request_tag, MPI_COMM_WORLD, &waiting, &status);
        if (!waiting) {
            backoff.sleep();
            continue;
        }
        backoff.reset();
        const std::string bytes = received_bytes(status);
        if (!bytes.empty()) {
            EncodedRun run = decode_run(bytes);
            book.file(run.index, std::move(run.record));
        }
        const std::uint64_t answer = book.take().value_or(no_more_runs);
        MPI_Send(&answer, 1, MPI_UINT64_T, status.MPI_SOURCE, assignment_tag, MPI_COMM_WORLD);
        told += answer == no_more_runs ? 1 : 0;
    }
}

std::vector<compare::RunRecord> run_root(const compare::Comparison& comparison, unsigned jobs,
                                         const compare::ProgressCallback& progress,
                                         int remote_threads) {
    RunBook book(comparison.run_count(), progress);
    {
        std::vector<std::jthread> threads;
        for (unsigned t = 0; t < thread_count(jobs, comparison.run_count()); ++t) {
            threads.emplace_back([&] {
                try {
                    while (const auto index = book.take()) {
                        book.file(*index, comparison.run_at(*index));
                    }
                } catch (...) {
                    book.failure.set(std::current_exception());
                }
            });
        }
        try {
            serve(book, remote_threads);
        } catch (...) {
            book.failure.set(std::current_exception());
        }
    }
    book.failure.rethrow();
    return book.take_records();
}

// Another rank: its threads ask rank 0 for runs, one thread at a time.
void run_remote(const compare::Comparison& comparison, unsigned jobs, int rank) {
    std::mutex channel;
    Failure failure;
    auto exchange = [&channel](const std::string& message) -> std::optional<std::size_t> {
        const std::scoped_lock lock(channel);
        MPI_Request sent = MPI_REQUEST_NULL;
        MPI_Isend(message.data(), static_cast<int>(message.size()), MPI_BYTE, root, request_tag,
                  MPI_COMM_WORLD, &sent);
        wait_for(sent);  // a long record waits for rank 0 to take it
        std::uint64_t answer = 0;
        MPI_Request answered = MPI_REQUEST_NULL;
        MPI_Irecv(&answer, 1, MPI_UINT64_T, root, assignment_tag, MPI_COMM_WORLD, &answered);
        wait_for(answered);
        return answer == no_more_runs ? std::nullopt : std::optional<std::size_t>(answer);
    };
    {
        std::vector<std::jthread> threads;
        for (unsigned t = 0; t < thread_count(jobs, comparison.run_count()); ++t) {
            threads.emplace_back([&] {
                try {
                    std::string message;  // the first request carries no record
                    while (const auto index = exchange(message)) {
                        if (failure.happened()) {
                            return;  // rank 0 waits for a record: the job must end
                        }
                        message = encode_run(*index, comparison.run_at(*index));
                    }
                } catch (...) {
                    failure.set(std::current_exception());
                }
            });
        }
    }
    try {
        failure.rethrow();
    } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("MPI rank {}: {}", rank, e.what()));
    }
}

class MpiJob final : public Job {
  public:
    MpiJob() {
        int provided = 0;
        MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
        if (provided < MPI_THREAD_SERIALIZED) {
            throw std::runtime_error(
                "the MPI library does not let several threads call it in turn "
                "(MPI_THREAD_SERIALIZED)");
        }
        MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
        MPI_Comm_size(MPI_COMM_WORLD, &size_);
    }
    int rank() const override { return rank_; }
    int size() const override { return size_; }

    std::optional<std::vector<compare::RunRecord>> run(
        const compare::Comparison& comparison, unsigned jobs,
        const compare::ProgressCallback& progress) override {
        // Rank 0 must know how many threads will ask it for runs.
        const int own =
            rank_ == root ? 0 : static_cast<int>(thread_count(jobs, comparison.run_count()));
        int remote_threads = 0;
        MPI_Reduce(&own, &remote_threads, 1, MPI_INT, MPI_SUM, root, MPI_COMM_WORLD);
        std::optional<std::vector<compare::RunRecord>> records;
        if (rank_ == root) {
            records = run_root(comparison, jobs, progress, remote_threads);
        } else {
            run_remote(comparison, jobs, rank_);
        }
        // Only when every rank did its share (else the launcher ends the job),
        // and once all are here: MPI_Finalize would spin while rank 0 ends its last run.
        MPI_Request all_here = MPI_REQUEST_NULL;
        MPI_Ibarrier(MPI_COMM_WORLD, &all_here);
        wait_for(all_here);
        MPI_Finalize();
        return records;
    }

  private:
    int rank_ = 0;
    int size_ = 1;
};

}  // namespace

std::optional<std::string> mpi_library() {
    char text[MPI_MAX_LIBRARY_VERSION_STRING];
    int length = 0;
    MPI_Get_library_version(text, &length);
    const std::string version(text, static_cast<std::size_t>(length));
    return version.substr(0, version.find_first_of(",\n"));  // "Open MPI v4.1.4"
}

std::unique_ptr<Job> Job::join() {
    if (!mpi_launch()) {
        return std::make_unique<SingleProcess>();
    }
    return std::make_unique<MpiJob>();
}

}  // namespace smtpsim::cluster
