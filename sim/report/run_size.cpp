// Estimates of a run folder's size, made before a report reads it.
#include "report/run_size.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <string>
#include <unordered_set>

#include "core/json_lines.hpp"

namespace smtpsim::report {
namespace {

namespace fs = std::filesystem;

bool name_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
           u == '.' || u >= 0x80;
}

// DOT's keywords (case does not matter) name no node.
bool keyword(std::string_view word) {
    if (word.size() > 8) {
        return false;
    }
    std::string lower(word);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower == "graph" || lower == "digraph" || lower == "node" || lower == "edge" ||
           lower == "subgraph" || lower == "strict";
}

// Where the comment or quoted string starting at `i` ends (one past it).
std::size_t skip_comment(std::string_view dot, std::size_t i) {
    if (dot[i] == '#' || dot.substr(i, 2) == "//") {
        const std::size_t end = dot.find('\n', i);
        return end == std::string_view::npos ? dot.size() : end + 1;
    }
    const std::size_t end = dot.find("*/", i + 2);
    return end == std::string_view::npos ? dot.size() : end + 2;
}

std::size_t quoted_end(std::string_view dot, std::size_t i) {
    std::size_t j = i + 1;
    while (j < dot.size() && dot[j] != '"') {
        j += dot[j] == '\\' ? 2 : 1;
    }
    return std::min(j, dot.size());
}

}  // namespace

std::uint64_t count_records(const fs::path& file) {
    std::error_code error;
    const std::uintmax_t bytes = fs::file_size(file, error);
    if (!error && bytes > max_report_trace_bytes) {
        throw TooLarge(file.string(), "",
                       fmt::format("{} bytes, more than {} (4 GiB), the most a trace a run's "
                                   "report reads may have",
                                   bytes, max_report_trace_bytes));
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw core::InputError(file.string(), "", "cannot be opened for reading");
    }
    std::array<char, 1 << 16> buffer{};
    std::uint64_t lines = 0;
    char last = '\n';
    while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
        const char* begin = buffer.data();
        const char* end = begin + in.gcount();
        lines += static_cast<std::uint64_t>(std::count(begin, end, '\n'));
        last = end[-1];
    }
    return lines + (last != '\n' ? 1 : 0);
}

void check_trace_size(std::initializer_list<fs::path> files) {
    std::uint64_t records = 0;
    std::string counted;  // the files counted so far, "hops.jsonl and outcomes.jsonl"
    for (const fs::path& file : files) {
        const std::string what = "a run's " + file.filename().string();
        if (!core::input_file_present(file.string(), what)) {
            continue;
        }
        records += count_records(file);
        counted += (counted.empty() ? "" : " and ") + file.filename().string();
        if (records > max_report_records) {
            throw TooLarge(file.string(), "",
                           fmt::format("{} records (lines{}), more than {}, the most a run's "
                                       "report reads (about 10 us and 170 bytes a record)",
                                       records,
                                       counted.find(" and ") == std::string::npos
                                           ? std::string()
                                           : " of " + counted + " together",
                                       max_report_records));
        }
    }
}

std::uint64_t estimated_hosts(std::string_view dot, std::uint64_t limit) {
    std::unordered_set<std::string_view> names;
    std::size_t attributes = 0;  // depth of [ ... ]: the names there are attributes
    std::size_t i = 0;
    while (i < dot.size() && names.size() <= limit) {
        const char c = dot[i];
        if (c == '"') {
            const std::size_t end = quoted_end(dot, i);
            if (attributes == 0) {
                names.insert(dot.substr(i + 1, end - i - 1));
            }
            i = end + 1;
        } else if ((c == '/' && i + 1 < dot.size() && (dot[i + 1] == '/' || dot[i + 1] == '*')) ||
                   (c == '#' && (i == 0 || dot[i - 1] == '\n'))) {
            i = skip_comment(dot, i);
        } else if (name_byte(c)) {
            std::size_t end = i;
            while (end < dot.size() && name_byte(dot[end])) {
                ++end;
            }
            const std::string_view word = dot.substr(i, end - i);
            if (attributes == 0 && !keyword(word)) {
                names.insert(word);
            }
            i = end;
        } else {
            attributes += c == '[' ? 1 : 0;
            attributes -= c == ']' && attributes > 0 ? 1 : 0;
            ++i;
        }
    }
    return names.size();
}

}  // namespace smtpsim::report
