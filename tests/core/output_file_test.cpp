// Output files: whole or not at all, only regular files, every failure named.
#include "core/output_file.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/input_error.hpp"

using smtpsim::core::AtomicFile;
using smtpsim::core::InputError;
using smtpsim::core::OutputError;
namespace fs = std::filesystem;

namespace {

class OutputFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("smtpsim-output-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string read(const fs::path& path) const {
        std::ifstream in(path);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
    // The names in the folder, to see that no temporary file is left.
    std::vector<std::string> names() const {
        std::vector<std::string> found;
        for (const auto& entry : fs::directory_iterator(dir_)) {
            found.push_back(entry.path().filename().string());
        }
        std::sort(found.begin(), found.end());
        return found;
    }
    // A file in the folder that already holds "old".
    fs::path old_file(const std::string& name) const {
        const fs::path target = dir_ / name;
        std::ofstream(target) << "old";
        return target;
    }
    // `target` holds `text`, and no other file (no temporary one) is left.
    void expect_alone(const fs::path& target, const std::string& text) const {
        EXPECT_EQ(read(target), text);
        EXPECT_EQ(names(), std::vector<std::string>{target.filename().string()});
    }

    fs::path dir_;
};

}  // namespace

TEST_F(OutputFileTest, commit_puts_the_whole_file_in_place) {
    const fs::path target = old_file("out.txt");
    {
        AtomicFile file(target);
        file.write("first ");
        file.stream() << "second " << 3;
        file.write(" fourth");
        EXPECT_EQ(read(target), "old");  // nothing changes before commit()
        file.commit();
    }
    expect_alone(target, "first second 3 fourth");
}

TEST_F(OutputFileTest, close_writes_everything_but_leaves_the_target_until_commit) {
    const fs::path target = old_file("out.txt");
    {
        AtomicFile file(target);
        file.stream() << "new";
        file.close();
        EXPECT_EQ(read(target), "old");
        EXPECT_EQ(names().size(), 2u);  // the closed temporary file is still there
        file.close();                   // closing twice is harmless
        file.commit();
        EXPECT_THROW(file.commit(), OutputError);
    }
    expect_alone(target, "new");
    {
        AtomicFile file(target);
        file.write("never");
        file.close();  // closed but not committed: removed, the target kept
    }
    expect_alone(target, "new");
}

TEST_F(OutputFileTest, a_file_not_committed_leaves_the_target_as_it_was) {
    const fs::path target = old_file("out.txt");
    {
        AtomicFile file(target);
        file.write("half of it");
    }
    expect_alone(target, "old");
}

TEST_F(OutputFileTest, only_regular_files_are_written) {
    ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
    fs::create_directory(dir_ / "folder");
    for (const fs::path& target : {fs::path("/dev/null"), dir_ / "fifo", dir_ / "folder",
                                   fs::path(""), dir_ / "missing" / "x"}) {
        EXPECT_THROW(AtomicFile{target}, InputError) << target;
    }
    struct stat st {};
    ASSERT_EQ(::stat("/dev/null", &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
    EXPECT_EQ(names(), (std::vector<std::string>{"fifo", "folder"}));
}

TEST_F(OutputFileTest, a_full_disk_is_an_output_error_naming_the_file) {
    const fs::path target = old_file("big.txt");
    // A disk that is full after 1000 bytes, for this process while the test runs.
    rlimit before{};
    ::getrlimit(RLIMIT_FSIZE, &before);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = before;
    small.rlim_cur = 1000;
    ::setrlimit(RLIMIT_FSIZE, &small);
    std::string what;
    try {
        AtomicFile file(target);
        file.stream() << std::string(5000, 'x');
        file.commit();
    } catch (const OutputError& e) {
        what = e.what();
    }
    ::setrlimit(RLIMIT_FSIZE, &before);
    std::signal(SIGXFSZ, old_handler);
    EXPECT_NE(what.find(target.string() + ": cannot write"), std::string::npos) << what;
    expect_alone(target, "old");
}
