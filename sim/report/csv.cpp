// A small RFC 4180 CSV reader.
#include "report/csv.hpp"

#include <fmt/core.h>

#include "core/input_error.hpp"
#include "core/json_input.hpp"

namespace smtpsim::report {
namespace {

// One record from `text` at `at` (moved past it); false at the end.
bool next_record(std::string_view text, std::size_t& at, std::vector<std::string>& fields,
                 std::size_t& line, const std::string& source) {
    fields.clear();
    if (at >= text.size()) {
        return false;
    }
    std::string field;
    bool quoted = false;
    for (; at < text.size(); ++at) {
        const char c = text[at];
        if (quoted) {
            if (c == '"' && at + 1 < text.size() && text[at + 1] == '"') {
                field += '"';
                ++at;
            } else if (c == '"') {
                quoted = false;
            } else {
                line += c == '\n' ? 1 : 0;
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            ++at;
            break;
        } else if (c != '\r') {
            field += c;
        }
    }
    if (quoted) {
        throw core::InputError(source, fmt::format("line {}", line), "a quote is not closed");
    }
    fields.push_back(std::move(field));
    ++line;
    return true;
}

}  // namespace

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == name) {
            return i;
        }
    }
    return std::nullopt;
}

std::string_view CsvTable::cell(std::size_t row, std::string_view name) const {
    const auto index = column(name);
    return index ? std::string_view(rows.at(row).at(*index)) : std::string_view();
}

CsvTable parse_csv(std::string_view text, const std::string& source) {
    CsvTable table;
    std::size_t at = 0;
    std::size_t line = 1;
    std::vector<std::string> fields;
    if (!next_record(text, at, fields, line, source) || fields.empty() || fields[0].empty()) {
        throw core::InputError(source, "line 1", "expected a header line of column names");
    }
    table.header = fields;
    while (next_record(text, at, fields, line, source)) {
        if (fields.size() == 1 && fields[0].empty()) {
            continue;  // a blank line
        }
        if (fields.size() != table.header.size()) {
            throw core::InputError(source, fmt::format("line {}", line - 1),
                                   fmt::format("expected {} fields as in the header, found {}",
                                               table.header.size(), fields.size()));
        }
        table.rows.push_back(fields);
    }
    return table;
}

CsvTable read_csv(const std::filesystem::path& file) {
    return parse_csv(core::read_text_file(file.string(), "a comparison's CSV table"),
                     file.string());
}

}  // namespace smtpsim::report
