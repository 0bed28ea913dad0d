// JSON input helpers with precise errors.
#include "core/json_input.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

namespace smtpsim::core {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min(
                {row[j] + 1, row[j - 1] + 1,
                 diagonal + (to_upper_ascii(a[i - 1]) == to_upper_ascii(b[j - 1]) ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string JsonWhere::pointer() const {
    if (parent == nullptr) {
        return "";
    }
    std::string token;
    if (key.empty()) {
        token = std::to_string(index);
    } else {
        for (char c : key) {  // RFC 6901 escapes
            token += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
        }
    }
    return parent->pointer() + "/" + token;
}

std::string json_type_name(const nlohmann::json& j) {
    using value_t = nlohmann::json::value_t;
    switch (j.type()) {
        case value_t::null:
            return "null";
        case value_t::boolean:
            return "a boolean";
        case value_t::number_integer:
        case value_t::number_unsigned:
        case value_t::number_float:
            return "a number";
        case value_t::string:
            return "a string";
        case value_t::array:
            return "an array";
        case value_t::object:
            return "an object";
        case value_t::binary:
        case value_t::discarded:
            return "an unexpected value";
    }
    return "an unexpected value";
}

std::string line_column(std::string_view text, std::size_t byte) {
    const std::size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    return std::to_string(line) + ":" + std::to_string(end - line_start + 1);
}

nlohmann::json parse_json(std::string_view text, const std::string& source) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        std::string message = e.what();
        // nlohmann's text reads "[json.exception...] parse error at line L, column C: WHAT".
        if (const std::size_t column = message.find("column "); column != std::string::npos) {
            if (const std::size_t colon = message.find(": ", column); colon != std::string::npos) {
                message = message.substr(colon + 2);
            }
        }
        throw InputError(source, line_column(text, e.byte), "JSON syntax error: " + message);
    }
}

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(path, "", "cannot open the file for reading");
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        throw InputError(path, "", "error while reading the file");
    }
    return std::move(text).str();
}

void JsonReader::fail(const JsonWhere& where, std::string problem) const {
    throw InputError(source_, where.pointer(), std::move(problem));
}

void JsonReader::check_object(const nlohmann::json& j, const JsonWhere& where,
                              std::span<const std::string_view> allowed,
                              std::string_view what) const {
    if (!j.is_object()) {
        fail(where, "expected an object for " + std::string(what) + ", found " + json_type_name(j));
    }
    for (const auto& [key, value] : j.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) {
            continue;
        }
        std::string expected;
        std::string_view closest;
        std::size_t best = 3;  // suggest only near misses
        for (std::string_view name : allowed) {
            expected += (expected.empty() ? "" : ", ") + std::string(name);
            if (const std::size_t d = edit_distance(key, name); d < best) {
                best = d;
                closest = name;
            }
        }
        std::string problem = "unknown field \"" + key + "\" in " + std::string(what) +
                              "; expected one of " + expected;
        if (!closest.empty()) {
            problem += " (did you mean \"" + std::string(closest) + "\"?)";
        }
        fail(where.field(key), problem);
    }
}

const nlohmann::json* JsonReader::find(const nlohmann::json& object, std::string_view key) {
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

const nlohmann::json& JsonReader::require(const nlohmann::json& object, const JsonWhere& where,
                                          std::string_view key, std::string_view what) const {
    const nlohmann::json* value = find(object, key);
    if (value == nullptr) {
        fail(where,
             "missing required field \"" + std::string(key) + "\" (" + std::string(what) + ")");
    }
    return *value;
}

void JsonReader::expect_array(const nlohmann::json& j, const JsonWhere& where,
                              std::string_view of) const {
    if (!j.is_array()) {
        fail(where, "expected an array of " + std::string(of) + ", found " + json_type_name(j));
    }
}

std::string JsonReader::string_value(const nlohmann::json& j, const JsonWhere& where) const {
    if (!j.is_string()) {
        fail(where, "expected a string, found " + json_type_name(j));
    }
    return j.get<std::string>();
}

bool JsonReader::bool_value(const nlohmann::json& j, const JsonWhere& where) const {
    if (!j.is_boolean()) {
        fail(where, "expected true or false, found " + json_type_name(j));
    }
    return j.get<bool>();
}

std::uint64_t JsonReader::count_value(const nlohmann::json& j, const JsonWhere& where,
                                      std::uint64_t min, std::uint64_t max) const {
    const std::string range =
        "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (j.is_number_unsigned()) {
        const auto v = j.get<std::uint64_t>();
        if (v >= min && v <= max) {
            return v;
        }
        fail(where, "expected " + range + ", found " + std::to_string(v));
    }
    if (j.is_number_integer()) {
        fail(where, "expected " + range + ", found " + std::to_string(j.get<std::int64_t>()));
    }
    fail(where, "expected " + range + ", found " + json_type_name(j));
}

double JsonReader::number_value(const nlohmann::json& j, const JsonWhere& where) const {
    if (!j.is_number()) {
        fail(where, "expected a number, found " + json_type_name(j));
    }
    return j.get<double>();
}

Time JsonReader::duration_value(const nlohmann::json& j, const JsonWhere& where,
                                bool positive) const {
    const std::string text = string_value(j, where);
    Time t;
    try {
        t = parse_duration(text);
    } catch (const DurationError& e) {
        fail(where, e.what());
    }
    if (positive && t == Time::zero()) {
        fail(where, "expected a positive duration, found \"" + text + "\"");
    }
    return t;
}

}  // namespace smtpsim::core
