// Input files read back by name (a run's or a comparison's own outputs, and
// JSON Lines traces): whether one is there, and JSON Lines read a line at a
// time through the same checked parser as every JSON input (core/json_input),
// with errors that name the file and the line.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace smtpsim::core {

// Whether there is an input file at `path`: false when nothing is there; an
// InputError when what is there is not a regular file (a folder, a device, a
// pipe, a symbolic link that leads nowhere or round in a loop), saying that
// `what` ("a run's trace") was expected.
bool input_file_present(const std::string& path, std::string_view what);

// The longest line of a JSON Lines file: 1 MiB (the longest line smtpsim
// writes, a hop record of a mail with many recipients, is a few kilobytes).
inline constexpr std::size_t max_json_line_bytes = std::size_t{1} << 20;

// Calls `each` with every line of the stream that is not blank, parsed as
// parse_json parses a file (depth, repeated keys, numbers beyond a double),
// and its number. Throws InputError at "line N" (or "N:C" for a syntax
// error) for a line that does not parse or is longer than max_json_line_bytes;
// what `each` throws goes through.
using JsonLineHandler = std::function<void(const nlohmann::json& value, std::size_t line)>;
void read_json_lines(std::istream& in, const std::string& source, const JsonLineHandler& each);

// The same on the regular file `path`, which must be there (read_text_file's
// checks, without its size limit: a trace is read a line at a time).
void read_json_lines(const std::string& path, const JsonLineHandler& each);

}  // namespace smtpsim::core
