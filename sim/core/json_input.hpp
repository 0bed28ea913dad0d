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

// Parses JSON text; a syntax error becomes an InputError at line:column.
nlohmann::json parse_json(std::string_view text, const std::string& source);

// The contents of a file; throws InputError when it cannot be read.
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
