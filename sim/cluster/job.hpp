// The processes that run one comparison: the ranks of an MPI job (started by
// mpirun or srun), or this process alone. In an MPI job rank 0 hands out the
// runs one at a time (a rank that finishes one asks for the next, so long and
// short runs balance), every rank runs them on its own threads and sends the
// records to rank 0, and rank 0 alone gets them all, to write the files.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compare/comparison.hpp"

namespace smtpsim::cluster {

// The MPI library smtpsim was built with ("Open MPI v4.1.4"), or nothing.
std::optional<std::string> mpi_library();

class Job {
  public:
    // Joins the MPI job when an MPI launcher started this process
    // (cluster/launcher.hpp); otherwise a job of this process alone. Throws
    // core::InputError when a launcher started several processes of an
    // smtpsim built without MPI, which would each run everything.
    static std::unique_ptr<Job> join();

    virtual ~Job() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    bool is_root() const { return rank() == 0; }

    // Runs every run of the comparison, `jobs` threads on each rank. Rank 0
    // gets the records in the order Comparison::run gives them, whatever the
    // ranks and threads; the other ranks get nothing. `progress` is called on
    // rank 0 only. In an MPI job this is the job's end (MPI is finalised);
    // when it throws, the process must exit, and the launcher ends the job.
    virtual std::optional<std::vector<compare::RunRecord>> run(
        const compare::Comparison& comparison, unsigned jobs,
        const compare::ProgressCallback& progress) = 0;
};

// This process alone: the comparison's own threads.
class SingleProcess final : public Job {
  public:
    int rank() const override { return 0; }
    int size() const override { return 1; }
    std::optional<std::vector<compare::RunRecord>> run(
        const compare::Comparison& comparison, unsigned jobs,
        const compare::ProgressCallback& progress) override {
        return comparison.run(jobs, progress);
    }
};

}  // namespace smtpsim::cluster
