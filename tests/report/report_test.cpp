#include "report/report.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/base64.hpp"
#include "core/json_input.hpp"
#include "input_error.hpp"
#include "scenario/run.hpp"

using namespace smtpsim;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string source_dir = SMTPSIM_SOURCE_DIR;

std::string read(const fs::path& path) {
    return core::read_text_file(path.string());
}

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// A fresh folder for one test, removed with it.
class Folder {
  public:
    explicit Folder(const std::string& name)
        : path_(fs::temp_directory_path() /
                ("smtpsim-report-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~Folder() { fs::remove_all(path_); }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

fs::path run_builtin(const fs::path& out, bool events = true) {
    scenario::RunOptions options;
    options.out = out;
    options.events = events;
    scenario::run_scenario(scenario::builtin_relay_scenario(), options);
    return out;
}

// The data a run report carries, as the page's script reads it.
json page_data(const fs::path& report) {
    const std::string page = read(report);
    const std::string open = "<script type=\"application/json\" id=\"run-data\">";
    const auto start = page.find(open);
    const auto end = page.find("</script>", start);
    EXPECT_NE(start, std::string::npos);
    return json::parse(page.substr(start + open.size(), end - start - open.size()));
}

std::size_t transcript_lines(const fs::path& run) {
    std::istringstream text(read(run / "transcript.txt"));
    std::size_t lines = 0;
    for (std::string line; std::getline(text, line);) {
        lines += line.starts_with("S: ") || line.starts_with("R: ") ? 1 : 0;
    }
    return lines;
}

// Sets PATH for the life of the object.
class PathVariable {
  public:
    explicit PathVariable(const char* value) : old_(std::getenv("PATH")) {
        ::setenv("PATH", value, 1);
    }
    ~PathVariable() { ::setenv("PATH", old_.c_str(), 1); }

  private:
    std::string old_;
};

}  // namespace

TEST(report, the_built_in_run_gives_a_report_with_every_session_and_line) {
    Folder folder("builtin");
    const fs::path run = run_builtin(folder.path() / "run");
    const fs::path written = report::write_run_report(run);
    EXPECT_EQ(written, run / "report.html");
    const std::string page = read(written);
    EXPECT_EQ(page.find("{{"), std::string::npos);
    // Graphviz writes the ids' "-" as "&#45;".
    EXPECT_NE(page.find("id=\"host&#45;2\""), std::string::npos);
    EXPECT_NE(page.find("id=\"link&#45;1\""), std::string::npos);
    const json data = page_data(written);
    const json summary = json::parse(read(run / "summary.json"));
    EXPECT_EQ(data["sessions"]["id"].size(), summary["sessions"].get<std::size_t>());
    EXPECT_EQ(data["lines"]["text"].size(), transcript_lines(run));
    auto hosts = data["hosts"].get<std::vector<std::string>>();
    std::sort(hosts.begin(), hosts.end());
    EXPECT_EQ(hosts, (std::vector<std::string>{"BBN-VAX.ARPA", "MIT-AI.ARPA", "USC-ISIE.ARPA"}));
    EXPECT_EQ(data["detail"]["rule"], "every session");
}

TEST(report, the_relays_received_line_is_the_one_on_the_wire) {
    Folder folder("received");
    const fs::path run = run_builtin(folder.path() / "run");
    const json data = page_data(report::write_run_report(run));
    const json& stops = data["stops"];
    const std::string transcript = read(run / "transcript.txt");
    int relays = 0;
    for (std::size_t i = 0; i < stops["host"].size(); ++i) {
        if (data["hosts"][stops["host"][i].get<std::size_t>()] != "USC-ISIE.ARPA") {
            continue;
        }
        const std::string received = data["strings"][stops["received"][i].get<std::size_t>()];
        EXPECT_TRUE(received.starts_with("Received: from MIT-AI.ARPA by USC-ISIE.ARPA"));
        EXPECT_NE(transcript.find("S: " + received + "\n"), std::string::npos) << received;
        EXPECT_EQ(stops["via"][i], 0);  // session 1 brought it
        ++relays;
    }
    EXPECT_EQ(relays, 1);
}

TEST(report, the_same_run_folder_gives_the_same_bytes) {
    Folder folder("same");
    const fs::path run = run_builtin(folder.path() / "run");
    const std::string first = read(report::write_run_report(run));
    EXPECT_EQ(read(report::write_run_report(run)), first);
}

TEST(report, a_run_without_events_still_has_its_paths_and_outcomes) {
    Folder folder("no-events");
    const fs::path run = run_builtin(folder.path() / "run", false);
    ASSERT_FALSE(fs::exists(run / "events.jsonl"));
    const json data = page_data(report::write_run_report(run));
    EXPECT_FALSE(data["trace"]["events"].get<bool>());
    EXPECT_TRUE(data["sessions"]["id"].empty());
    EXPECT_EQ(data["stops"]["host"].size(), 3u);  // MIT-AI, USC-ISIE, BBN-VAX
    EXPECT_EQ(data["outcomes"]["recipient"].size(), 1u);
}

TEST(report, without_graphviz_there_is_an_error_that_says_so_and_no_report) {
    Folder folder("no-graphviz");
    const fs::path run = run_builtin(folder.path() / "run");
    const PathVariable path("/nonexistent");
    const auto e = test_support::input_error_of([&] { report::write_run_report(run); });
    EXPECT_NE(std::string(e.what()).find("Graphviz"), std::string::npos) << e.what();
    EXPECT_FALSE(fs::exists(run / "report.html"));
}

TEST(report, a_folder_that_is_neither_a_run_nor_a_comparison_is_an_error) {
    Folder folder("neither");
    EXPECT_THROW(report::folder_kind(folder.path()), core::InputError);
    EXPECT_THROW(report::write_run_report(folder.path()), core::InputError);
    EXPECT_THROW(report::folder_kind(folder.path() / "missing"), core::InputError);
}

TEST(report, a_bad_events_file_names_its_line_and_writes_nothing) {
    Folder folder("bad-events");
    const fs::path run = run_builtin(folder.path() / "run");
    write(run / "events.jsonl", "{\"t\":0,\"event\":\"line\",\"session\":1}\n");
    EXPECT_EQ(test_support::input_error_of([&] { report::write_run_report(run); }).location(),
              "line 1");
    EXPECT_FALSE(fs::exists(run / "report.html"));
}

TEST(report, a_comparison_report_links_the_rows_whose_example_run_is_kept) {
    Folder folder("compare");
    const fs::path dir = folder.path() / "cmp";
    write(dir / "table.csv",
          "topology,routing,seeds,new_metric_mean,new_metric_ci95,other\n"
          "line3,shortest,3,0.5,0.01,x\nstar3,next-hop,3,,,y\n");
    write(dir / "runs.csv", "topology,routing,seed\nline3,shortest,1\n");
    write(dir / "command.txt", "# made by smtpsim\nsmtpsim compare a.json --topology b.json\n");
    write(dir / "runs/line3-shortest/report.html", "<html></html>");
    EXPECT_EQ(report::folder_kind(dir), report::FolderKind::comparison);
    const std::string page = read(report::write_compare_report(dir));
    EXPECT_NE(page.find("href=\"runs/line3-shortest/report.html\""), std::string::npos);
    EXPECT_EQ(page.find("runs/star3-next-hop"), std::string::npos);
    EXPECT_NE(page.find("new metric (95%)"), std::string::npos);
    // An older folder's half-width is shown as one.
    EXPECT_NE(page.find("0.5 <span class=\"ci\">± 0.01</span>"), std::string::npos);
    EXPECT_NE(page.find("smtpsim compare a.json --topology b.json"), std::string::npos);
    EXPECT_NE(page.find(">other</th>"), std::string::npos);
    EXPECT_NE(page.find("id=\"seeds-warning\""), std::string::npos);  // 3 seeds
}

TEST(report, a_comparison_report_heads_with_a_few_metrics_and_the_example_link) {
    Folder folder("compare-headline");
    const fs::path dir = folder.path() / "cmp";
    write(dir / "table.csv",
          "topology,routing,rate,seeds,delivery_ratio_mean,delivery_ratio_ci95_low,"
          "delivery_ratio_ci95_high,peak_queue_mean,peak_queue_ci95_low,peak_queue_ci95_high,"
          "latency_mean_s_mean,latency_mean_s_ci95_low,latency_mean_s_ci95_high\n"
          "ring,source,2/s,5,0.75,0.3,0.95,4,3,5,1.5,1.25,1.75\n");
    write(dir / "runs.csv", "topology,routing,rate,seed\nring,source,2/s,1\n");
    const std::string page = read(report::write_compare_report(dir));
    const std::size_t all = page.find("<details class=\"more\" id=\"all-columns\">");
    ASSERT_NE(all, std::string::npos);
    const std::string headline = page.substr(0, all);
    // Keys, then the link, then the headline metrics; peak queue on demand only.
    const std::size_t rate = headline.find(">rate</th>");
    const std::size_t link = headline.find(">example run</th>");
    const std::size_t ratio = headline.find(">delivery ratio (95%)</th>");
    EXPECT_LT(rate, link);
    EXPECT_LT(link, ratio);
    EXPECT_NE(ratio, std::string::npos);
    EXPECT_EQ(headline.find("peak queue"), std::string::npos);
    EXPECT_NE(page.find("peak queue (95%)", all), std::string::npos);
    EXPECT_NE(headline.find("0.75 <span class=\"ci\">[0.3, 0.95]</span>"), std::string::npos);
    EXPECT_NE(headline.find("1.5 <span class=\"ci\">± 0.25</span>"), std::string::npos);
    EXPECT_NE(page.find("All 7 columns"), std::string::npos);         // 3 keys, seeds, 3 means
    EXPECT_EQ(page.find("id=\"seeds-warning\""), std::string::npos);  // 5 seeds
}

TEST(report, a_comparisons_svg_plots_are_images_never_markup_of_the_page) {
    Folder folder("compare-plots");
    const fs::path dir = folder.path() / "cmp";
    write(dir / "table.csv", "topology,routing,seeds\nline3,source,1\n");
    write(dir / "runs.csv", "topology,routing,seed\nline3,source,1\n");
    const std::string svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>"
        "<script>alert(2)</script>";
    write(dir / "evil.svg", svg);
    const std::string page = read(report::write_compare_report(dir));
    EXPECT_EQ(page.find("alert("), std::string::npos);
    EXPECT_EQ(page.find("<svg"), std::string::npos);
    EXPECT_NE(
        page.find("<img class=\"plot-image\" alt=\"evil.svg\" src=\"data:image/svg+xml;base64," +
                  core::base64(svg) + "\">"),
        std::string::npos);
    EXPECT_NE(page.find("img-src data:;"), std::string::npos);
}

TEST(report_command, bad_input_exits_with_2_and_writes_nothing) {
    Folder folder("cli");
    const fs::path run = run_builtin(folder.path() / "run");
    const auto status = [](const std::string& args) {
        const int raw = std::system(
            (std::string(SMTPSIM_BINARY) + " report " + args + " >/dev/null 2>&1").c_str());
        return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    };
    EXPECT_EQ(status((folder.path() / "missing").string()), 2);
    EXPECT_EQ(status(run.string() + " --from soon"), 2);
    EXPECT_EQ(status(run.string() + " --mail 99"), 2);
    EXPECT_EQ(
        status(run.string() + " --scenario " + source_dir + "/scenarios/failures/host-down.json"),
        2);
    EXPECT_FALSE(fs::exists(run / "report.html"));
    EXPECT_EQ(status(run.string() + " --mail 1 --max-lines 10"), 0);
    EXPECT_TRUE(fs::exists(run / "report.html"));
}
