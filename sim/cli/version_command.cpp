// `smtpsim version`: the version and the libraries it was built with.
#include <fmt/core.h>
#include <boost/version.hpp>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cluster/job.hpp"
#include "core/version.hpp"

namespace smtpsim::cli {

void add_version_command(CLI::App& app, Registry& registry) {
    CLI::App* sub = app.add_subcommand("version", "Print the smtpsim version and its libraries");
    sub->footer("Example: smtpsim version");
    registry.push_back(
        {sub, [] {
             fmt::print("smtpsim {}\nBoost {}.{}.{}, nlohmann/json {}.{}.{}, fmt {}.{}.{}\n",
                        smtpsim::version, BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000,
                        BOOST_VERSION % 100, NLOHMANN_JSON_VERSION_MAJOR,
                        NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH,
                        FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100);
             const auto mpi = cluster::mpi_library();
             fmt::print("MPI: {}\n", mpi ? *mpi + " (mpirun -np N smtpsim compare ...)"
                                         : std::string("none, built without"));
             return 0;
         }});
}

}  // namespace smtpsim::cli
