// Reading JSON input files with errors that name the file, the place (JSON
// pointer, or line:column for syntax errors) and what was expected. Unknown
// fields are errors, with a suggestion for near misses: a typo never passes.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "core/input_error.hpp"
#include "core/time.hpp"

namespace smtpsim::core {

// Where a value is in the document, kept as a chain on the stack so that a
// JSON pointer is built only when there is an error to report.
struct JsonWhere {
    const JsonWhere* parent = nullptr;
    std::string_view key;  // empty: an array element
    std::size_t index = 0;

    JsonWhere field(std::string_view name) const { return JsonWhere{this, name, 0}; }
    JsonWhere item(std::size_t i) const { return JsonWhere{this, {}, i}; }
    std::string pointer() const;  // RFC 6901, "" for the root
};

// "a string", "an object", ... for messages.
std::string json_type_name(const nlohmann::json& j);

// "line:column" (1-based) of a byte offset in text.
std::string line_column(std::string_view text, std::size_t byte);

// Arrays and objects may nest this deep in an input file, no deeper: the
// readers recurse over the document, and a crafted file must not exhaust the stack.
inline constexpr std::size_t max_json_depth = 64;

// Parses JSON text; a syntax error, or nesting deeper than max_json_depth,
// becomes an InputError at line:column, and an object holding the same key
// twice an InputError at the key's JSON pointer (the last one would win
// silently otherwise).
nlohmann::json parse_json(std::string_view text, const std::string& source);

// Where the elements of some arrays of the root object go, one at a time,
// as they are parsed, instead of into the document: a 100,000-host
// topology's document is larger than the topology it describes.
class JsonStream {
  public:
    virtual ~JsonStream() = default;
    // A key of the root object, as the parser reaches it.
    virtual void root_key(std::string_view key) = 0;
    // Whether the elements of the root's array under `key` go to element().
    virtual bool streams(std::string_view key) const = 0;
    // Element `index` of the root's array under `key`, whole.
    virtual void element(std::string_view key, std::size_t index, nlohmann::json element) = 0;
};

// As parse_json, into `doc`, which `stream` may read while elements arrive
// (what the parser has reached so far): the arrays it streams are left
// empty there. What `stream` throws goes through; a syntax error or a
// repeated key throws as in parse_json, possibly after elements were given.
void parse_json(std::string_view text, const std::string& source, nlohmann::json& doc,
                JsonStream& stream);

// The largest input file read (topologies, scenarios): 256 MiB.
inline constexpr std::uint64_t max_input_file_bytes = std::uint64_t{256} << 20;

// The contents of a regular file of at most max_input_file_bytes; throws
// InputError when it cannot be read, is not a regular file (a folder, a
// device such as /dev/zero, a pipe, a symbolic link in a loop) or is larger,
// saying that `what` ("a run's summary.json") was expected.
std::string read_text_file(const std::string& path, std::string_view what);
// The same, for a topology or scenario file.
std::string read_text_file(const std::string& path);

class JsonReader {
  public:
    explicit JsonReader(std::string source) : source_(std::move(source)) {}
    const std::string& source() const { return source_; }

    [[noreturn]] void fail(const JsonWhere& where, std::string problem) const;

    // `j` must be an object whose keys are all in `allowed`.
    void check_object(const nlohmann::json& j, const JsonWhere& where,
                      std::span<const std::string_view> allowed, std::string_view what) const;
    static const nlohmann::json* find(const nlohmann::json& object, std::string_view key);
    const nlohmann::json& require(const nlohmann::json& object, const JsonWhere& where,
                                  std::string_view key, std::string_view what) const;
    void expect_array(const nlohmann::json& j, const JsonWhere& where, std::string_view of) const;

    std::string string_value(const nlohmann::json& j, const JsonWhere& where) const;
    bool bool_value(const nlohmann::json& j, const JsonWhere& where) const;
    // A whole number in [min, max].
    std::uint64_t count_value(const nlohmann::json& j, const JsonWhere& where, std::uint64_t min,
                              std::uint64_t max) const;
    double number_value(const nlohmann::json& j, const JsonWhere& where) const;
    // A duration string ("250ms"); `positive` rejects zero.
    Time duration_value(const nlohmann::json& j, const JsonWhere& where, bool positive) const;

  private:
    std::string source_;
};

}  // namespace smtpsim::core
