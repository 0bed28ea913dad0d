// JSON Lines through the checked JSON parser, and input files that must be
// regular files: errors name the file and the line.
#include "core/json_lines.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/input_error.hpp"

namespace fs = std::filesystem;
using smtpsim::core::input_file_present;
using smtpsim::core::InputError;
using smtpsim::core::max_json_line_bytes;
using smtpsim::core::read_json_lines;

namespace {

// The error of reading `text` as JSON Lines; an empty one when it reads.
InputError error_of(const std::string& text) {
    std::istringstream in(text);
    try {
        read_json_lines(in, "t.jsonl", [](const nlohmann::json&, std::size_t) {});
    } catch (const InputError& e) {
        return e;
    }
    ADD_FAILURE() << "no InputError for " << text.substr(0, 80);
    return InputError("", "", "");
}

}  // namespace

TEST(json_lines, every_line_that_is_not_blank_is_read_with_its_number) {
    std::istringstream in("{\"a\":1}\n\n  \r\n[2]\n3");
    std::vector<std::pair<std::string, std::size_t>> read;
    read_json_lines(in, "t.jsonl", [&](const nlohmann::json& v, std::size_t line) {
        read.emplace_back(v.dump(), line);
    });
    const std::vector<std::pair<std::string, std::size_t>> expected{
        {"{\"a\":1}", 1}, {"[2]", 4}, {"3", 5}};
    EXPECT_EQ(read, expected);
}

TEST(json_lines, a_bad_line_is_named_by_its_number) {
    EXPECT_EQ(error_of("{}\n{\"t\":1e400}\n").location(), "2:6");
    const InputError twice = error_of("{}\n{}\n{\"t\":1,\"t\":2}\n");
    EXPECT_EQ(twice.location(), "line 3");
    EXPECT_EQ(twice.problem().rfind("/t: ", 0), 0u) << twice.what();
    EXPECT_EQ(error_of("{}\n" + std::string(100, '[')).location(), "2:65");
    EXPECT_EQ(error_of("{}\n{\"a\" 1}").location().rfind("2:", 0), 0u);
}

TEST(json_lines, a_line_longer_than_the_limit_is_refused_before_it_is_parsed) {
    const InputError e = error_of("{}\n\"" + std::string(max_json_line_bytes + 1, 'x') + "\"\n");
    EXPECT_EQ(e.location(), "line 2");
    EXPECT_NE(e.problem().find("1 MiB"), std::string::npos) << e.what();
}

TEST(json_lines, only_regular_files_are_input_files) {
    const fs::path dir = fs::temp_directory_path() / "smtpsim-json-lines-test";
    fs::remove_all(dir);
    fs::create_directories(dir / "folder");
    std::ofstream(dir / "file") << "{}\n";
    fs::create_symlink("loop", dir / "loop");
    fs::create_symlink("nowhere", dir / "dangling");
    fs::create_symlink("/dev/zero", dir / "zero");
    ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
    EXPECT_TRUE(input_file_present((dir / "file").string(), "a file"));
    EXPECT_FALSE(input_file_present((dir / "missing").string(), "a file"));
    for (const char* name : {"folder", "loop", "dangling", "zero", "fifo"}) {
        EXPECT_THROW(input_file_present((dir / name).string(), "a file"), InputError) << name;
        EXPECT_THROW(
            read_json_lines((dir / name).string(), [](const nlohmann::json&, std::size_t) {}),
            InputError)
            << name;
    }
    fs::remove_all(dir);
}
