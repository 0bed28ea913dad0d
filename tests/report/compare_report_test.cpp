// The folders of a comparison's example runs: their names, and the report's
// link to each.
#include "report/compare_report.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "report/report.hpp"

using namespace smtpsim;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST(example_run_folder, is_the_topology_and_mode_when_both_are_file_names) {
    EXPECT_EQ(report::example_run_folder("scale-free", "next-hop", {}),
              fs::path("runs/scale-free-next-hop"));
}

TEST(example_run_folder, adds_each_swept_value_with_its_dash_and_slash_encoded) {
    EXPECT_EQ(report::example_run_folder("ring", "source", {"2/s", "-1"}),
              fs::path("runs/ring-source-2%2Fs-%2D1"));
}

TEST(example_run_folder, never_leaves_runs_nor_hides) {
    const fs::path folder = report::example_run_folder("../../etc/x y", "source", {".."});
    EXPECT_EQ(folder, fs::path("runs/%2E.%2F..%2Fetc%2Fx%20y-source-.."));
    EXPECT_EQ(folder.parent_path(), fs::path("runs"));
    EXPECT_NE(folder.filename().string().front(), '.');
}

TEST(example_run_folder, cuts_a_long_name_and_keeps_two_long_names_apart) {
    const std::string long_label(300, 'a');
    const fs::path a = report::example_run_folder(long_label + "1", "source", {});
    const fs::path b = report::example_run_folder(long_label + "2", "source", {});
    EXPECT_EQ(a.filename().string().size(), 200u);
    EXPECT_NE(a, b);
    EXPECT_EQ(a, report::example_run_folder(long_label + "1", "source", {}));
}

TEST(example_run_link, names_a_swept_rows_folder_with_its_percent_signs_escaped) {
    const fs::path dir =
        fs::temp_directory_path() / ("smtpsim-compare-report-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    write(dir / "table.csv", "topology,routing,rate,seeds\nring,source,2/s,3\nring,source,4/s,3\n");
    write(dir / "runs.csv", "topology,routing,rate,seed\nring,source,2/s,1\n");
    write(dir / "runs/ring-source-2%2Fs/report.html", "<html></html>");
    const report::CsvTable table = report::read_csv(dir / "table.csv");
    EXPECT_EQ(report::example_run_link(dir, table, 0), "runs/ring-source-2%252Fs/report.html");
    EXPECT_EQ(report::example_run_link(dir, table, 1), "");
    fs::remove_all(dir);
}
