// Output folders: nothing below the folder a user names is reached through a
// symbolic link; names that are not one file name are refused or encoded.
#include "core/output_folder.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/input_error.hpp"
#include "core/output_file.hpp"

using smtpsim::core::AtomicFile;
using smtpsim::core::EntryKind;
using smtpsim::core::InputError;
using smtpsim::core::OutputFolder;
namespace fs = std::filesystem;
namespace core = smtpsim::core;

namespace {

class OutputFolderTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("smtpsim-folder-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "outside");
        std::ofstream(dir_ / "outside" / "summary.json") << "theirs";
        fs::create_directories(dir_ / "out");
    }
    void TearDown() override { fs::remove_all(dir_); }

    // The folder "outside" still holds its one file, as it was.
    void expect_outside_untouched() const {
        std::set<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir_ / "outside")) {
            names.insert(entry.path().filename().string());
        }
        EXPECT_EQ(names, std::set<std::string>{"summary.json"});
        std::ifstream in(dir_ / "outside" / "summary.json", std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        EXPECT_EQ(text.str(), "theirs");
    }
    // The message of the InputError `make` throws, which must name `path`.
    template <typename F>
    std::string refusal(F make, const fs::path& path) const {
        try {
            make();
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
            return e.what();
        }
        ADD_FAILURE() << "no InputError for " << path;
        return "";
    }

    fs::path dir_;
};

TEST_F(OutputFolderTest, the_named_folder_is_made_with_its_parents) {
    const OutputFolder out = OutputFolder::open(dir_ / "a" / "b" / "c");
    EXPECT_TRUE(fs::is_directory(dir_ / "a" / "b" / "c"));
    EXPECT_EQ(out.path(), dir_ / "a" / "b" / "c");
}

TEST_F(OutputFolderTest, a_named_folder_that_is_a_link_is_refused_with_or_without_a_slash) {
    fs::create_directory_symlink(dir_ / "outside", dir_ / "link");
    const std::string message = refusal([&] { OutputFolder::open(dir_ / "link"); }, dir_ / "link");
    EXPECT_NE(message.find("symbolic link"), std::string::npos) << message;
    refusal([&] { OutputFolder::open((dir_ / "link").string() + "/"); }, dir_ / "link");
    refusal([&] { OutputFolder::open(dir_ / "link", false); }, dir_ / "link");
    expect_outside_untouched();
}

TEST_F(OutputFolderTest, the_folders_leading_to_the_named_one_are_followed_as_named) {
    fs::create_directory_symlink(dir_ / "outside", dir_ / "via");
    const OutputFolder out = OutputFolder::open(dir_ / "via" / "run");
    EXPECT_TRUE(fs::is_directory(dir_ / "outside" / "run"));
}

TEST_F(OutputFolderTest, a_folder_inside_is_made_and_a_link_there_is_refused) {
    const OutputFolder out = OutputFolder::open(dir_ / "out");
    out.folder("runs").folder("ring-source");
    EXPECT_TRUE(fs::is_directory(dir_ / "out" / "runs" / "ring-source"));
    fs::create_directory_symlink(dir_ / "outside", dir_ / "out" / "mailboxes");
    refusal([&] { out.folder("mailboxes"); }, dir_ / "out" / "mailboxes");
    refusal([&] { out.existing_folder("mailboxes"); }, dir_ / "out" / "mailboxes");
    refusal([&] { out.check_folder("mailboxes", "mail"); }, dir_ / "out" / "mailboxes");
    // A link one level further down (runs/<row>), and a dangling one.
    fs::create_directory_symlink(dir_ / "outside", dir_ / "out" / "runs" / "row");
    refusal([&] { out.folder("runs").folder("row"); }, dir_ / "out" / "runs" / "row");
    fs::create_directory_symlink(dir_ / "nowhere", dir_ / "out" / "dangling");
    refusal([&] { out.folder("dangling"); }, dir_ / "out" / "dangling");
    EXPECT_FALSE(fs::exists(dir_ / "nowhere"));
    expect_outside_untouched();
}

TEST_F(OutputFolderTest, a_file_where_a_folder_goes_is_refused) {
    std::ofstream(dir_ / "out" / "runs") << "x";
    const OutputFolder out = OutputFolder::open(dir_ / "out");
    const std::string message = refusal([&] { out.folder("runs"); }, dir_ / "out" / "runs");
    EXPECT_NE(message.find("not a folder"), std::string::npos) << message;
}

TEST_F(OutputFolderTest, files_go_into_the_opened_folder_even_when_its_path_is_swapped) {
    const OutputFolder out = OutputFolder::open(dir_ / "out");
    const OutputFolder runs = out.folder("runs");
    // After the folder was opened, its name is made a link to another folder.
    fs::rename(dir_ / "out" / "runs", dir_ / "out" / "moved");
    fs::create_directory_symlink(dir_ / "outside", dir_ / "out" / "runs");
    core::write_file_atomically(runs, "summary.json", "ours");
    expect_outside_untouched();
    std::ifstream in(dir_ / "out" / "moved" / "summary.json");
    std::string text;
    in >> text;
    EXPECT_EQ(text, "ours");
}

TEST_F(OutputFolderTest, a_file_that_is_a_link_is_replaced_not_followed) {
    fs::create_symlink(dir_ / "outside" / "summary.json", dir_ / "out" / "summary.json");
    const OutputFolder out = OutputFolder::open(dir_ / "out");
    AtomicFile file(out, "summary.json");
    file.write("ours");
    file.commit();
    EXPECT_FALSE(fs::is_symlink(dir_ / "out" / "summary.json"));
    expect_outside_untouched();
}

TEST_F(OutputFolderTest, remove_all_removes_a_link_and_never_what_it_points_to) {
    const OutputFolder out = OutputFolder::open(dir_ / "out");
    const OutputFolder mail = out.folder("mailboxes").folder("A");
    core::write_file_atomically(mail, "alice.mbox", "x");
    fs::create_directory_symlink(dir_ / "outside", dir_ / "out" / "mailboxes" / "B");
    fs::create_symlink(dir_ / "outside" / "summary.json", dir_ / "out" / "mailboxes" / "f");
    EXPECT_TRUE(out.remove_all("mailboxes"));
    EXPECT_EQ(out.kind("mailboxes"), EntryKind::missing);
    fs::create_directory_symlink(dir_ / "outside", dir_ / "out" / "terminals");
    EXPECT_TRUE(out.remove_all("terminals"));
    EXPECT_EQ(out.kind("terminals"), EntryKind::missing);
    EXPECT_TRUE(out.remove_all("never-there"));
    expect_outside_untouched();
}

TEST_F(OutputFolderTest, remove_file_leaves_folders) {
    const OutputFolder out = OutputFolder::open(dir_ / "out");
    out.folder("keep");
    EXPECT_FALSE(out.remove_file("keep"));
    EXPECT_EQ(out.kind("keep"), EntryKind::folder);
    fs::create_directory_symlink(dir_ / "outside", dir_ / "out" / "link");
    EXPECT_EQ(out.kind("link"), EntryKind::link);
    EXPECT_TRUE(out.remove_file("link"));
    EXPECT_EQ(out.names(), std::vector<std::string>{"keep"});
    expect_outside_untouched();
}

TEST_F(OutputFolderTest, a_name_that_is_not_one_file_name_is_refused) {
    const OutputFolder out = OutputFolder::open(dir_ / "out");
    for (const std::string& name :
         {std::string(), std::string("."), std::string(".."), std::string("../outside"),
          std::string("a/b"), std::string("a\0b", 3), std::string(256, 'x')}) {
        EXPECT_THROW(out.folder(name), InputError) << name;
        EXPECT_THROW(AtomicFile(out, name), InputError) << name;
    }
    EXPECT_NO_THROW(AtomicFile(out, std::string(255, 'x')));
    expect_outside_untouched();
}

TEST(encoded_file_name, is_one_file_name_whatever_the_bytes) {
    EXPECT_EQ(core::encoded_file_name("Admin.MRC"), "Admin.MRC");
    EXPECT_EQ(core::encoded_file_name(".."), "%2E.");
    EXPECT_EQ(core::encoded_file_name("a/b"), "a%2Fb");
    EXPECT_EQ(core::encoded_file_name(std::string("a\0b", 3)), "a%00b");
    EXPECT_EQ(core::encoded_file_name("~"), "%7E");
    EXPECT_EQ(core::encoded_file_name(""), "%");
    for (const std::string& name : {std::string(255, 'x'), std::string(1000, '/'),
                                    std::string(300, '\0'), "y" + std::string(300, '%')}) {
        const std::string file = core::encoded_file_name(name);
        EXPECT_LE(file.size(), 200u) << file;
        EXPECT_NO_THROW(core::check_file_name("folder", file + ".mbox")) << file;
        EXPECT_EQ(file, core::encoded_file_name(name));  // the same name, the same file
    }
    // Long names that differ only at their end still get files of their own.
    EXPECT_NE(core::encoded_file_name(std::string(300, 'x') + "a"),
              core::encoded_file_name(std::string(300, 'x') + "b"));
}

}  // namespace
