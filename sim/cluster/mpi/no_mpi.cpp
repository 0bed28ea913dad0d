// An smtpsim built without MPI: always this process alone, and a refusal
// when a launcher started several.
#include <fmt/format.h>

#include "cluster/job.hpp"
#include "cluster/launcher.hpp"
#include "core/input_error.hpp"

namespace smtpsim::cluster {

std::optional<std::string> mpi_library() {
    return std::nullopt;
}

std::unique_ptr<Job> Job::join() {
    if (const auto launch = mpi_launch(); launch && launch->size != 1) {
        throw core::InputError(
            "environment", launch->variable,
            fmt::format("an MPI launcher started {} processes, but this smtpsim was built "
                        "without MPI, so each would run the whole comparison; build it with "
                        "Open MPI (libopenmpi-dev) or run it without the launcher",
                        launch->size ? std::to_string(*launch->size) : std::string("several")));
    }
    return std::make_unique<SingleProcess>();
}

}  // namespace smtpsim::cluster
