// Input files read back by name, and JSON Lines through the checked parser.
#include "core/json_lines.hpp"

#include <array>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "core/input_error.hpp"
#include "core/json_input.hpp"

namespace smtpsim::core {
namespace {

namespace fs = std::filesystem;

// The error of a line's parse, placed in the file: parse_json sees one line,
// so its "1:C" is "N:C" here, and a pointer goes into the problem.
InputError in_file(const InputError& e, const std::string& source, std::size_t line) {
    const std::string& at = e.location();
    if (at.starts_with("1:")) {
        return InputError(source, std::to_string(line) + at.substr(1), e.problem());
    }
    const std::string line_text = "line " + std::to_string(line);
    return InputError(source, line_text, at.empty() ? e.problem() : at + ": " + e.problem());
}

void parse_line(std::string_view text, const std::string& source, std::size_t line,
                const JsonLineHandler& each) {
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) {
        return;
    }
    nlohmann::json value;
    try {
        value = parse_json(text, source);
    } catch (const InputError& e) {
        throw in_file(e, source, line);
    }
    each(value, line);
}

}  // namespace

bool input_file_present(const std::string& path, std::string_view what) {
    std::error_code error;
    const fs::file_status link = fs::symlink_status(path, error);
    if (error && error != std::errc::no_such_file_or_directory &&
        error != std::errc::not_a_directory) {
        throw InputError(path, "", "cannot be looked at: " + error.message());
    }
    if (!fs::exists(link)) {
        return false;
    }
    const fs::file_status target = fs::status(path, error);
    if (error || !fs::exists(target)) {
        throw InputError(path, "",
                         "a symbolic link that leads nowhere" +
                             (error ? " (" + error.message() + ")" : std::string()) +
                             "; expected " + std::string(what));
    }
    if (!fs::is_regular_file(target)) {
        throw InputError(
            path, "",
            "not a regular file (a folder, a device or a pipe); expected " + std::string(what));
    }
    return true;
}

void read_json_lines(std::istream& in, const std::string& source, const JsonLineHandler& each) {
    const std::string too_long = "a line longer than " + std::to_string(max_json_line_bytes >> 20) +
                                 " MiB, the longest line of a JSON Lines file read";
    std::string pending;  // the line read so far
    std::size_t line = 1;
    std::array<char, 1 << 16> buffer{};
    while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
        const std::string_view chunk(buffer.data(), static_cast<std::size_t>(in.gcount()));
        std::size_t start = 0;
        for (std::size_t end; (end = chunk.find('\n', start)) != std::string_view::npos;
             start = end + 1) {
            if (pending.size() + (end - start) > max_json_line_bytes) {
                throw InputError(source, "line " + std::to_string(line), too_long);
            }
            pending.append(chunk.substr(start, end - start));
            parse_line(pending, source, line++, each);
            pending.clear();
        }
        if (pending.size() + (chunk.size() - start) > max_json_line_bytes) {
            throw InputError(source, "line " + std::to_string(line), too_long);
        }
        pending.append(chunk.substr(start));
    }
    if (in.bad()) {
        throw InputError(source, "", "error while reading the file");
    }
    parse_line(pending, source, line, each);  // a last line without its newline
}

void read_json_lines(const std::string& path, const JsonLineHandler& each) {
    if (!input_file_present(path, "a JSON Lines file")) {
        throw InputError(path, "", "no such file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(path, "", "cannot open the file for reading");
    }
    read_json_lines(in, path, each);
}

}  // namespace smtpsim::core
