#include "cluster/launcher.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

using smtpsim::cluster::mpi_launch;

namespace {

smtpsim::cluster::Environment environment(std::map<std::string, std::string> variables) {
    return [variables = std::move(variables)](const char* name) -> const char* {
        const auto found = variables.find(name);
        return found == variables.end() ? nullptr : found->second.c_str();
    };
}

}  // namespace

TEST(launcher, no_launcher_variable_means_no_mpi_launch) {
    EXPECT_FALSE(mpi_launch(environment({{"SLURM_JOB_ID", "12"}, {"PATH", "/usr/bin"}})));
}

TEST(launcher, open_mpi_mpirun_tells_the_number_of_processes) {
    const auto launch = mpi_launch(environment({{"OMPI_COMM_WORLD_SIZE", "4"}}));
    ASSERT_TRUE(launch);
    EXPECT_EQ(launch->variable, "OMPI_COMM_WORLD_SIZE");
    EXPECT_EQ(launch->size, 4);
}

TEST(launcher, hydra_and_srun_pmi2_tell_it_by_pmi_size) {
    const auto launch = mpi_launch(environment({{"PMI_SIZE", "2"}, {"PMI_RANK", "1"}}));
    ASSERT_TRUE(launch);
    EXPECT_EQ(launch->variable, "PMI_SIZE");
    EXPECT_EQ(launch->size, 2);
}

TEST(launcher, pmix_tells_a_rank_but_not_the_number_of_processes) {
    const auto launch = mpi_launch(environment({{"PMIX_RANK", "0"}}));
    ASSERT_TRUE(launch);
    EXPECT_EQ(launch->variable, "PMIX_RANK");
    EXPECT_FALSE(launch->size);
}

TEST(launcher, a_size_that_is_not_a_positive_number_is_unknown) {
    for (const char* text : {"", "0", "-2", "3x", "many"}) {
        const auto launch = mpi_launch(environment({{"OMPI_COMM_WORLD_SIZE", text}}));
        ASSERT_TRUE(launch) << text;
        EXPECT_FALSE(launch->size) << text;
    }
}
