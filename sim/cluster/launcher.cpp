// The launchers' variables, in the order they are trusted.
#include "cluster/launcher.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace smtpsim::cluster {
namespace {

struct LaunchVariable {
    const char* name;
    bool is_size;  // the number of processes; else only a rank
};

// Open MPI's mpirun; MPICH's Hydra and srun --mpi=pmi2; PMIx (srun --mpi=pmix).
constexpr LaunchVariable launch_variables[] = {
    {"OMPI_COMM_WORLD_SIZE", true}, {"PMI_SIZE", true}, {"PMIX_RANK", false}};

std::optional<int> positive_number(const char* text) {
    int value = 0;
    const char* end = text + std::strlen(text);
    const auto [stop, error] = std::from_chars(text, end, value);
    if (error != std::errc() || stop != end || value < 1) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::optional<Launch> mpi_launch(const Environment& environment) {
    for (const LaunchVariable& variable : launch_variables) {
        if (const char* value = environment(variable.name)) {
            return Launch{variable.name, variable.is_size ? positive_number(value) : std::nullopt};
        }
    }
    return std::nullopt;
}

std::optional<Launch> mpi_launch() {
    return mpi_launch([](const char* name) -> const char* { return std::getenv(name); });
}

}  // namespace smtpsim::cluster
