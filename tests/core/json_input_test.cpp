// Reading input files: structure checks before the document is built (depth,
// repeated keys) and only regular files of a bounded size.
#include "core/json_input.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using smtpsim::core::InputError;
using smtpsim::core::parse_json;
using smtpsim::core::read_text_file;

namespace {

// "location: problem" of parsing `text`, or "no error".
std::string error_of(const std::string& text) {
    try {
        parse_json(text, "t.json");
    } catch (const InputError& e) {
        return e.location() + ": " + e.problem();
    }
    return "no error";
}

std::filesystem::path scratch(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("smtpsim-json-input-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir / name;
}

}  // namespace

TEST(json_input, nesting_beyond_64_levels_is_refused_at_its_line_and_column) {
    EXPECT_EQ(error_of(std::string(64, '[') + std::string(64, ']')), "no error");
    EXPECT_EQ(error_of(std::string(65, '[') + std::string(65, ']')),
              "1:65: arrays and objects nest deeper than 64 levels");
    EXPECT_EQ(error_of("{\"a\":\n" + std::string(100'000, '[')).substr(0, 5), "2:64:");
    // Brackets inside strings, escaped quotes included, are text.
    EXPECT_EQ(error_of(R"(["\"[[[[)" + std::string(100, '[') + R"("])"), "no error");
}

TEST(json_input, a_number_too_large_for_a_double_is_located) {
    EXPECT_EQ(error_of("{\"seed\":\n  44444444444444e444}"),
              "2:3: the number 44444444444444e444 is too large");
}

TEST(json_input, a_repeated_key_is_an_error_at_its_pointer) {
    EXPECT_EQ(error_of(R"({"a": 1, "a": 2})"),
              "/a: this key appears twice in the same object; give it once");
    EXPECT_EQ(error_of(R"({"x": [1, {"k": 1}, {"k": 2, "b/~": 3, "b/~": 4}]})").substr(0, 12),
              "/x/2/b~1~0: ");
    EXPECT_EQ(error_of(R"({"a": {"k": 1}, "b": {"k": 1}, "c": [{"k": 1}, {"k": 2}]})"), "no error");
    EXPECT_EQ(error_of(R"([{"a": [[], {}], "b": 1}, {"a": 1, "a": 1}])").substr(0, 5), "/1/a:");
}

TEST(json_input, objects_of_many_keys_are_checked_in_linear_time) {
    std::string text = "{";
    for (int i = 0; i < 200'000; ++i) {
        text += "\"k" + std::to_string(i) + "\": 0, ";
    }
    EXPECT_EQ(error_of(text + "\"last\": 1}"), "no error");
    EXPECT_EQ(error_of(text + "\"k17\": 1}").substr(0, 5), "/k17:");
}

TEST(json_input, only_regular_files_are_read) {
    for (const std::string path : {"/dev/zero", "/dev/null", "/"}) {
        try {
            read_text_file(path);
            FAIL() << path << " was read";
        } catch (const InputError& e) {
            EXPECT_NE(e.problem().find("not a regular file"), std::string::npos) << e.what();
        }
    }
    const auto fifo = scratch("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_THROW(read_text_file(fifo), InputError);  // refused, not waited on
    const auto file = scratch("ok.json");
    std::ofstream(file) << "{}";
    EXPECT_EQ(read_text_file(file), "{}");
    std::filesystem::remove_all(file.parent_path());
}

TEST(json_input, files_beyond_256_mib_are_refused_unread) {
    const auto big = scratch("big.json");
    std::ofstream(big).close();
    std::filesystem::resize_file(big, smtpsim::core::max_input_file_bytes + 1);  // sparse
    try {
        read_text_file(big);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(e.problem().find("larger than 256 MiB"), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(big.parent_path());
}

namespace {

// Records what a streamed parse hands over.
class Recorder final : public smtpsim::core::JsonStream {
  public:
    std::vector<std::string> seen;  // "key:KEY" or "ARRAY/INDEX=ELEMENT"
    void root_key(std::string_view key) override { seen.push_back("key:" + std::string(key)); }
    bool streams(std::string_view key) const override { return key == "a" || key == "b"; }
    void element(std::string_view key, std::size_t index, nlohmann::json element) override {
        seen.push_back(std::string(key) + "/" + std::to_string(index) + "=" + element.dump());
    }
};

}  // namespace

TEST(json_input, streamed_arrays_hand_over_each_element_whole_and_stay_empty_in_the_document) {
    const std::string text =
        R"({"x": {"a": [1, 2]}, "a": [1, "two", [3, [4]], {"k": [5], "m": {}}, null],
        "c": [6], "b": [], "d": 7.5, "b2": {"b": [8]}})";
    Recorder recorder;
    nlohmann::json doc;
    smtpsim::core::parse_json(text, "t.json", doc, recorder);
    EXPECT_EQ(recorder.seen,
              (std::vector<std::string>{"key:x", "key:a", "a/0=1", "a/1=\"two\"", "a/2=[3,[4]]",
                                        "a/3={\"k\":[5],\"m\":{}}", "a/4=null", "key:c", "key:b",
                                        "key:d", "key:b2"}));
    // Only the root's arrays are streamed; everything else is in the document.
    EXPECT_EQ(doc.dump(), R"({"a":[],"b":[],"b2":{"b":[8]},"c":[6],"d":7.5,"x":{"a":[1,2]}})");
}

TEST(json_input, a_repeated_key_inside_a_streamed_element_is_found_at_its_pointer) {
    Recorder recorder;
    nlohmann::json doc;
    try {
        smtpsim::core::parse_json(R"({"a": [{"k": 1}, {"k": 1, "k": 2}]})", "t.json", doc,
                                  recorder);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.location(), "/a/1/k");
    }
    // Syntax errors after elements were handed over still throw.
    EXPECT_THROW(smtpsim::core::parse_json(R"({"a": [1, 2,]})", "t.json", doc, recorder),
                 InputError);
}
