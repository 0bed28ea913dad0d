// Reading the JSON Lines files of a run (events.jsonl, hops.jsonl,
// outcomes.jsonl) one record at a time, with errors that name the file, the
// line and what was expected. Fields the report does not know are ignored, so
// that a newer trace with more fields still reads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/time.hpp"

namespace smtpsim::report {

class Record {
  public:
    Record(const nlohmann::json& object, const std::string& file, std::size_t line)
        : object_(object), file_(file), line_(line) {}

    [[noreturn]] void fail(const std::string& problem) const;

    // Required fields; a missing or mistyped one is an InputError.
    core::Time time(std::string_view key) const;  // seconds, as a number
    std::uint64_t count(std::string_view key) const;
    std::string_view text(std::string_view key) const;
    const nlohmann::json& array(std::string_view key) const;
    // An array field that may be absent (then empty).
    const nlohmann::json& array_or_empty(std::string_view key) const;

    // Optional fields: nothing when absent or null.
    std::optional<core::Time> optional_time(std::string_view key) const;
    std::optional<std::uint64_t> optional_count(std::string_view key) const;
    std::optional<std::string_view> optional_text(std::string_view key) const;

    // An element of an array field, as text or count.
    std::string_view text_item(const nlohmann::json& item, std::string_view key) const;
    std::uint64_t count_item(const nlohmann::json& item, std::string_view key) const;

  private:
    const nlohmann::json* find(std::string_view key) const;
    const nlohmann::json& object_;
    const std::string& file_;
    std::size_t line_;
};

// The latest time a trace may give, in seconds: that of core::Time::max(),
// rounded down.
inline constexpr double max_trace_seconds = 9'223'372'036.0;

// Seconds as the trace writes them (a number) to exact nanoseconds.
core::Time seconds_to_time(double seconds);

// Calls `each` for every non-blank line of `file`, parsed as a JSON object
// by core::read_json_lines (a regular file, lines of at most 1 MiB, the
// checks of every JSON input). Throws InputError when the file cannot be
// read or a line is not an object.
void read_jsonl(const std::filesystem::path& file, const std::function<void(const Record&)>& each);
// The same on a stream, named `source` in errors.
void read_jsonl(std::istream& in, const std::string& source,
                const std::function<void(const Record&)>& each);

}  // namespace smtpsim::report
