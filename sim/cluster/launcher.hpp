// Whether an MPI launcher (Open MPI's mpirun, MPICH's mpiexec, Slurm's srun)
// started this process, as the variables it sets in the environment tell,
// before MPI is initialised.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace smtpsim::cluster {

struct Launch {
    std::string variable;     // the variable that told: OMPI_COMM_WORLD_SIZE, PMI_SIZE, PMIX_RANK
    std::optional<int> size;  // the number of processes, when the variable says it
};

using Environment = std::function<const char*(const char* name)>;

// Nothing when no launcher's variable is set.
std::optional<Launch> mpi_launch(const Environment& environment);
std::optional<Launch> mpi_launch();  // from this process's environment

}  // namespace smtpsim::cluster
