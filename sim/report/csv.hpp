// Reading the CSV files a comparison writes (RFC 4180: commas, quoted fields
// with doubled quotes), by column name, so that added columns do no harm.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smtpsim::report {

struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;  // each as long as the header

    std::optional<std::size_t> column(std::string_view name) const;
    // The cell of `row` in the named column; empty when there is no such column.
    std::string_view cell(std::size_t row, std::string_view name) const;
};

// Throws core::InputError naming the file and line of a row whose length
// differs from the header's, or an unclosed quote.
CsvTable parse_csv(std::string_view text, const std::string& source);
CsvTable read_csv(const std::filesystem::path& file);

}  // namespace smtpsim::report
