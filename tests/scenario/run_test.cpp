#include "scenario/run.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace smtpsim;
namespace fs = std::filesystem;

namespace {

const std::string source_dir = SMTPSIM_SOURCE_DIR;

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

scenario::Scenario traffic_scenario() {
    return scenario::parse_scenario(R"({
      "name": "determinism", "topology": ")" +
                                        source_dir + R"(/topologies/teaching/star.json",
      "seed": 42, "routing": "next-hop",
      "traffic": [{"rate": "20/s", "count": 200, "size": {"min": "500B", "max": "5kB"}, "recipients": 2}]
    })",
                                    "determinism.json", ".");
}

}  // namespace

TEST(run, same_scenario_and_seed_give_the_same_bytes_in_every_output_file) {
    const fs::path base = fs::temp_directory_path() / ("smtpsim-det-" + std::to_string(::getpid()));
    scenario::RunOptions options;
    options.out = base / "one";
    scenario::run_scenario(traffic_scenario(), options);
    options.out = base / "two";
    const auto result = scenario::run_scenario(traffic_scenario(), options);
    EXPECT_TRUE(result.totals.balanced());
    EXPECT_EQ(result.totals.recipients, 400u);
    for (const char* file : {"transcript.txt", "hops.jsonl", "events.jsonl", "outcomes.jsonl",
                             "topology.dot", "summary.json"}) {
        SCOPED_TRACE(file);
        std::string one = read(base / "one" / file);
        std::string two = read(base / "two" / file);
        ASSERT_FALSE(one.empty());
        EXPECT_EQ(one, two);  // wall-clock time is in no file
    }
    fs::remove_all(base);
}

TEST(run, another_seed_gives_other_traffic) {
    scenario::RunOptions options;
    options.keep_transcript_text = true;
    const auto a = scenario::run_scenario(traffic_scenario(), options);
    options.seed = 43;
    const auto b = scenario::run_scenario(traffic_scenario(), options);
    EXPECT_NE(a.transcript, b.transcript);
    EXPECT_EQ(b.seed, 43u);
    EXPECT_TRUE(b.totals.balanced());
}

TEST(run, a_stop_time_leaves_mail_in_flight_and_the_accounting_still_balances) {
    auto s = traffic_scenario();
    s.config.stop = core::Time::s(3);
    const auto result = scenario::run_scenario(s, {});
    EXPECT_TRUE(result.totals.balanced());
    EXPECT_GT(result.totals.in_flight, 0u);
    EXPECT_GT(result.totals.delivered, 0u);
}
