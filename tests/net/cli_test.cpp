// The route and topology commands, run as a user would run them.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

struct Outcome {
    int status;
    std::string out;  // standard output and standard error, in that order
};

Outcome run(const std::string& arguments) {
    // CTest runs tests in parallel processes: one standard-error file per process.
    const std::string err_path = "/tmp/smtpsim_net_cli_err." + std::to_string(::getpid());
    const std::string command = std::string(SMTPSIM_BINARY) + " " + arguments + " 2>" + err_path;
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    std::array<char, 4096> buffer{};
    while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
        out.append(buffer.data(), n);
    }
    const int status = pclose(pipe);
    FILE* err = std::fopen(err_path.c_str(), "r");
    while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), err)) {
        out.append(buffer.data(), n);
    }
    std::fclose(err);
    std::remove(err_path.c_str());
    return {WEXITSTATUS(status), out};
}

}  // namespace

TEST(cli, route_prints_path_hops_latency_and_source_route) {
    const Outcome r =
        run("route --topology topologies/rfc821.json --from MIT-AI.ARPA --to Jones@BBN-VAX.ARPA");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out,
              "path: MIT-AI.ARPA -> USC-ISIE.ARPA -> BBN-VAX.ARPA\nhops: 2\nlatency: 40ms\n"
              "source route: <@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>\n");
}

TEST(cli, route_to_an_unreachable_host_says_so_with_status_1) {
    const Outcome r = run(
        "route --topology tests/net/data/twin.json --from BBN-VAX.ARPA --to eric@BERKELEY.ARPA");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("no route: BERKELEY.ARPA cannot be reached from BBN-VAX.ARPA"),
              std::string::npos)
        << r.out;
}

TEST(cli, bad_input_exits_2_with_the_place_and_nothing_else) {
    const Outcome unknown =
        run("route --topology topologies/rfc821.json --from NOWHERE.ARPA --to a@MIT-AI.ARPA");
    EXPECT_EQ(unknown.status, 2);
    EXPECT_EQ(unknown.out,
              "smtpsim: error: command line: --from: unknown host \"NOWHERE.ARPA\" (not in the "
              "topology)\n");
    const Outcome missing = run("topology show no/such/file.json");
    EXPECT_EQ(missing.status, 2);
    EXPECT_EQ(missing.out, "smtpsim: error: no/such/file.json: cannot open the file for reading\n");
    const Outcome metric =
        run("route --topology topologies/rfc821.json --from MIT-AI.ARPA --to a@MIT-AI.ARPA "
            "--metric miles");
    EXPECT_EQ(metric.status, 2);
}

TEST(cli, generate_writes_out_files_whole_or_not_at_all) {
    const std::string path =
        "/tmp/smtpsim_net_cli_generated." + std::to_string(::getpid()) + ".json";
    std::filesystem::remove(path);
    const Outcome bad = run("topology generate ring --hosts 2 --out " + path);
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.out.find("--hosts: a ring needs at least 3 hosts"), std::string::npos) << bad.out;
    EXPECT_FALSE(std::filesystem::exists(path));
    const Outcome good =
        run("topology generate small-world --hosts 50 --seed 4 --degree 4 --out " + path);
    EXPECT_EQ(good.status, 0) << good.out;
    EXPECT_EQ(good.out, "");
    const Outcome show = run("topology show " + path);
    EXPECT_EQ(show.status, 0);
    EXPECT_NE(show.out.find("hosts: 50\n"), std::string::npos) << show.out;
    EXPECT_NE(show.out.find("connected components: 1\n"), std::string::npos) << show.out;
    // The same seed gives the same bytes on standard output.
    const Outcome again = run("topology generate small-world --hosts 50 --seed 4 --degree 4");
    std::ifstream file(path);
    const std::string written((std::istreambuf_iterator<char>(file)),
                              std::istreambuf_iterator<char>());
    EXPECT_EQ(again.out, written);
    std::filesystem::remove(path);
}

TEST(cli, disconnected_topologies_load_with_a_warning) {
    const Outcome r = run("topology dot tests/net/data/disconnected.json");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("warning: tests/net/data/disconnected.json: the topology is not "
                         "connected: 2 components"),
              std::string::npos)
        << r.out;
    const Outcome show = run("topology show tests/net/data/disconnected.json");
    EXPECT_NE(show.out.find("connected components: 2 (hosts in each: 2, 1)"), std::string::npos)
        << show.out;
}

TEST(cli, every_command_help_has_an_example) {
    for (const char* command : {"route", "topology dot", "topology show", "topology generate"}) {
        const Outcome r = run(std::string(command) + " --help");
        EXPECT_EQ(r.status, 0) << command;
        EXPECT_NE(r.out.find("Example"), std::string::npos) << command;
    }
}
