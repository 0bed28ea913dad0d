// A comparison's report.html.
#include "report/compare_report.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "core/base64.hpp"
#include "core/json_input.hpp"
#include "core/json_lines.hpp"
#include "core/output_file.hpp"
#include "core/random.hpp"
#include "report/assets.hpp"
#include "report/page.hpp"
#include "report/report.hpp"

namespace smtpsim::report {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view mean_suffix = "_mean";
constexpr std::string_view ci_suffix = "_ci95";

std::string readable(std::string_view column) {
    std::string text(column);
    std::replace(text.begin(), text.end(), '_', ' ');
    return text;
}

// Four significant digits, or a whole number from a thousand on.
std::string readable_number(double value, int digits) {
    return std::abs(value) >= 1000 ? fmt::format("{:.0f}", value)
                                   : fmt::format("{:.{}g}", value, digits);
}

// A number for people; the cell keeps the exact value to sort by.
std::string number_cell(std::string_view text, std::string_view shown) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return fmt::format("<td>{}</td>", html_escaped(shown.empty() ? text : shown));
    }
    return fmt::format("<td class=\"number\" data-value=\"{}\">{}</td>", html_escaped(text),
                       shown.empty() ? readable_number(value, 4) : std::string(shown));
}

// A part of a folder name: the bytes that are safe in one as they are, the
// others (and those of `also_encoded`) as %XX.
std::string file_name_part(std::string_view text, std::string_view also_encoded) {
    std::string part;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool safe = ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                           (byte >= '0' && byte <= '9') ||
                           std::string_view("._+,=@-").find(c) != std::string_view::npos) &&
                          also_encoded.find(c) == std::string_view::npos;
        part += safe ? std::string(1, c) : fmt::format("%{:02X}", byte);
    }
    return part;
}

bool is_mean_with_interval(const CsvTable& table, std::string_view column) {
    return column.ends_with(mean_suffix) &&
           table.column(std::string(column.substr(0, column.size() - mean_suffix.size())) +
                        std::string(ci_suffix));
}

bool is_empty_column(const CsvTable& table, std::string_view column) {
    for (std::size_t row = 0; row < table.rows.size(); ++row) {
        if (!table.cell(row, column).empty()) {
            return false;
        }
    }
    return true;
}

bool is_interval(const CsvTable& table, std::string_view column) {
    return column.ends_with(ci_suffix) &&
           table.column(std::string(column.substr(0, column.size() - ci_suffix.size())) +
                        std::string(mean_suffix));
}

std::string mean_cell(const CsvTable& table, std::size_t row, std::string_view column) {
    const std::string base(column.substr(0, column.size() - mean_suffix.size()));
    const std::string_view mean = table.cell(row, column);
    const std::string_view ci = table.cell(row, base + std::string(ci_suffix));
    if (mean.empty()) {
        return "<td class=\"number missing\" title=\"no run had this metric\">—</td>";
    }
    double m = 0;
    double c = 0;
    std::from_chars(mean.data(), mean.data() + mean.size(), m);
    std::from_chars(ci.data(), ci.data() + ci.size(), c);
    return number_cell(mean, fmt::format("{} <span class=\"ci\">± {}</span>", readable_number(m, 4),
                                         readable_number(c, 2)));
}

std::string means_table(const fs::path& dir, const CsvTable& table) {
    std::string head = "<tr>";
    for (const auto& column : table.header) {
        if (is_interval(table, column) || is_empty_column(table, column)) {
            continue;
        }
        const std::string name = is_mean_with_interval(table, column)
                                     ? readable(column.substr(0, column.size() - 5)) + " (± 95%)"
                                     : readable(column);
        head +=
            fmt::format("<th data-column=\"{}\">{}</th>", html_escaped(column), html_escaped(name));
    }
    head += "<th>example run</th></tr>";
    std::string body;
    for (std::size_t row = 0; row < table.rows.size(); ++row) {
        body += "<tr>";
        for (const auto& column : table.header) {
            if (is_interval(table, column) || is_empty_column(table, column)) {
                continue;
            }
            body += is_mean_with_interval(table, column) ? mean_cell(table, row, column)
                                                         : number_cell(table.cell(row, column), "");
        }
        const std::string link = example_run_link(dir, table, row);
        body += link.empty() ? "<td class=\"missing\" title=\"no example run kept\">—</td>"
                             : fmt::format("<td><a class=\"run-link\" href=\"{}\">report</a></td>",
                                           html_escaped(link));
        body += "</tr>\n";
    }
    return fmt::format(
        "<div class=\"wide\"><table class=\"sortable\" id=\"means\"><thead>{}"
        "</thead><tbody>{}</tbody></table></div>",
        head, body);
}

std::string plain_table(const CsvTable& table, std::string_view id) {
    std::string html = fmt::format("<table class=\"sortable\" id=\"{}\"><thead><tr>", id);
    for (const auto& column : table.header) {
        html += fmt::format("<th>{}</th>", html_escaped(readable(column)));
    }
    html += "</tr></thead><tbody>";
    for (std::size_t row = 0; row < table.rows.size(); ++row) {
        html += "<tr>";
        for (const auto& cell : table.rows[row]) {
            html += number_cell(cell, "");
        }
        html += "</tr>\n";
    }
    return html + "</tbody></table>";
}

// The SVG plots, each an <img> of a data: URL: a file read back from the
// folder is not trusted, and an SVG shown as an image runs no script and
// loads nothing (a <script>, an onload= or a "</svg><script>" in it stays
// inside the image), whatever else the page's policy allows.
std::string plots(const fs::path& dir) {
    std::set<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() == ".svg" &&
            core::input_file_present(entry.path().string(), "a plot")) {
            files.insert(entry.path());
        }
    }
    std::string html;
    for (const auto& file : files) {
        const std::string text = core::read_text_file(file.string());
        if (text.find("<svg") == std::string::npos) {
            continue;
        }
        html += fmt::format(
            "<figure class=\"plot\" data-file=\"{0}\"><img class=\"plot-image\" alt=\"{0}\" "
            "src=\"data:image/svg+xml;base64,{1}\"><figcaption>{0}</figcaption></figure>\n",
            html_escaped(file.filename().string()), core::base64(text));
    }
    return html.empty() ? "<p class=\"note\">No plots in this folder (made with --no-plots, or "
                          "without matplotlib).</p>"
                        : html;
}

std::string optional_table(const fs::path& dir, std::string_view file, std::string_view title) {
    if (!core::input_file_present((dir / file).string(), "a comparison's table")) {
        return "";
    }
    const std::string id(file.substr(0, file.find('.')));
    return fmt::format(
        "<details class=\"more\"><summary>{} ({})</summary><div class=\"wide\">{}"
        "</div></details>\n",
        title, file, plain_table(read_csv(dir / file), id));
}

}  // namespace

fs::path example_run_folder(std::string_view topology, std::string_view routing,
                            const std::vector<std::string>& swept_values) {
    std::string name = file_name_part(topology, "") + "-" + file_name_part(routing, "");
    for (const std::string& value : swept_values) {
        name += "-" + file_name_part(value, "-");
    }
    if (name.starts_with('.')) {
        name.replace(0, 1, "%2E");
    }
    constexpr std::size_t longest = 200;
    if (name.size() > longest) {
        name = fmt::format("{}~{:016x}", name.substr(0, longest - 17), core::stable_hash(name));
    }
    return fs::path("runs") / name;
}

std::string example_run_link(const fs::path& dir, const CsvTable& table, std::size_t row) {
    std::vector<std::string> swept;
    const auto routing = table.column("routing");
    const auto seeds = table.column("seeds");
    for (std::size_t c = routing ? *routing + 1 : 0; routing && seeds && c < *seeds; ++c) {
        swept.emplace_back(table.rows[row][c]);
    }
    const fs::path folder =
        example_run_folder(table.cell(row, "topology"), table.cell(row, "routing"), swept);
    std::error_code error;  // a link that leads nowhere is no link
    if (!fs::is_regular_file(dir / folder / "report.html", error)) {
        return "";
    }
    // A '%' of the folder's name is itself in a URL; the other bytes may stand as they are.
    std::string href;
    for (const char c : (folder / "report.html").generic_string()) {
        href += c == '%' ? std::string("%25") : std::string(1, c);
    }
    return href;
}

std::string compare_body(const fs::path& dir) {
    const CsvTable means = read_csv(dir / "table.csv");
    read_csv(dir / "runs.csv");  // checked, shown below
    std::string command;
    const std::string command_file = (dir / "command.txt").string();
    if (core::input_file_present(command_file, "a comparison's command.txt")) {
        command = fmt::format(
            "<pre id=\"command\">{}</pre>",
            html_escaped(core::read_text_file(command_file, "a comparison's command.txt")));
    }
    return fmt::format(
        "<section><h2>The command</h2>{}</section>\n"
        "<section><h2>Per topology and routing mode</h2><p class=\"note\">Mean over the seeds "
        "and the half-width of its 95% confidence interval (Student's t); — where no run had the "
        "metric. Click a column to sort.</p>{}</section>\n"
        "<section><h2>Plots</h2><div class=\"plots\">{}</div></section>\n"
        "<section><h2>More tables</h2>{}{}{}</section>\n",
        command, means_table(dir, means), plots(dir), optional_table(dir, "hosts.csv", "Per host"),
        optional_table(dir, "latency.csv", "Latency percentiles"),
        optional_table(dir, "runs.csv", "Every run"));
}

fs::path write_compare_report(const fs::path& dir) {
    folder_kind(dir);  // "not a folder" before "cannot open"
    return write_compare_report(core::OutputFolder::open(dir, false));
}

fs::path write_compare_report(const core::OutputFolder& folder) {
    const fs::path& dir = folder.path();
    if (folder_kind(dir) != FolderKind::comparison) {
        throw core::InputError((dir / "table.csv").string(), "",
                               "no such file: a comparison's folder holds table.csv and runs.csv");
    }
    fs::path name = dir.lexically_normal();
    if (name.filename().empty()) {
        name = name.parent_path();  // "results/compare/shared/"
    }
    const std::string page =
        whole_page("smtpsim comparison: " + name.filename().string(), "", compare_body(dir),
                   joined_assets({"compare.js"}), PageNeeds{.data_images = true});
    core::write_file_atomically(folder, "report.html", page);
    return folder.path_of("report.html");
}

}  // namespace smtpsim::report
