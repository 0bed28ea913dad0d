// JSON Lines records with errors that name the file and the line.
#include "report/jsonl.hpp"

#include <fmt/core.h>

#include <cmath>

#include "core/input_error.hpp"
#include "core/json_lines.hpp"

namespace smtpsim::report {

void Record::fail(const std::string& problem) const {
    throw core::InputError(file_, fmt::format("line {}", line_), problem);
}

const nlohmann::json* Record::find(std::string_view key) const {
    const auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
}

core::Time Record::time(std::string_view key) const {
    const auto value = optional_time(key);
    if (!value) {
        fail(fmt::format("expected \"{}\", a time in seconds", key));
    }
    return *value;
}

std::uint64_t Record::count(std::string_view key) const {
    const auto value = optional_count(key);
    if (!value) {
        fail(fmt::format("expected \"{}\", a whole number", key));
    }
    return *value;
}

std::string_view Record::text(std::string_view key) const {
    const auto value = optional_text(key);
    if (!value) {
        fail(fmt::format("expected \"{}\", a string", key));
    }
    return *value;
}

const nlohmann::json& Record::array(std::string_view key) const {
    const nlohmann::json* value = find(key);
    if (value == nullptr || !value->is_array()) {
        fail(fmt::format("expected \"{}\", an array", key));
    }
    return *value;
}

const nlohmann::json& Record::array_or_empty(std::string_view key) const {
    static const nlohmann::json empty = nlohmann::json::array();
    return find(key) == nullptr ? empty : array(key);
}

std::optional<core::Time> Record::optional_time(std::string_view key) const {
    const nlohmann::json* value = find(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_number() || value->get<double>() < 0) {
        fail(fmt::format("\"{}\": expected a time in seconds, not negative", key));
    }
    if (value->get<double>() > max_trace_seconds) {
        fail(
            fmt::format("\"{}\": {} s is beyond {} s (292 years), the latest time smtpsim "
                        "represents",
                        key, value->dump(), max_trace_seconds));
    }
    return seconds_to_time(value->get<double>());
}

std::optional<std::uint64_t> Record::optional_count(std::string_view key) const {
    const nlohmann::json* value = find(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    return count_item(*value, key);
}

std::optional<std::string_view> Record::optional_text(std::string_view key) const {
    const nlohmann::json* value = find(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    return text_item(*value, key);
}

std::string_view Record::text_item(const nlohmann::json& item, std::string_view key) const {
    if (!item.is_string()) {
        fail(fmt::format("\"{}\": expected a string", key));
    }
    return item.get_ref<const std::string&>();
}

std::uint64_t Record::count_item(const nlohmann::json& item, std::string_view key) const {
    if (!item.is_number_unsigned() &&
        !(item.is_number_integer() && item.get<std::int64_t>() >= 0)) {
        fail(fmt::format("\"{}\": expected a whole number, not negative", key));
    }
    return item.get<std::uint64_t>();
}

core::Time seconds_to_time(double seconds) {
    return core::Time::ns(std::llround(seconds * 1e9));
}

void read_jsonl(const std::filesystem::path& file, const std::function<void(const Record&)>& each) {
    const std::string name = file.string();
    core::read_json_lines(name, [&](const nlohmann::json& object, std::size_t line) {
        if (!object.is_object()) {
            throw core::InputError(name, fmt::format("line {}", line), "expected a JSON object");
        }
        each(Record(object, name, line));
    });
}

void read_jsonl(std::istream& in, const std::string& source,
                const std::function<void(const Record&)>& each) {
    core::read_json_lines(in, source, [&](const nlohmann::json& object, std::size_t line) {
        if (!object.is_object()) {
            throw core::InputError(source, fmt::format("line {}", line), "expected a JSON object");
        }
        each(Record(object, source, line));
    });
}

}  // namespace smtpsim::report
