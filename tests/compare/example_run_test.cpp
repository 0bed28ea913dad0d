// A row's example run is the comparison's run of the row's first seed.
#include "compare/example_run.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "compare/parallel.hpp"
#include "core/json_input.hpp"

using namespace smtpsim;
namespace fs = std::filesystem;
using mta::RoutingMode;

namespace {

std::string data(const std::string& name) {
    return std::string(SMTPSIM_SOURCE_DIR) + "/tests/compare/data/" + name;
}

compare::Comparison random_on_line_and_star() {
    compare::ComparisonSpec spec;
    spec.scenario_file = data("random.json");
    spec.topology_files = {data("line3.json"), data("star3.json")};
    spec.routings = {RoutingMode::source_route, RoutingMode::next_hop};
    spec.seeds = 3;
    return compare::Comparison(std::move(spec));
}

class TempFolder {
  public:
    TempFolder()
        : path_(fs::temp_directory_path() / ("smtpsim-example-" + std::to_string(::getpid()))) {
        fs::remove_all(path_);
    }
    ~TempFolder() { fs::remove_all(path_); }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

}  // namespace

TEST(example_run, rows_come_in_the_tables_order_and_point_at_their_first_seed) {
    const compare::Comparison comparison = random_on_line_and_star();
    const auto rows = compare::example_rows(comparison);
    const auto records = comparison.run(2);
    ASSERT_EQ(rows.size(), 4u);
    for (const compare::ExampleRow& row : rows) {
        const compare::RunRecord& first = records[compare::first_run_index(comparison, row)];
        EXPECT_EQ(first.topology, row.topology);
        EXPECT_EQ(first.routing, row.routing);
        EXPECT_EQ(first.replication, 0u);
    }
    EXPECT_EQ(rows[3].topology, 1u);
    EXPECT_EQ(rows[3].routing, RoutingMode::next_hop);
}

TEST(example_run, is_the_comparisons_run_with_the_rows_first_seed_with_every_file) {
    const compare::Comparison comparison = random_on_line_and_star();
    const auto records = comparison.run(2);
    const compare::ExampleRow row = compare::example_rows(comparison)[3];
    const compare::RunRecord& first = records[compare::first_run_index(comparison, row)];
    const TempFolder out;
    const scenario::RunResult result =
        compare::run_example(comparison, row, core::OutputFolder::open(out.path()), first);
    EXPECT_EQ(result.seed, comparison.seed(0));
    EXPECT_EQ(result.totals.delivered, first.metrics.delivered);
    EXPECT_EQ(result.events, first.metrics.events);
    const auto summary = core::parse_json(
        core::read_text_file((out.path() / "summary.json").string()), "summary.json");
    EXPECT_EQ(summary["messages"]["delivered"], first.metrics.delivered);
    for (const char* name : {"transcript.txt", "events.jsonl", "hops.jsonl", "outcomes.jsonl"}) {
        EXPECT_TRUE(fs::is_regular_file(out.path() / name)) << name;
    }
    EXPECT_TRUE(fs::is_directory(out.path() / "mailboxes"));  // random.json keeps mail text
}

TEST(example_run, that_differs_from_the_comparisons_record_is_an_error) {
    const compare::Comparison comparison = random_on_line_and_star();
    const auto records = comparison.run(2);
    const compare::ExampleRow row = compare::example_rows(comparison)[0];
    const compare::RunRecord& other_seed = records[compare::first_run_index(comparison, row) + 1];
    const TempFolder out;
    EXPECT_THROW(
        compare::run_example(comparison, row, core::OutputFolder::open(out.path()), other_seed),
        std::logic_error);
}

TEST(for_each_index, runs_every_index_once_and_rethrows_the_first_failure) {
    std::vector<int> seen(50, 0);
    compare::for_each_index(seen.size(), 3, [&](unsigned, std::size_t i) { ++seen[i]; });
    EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), 50);
    EXPECT_THROW(compare::for_each_index(10, 2,
                                         [](unsigned, std::size_t i) {
                                             if (i == 4) {
                                                 throw std::runtime_error("four");
                                             }
                                         }),
                 std::runtime_error);
}
