// A comparison's report.html.
#include "report/compare_report.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <limits>
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
constexpr std::string_view ci_suffix = "_ci95";  // a half-width, as older comparisons wrote it
constexpr std::string_view low_suffix = "_ci95_low";
constexpr std::string_view high_suffix = "_ci95_high";
// Below this many seeds the page warns that the intervals are not usable
// (compare::min_seeds_for_intervals; report does not depend on compare).
constexpr int min_seeds_for_intervals = 5;
// The metrics the first table shows, when the table has them; the others
// are one click away. The first "delivered within" column joins them.
constexpr std::string_view headline_metrics[] = {"delivery_ratio", "returned_ratio",
                                                 "latency_mean_s", "hops_mean"};

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

std::string base_of(std::string_view column, std::string_view suffix) {
    return std::string(column.substr(0, column.size() - suffix.size()));
}

bool has_bounds(const CsvTable& table, const std::string& base) {
    return table.column(base + std::string(low_suffix)) &&
           table.column(base + std::string(high_suffix));
}

bool is_mean_with_interval(const CsvTable& table, std::string_view column) {
    if (!column.ends_with(mean_suffix)) {
        return false;
    }
    const std::string base = base_of(column, mean_suffix);
    return has_bounds(table, base) || table.column(base + std::string(ci_suffix));
}

bool is_empty_column(const CsvTable& table, std::string_view column) {
    for (std::size_t row = 0; row < table.rows.size(); ++row) {
        if (!table.cell(row, column).empty()) {
            return false;
        }
    }
    return true;
}

// A column that is part of a mean's interval, shown in the mean's cell.
bool is_interval(const CsvTable& table, std::string_view column) {
    for (const std::string_view suffix : {low_suffix, high_suffix, ci_suffix}) {
        if (column.ends_with(suffix) &&
            table.column(base_of(column, suffix) + std::string(mean_suffix))) {
            return true;
        }
    }
    return false;
}

double parsed(std::string_view text) {
    double value = std::numeric_limits<double>::quiet_NaN();
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

// "mean ± half-width", or "mean [low, high]" for an interval that is not
// symmetric (Wilson's, or one cut by a bound).
std::string interval_text(double mean, double low, double high) {
    if (std::isnan(low) || std::isnan(high)) {
        return readable_number(mean, 4);
    }
    // table.csv keeps 6 significant digits: symmetric to those.
    const double half = (high - low) / 2;
    const double scale = std::max({std::abs(low), std::abs(high), std::abs(mean)});
    if (std::abs((mean - low) - (high - mean)) <= 1e-5 * scale) {
        return fmt::format("{} <span class=\"ci\">± {}</span>", readable_number(mean, 4),
                           readable_number(half, 2));
    }
    return fmt::format("{} <span class=\"ci\">[{}, {}]</span>", readable_number(mean, 4),
                       readable_number(low, 3), readable_number(high, 3));
}

std::string mean_cell(const CsvTable& table, std::size_t row, std::string_view column) {
    const std::string base = base_of(column, mean_suffix);
    const std::string_view mean = table.cell(row, column);
    if (mean.empty()) {
        return "<td class=\"number missing\" title=\"no run had this metric\">—</td>";
    }
    const double m = parsed(mean);
    if (has_bounds(table, base)) {
        return number_cell(mean, interval_text(m, parsed(table.cell(row, base + "_ci95_low")),
                                               parsed(table.cell(row, base + "_ci95_high"))));
    }
    const double c = parsed(table.cell(row, base + std::string(ci_suffix)));
    return number_cell(mean, interval_text(m, m - c, m + c));
}

std::string column_heading(const CsvTable& table, std::string_view column) {
    const std::string name = is_mean_with_interval(table, column)
                                 ? readable(base_of(column, mean_suffix)) + " (95%)"
                                 : readable(column);
    return fmt::format("<th data-column=\"{}\">{}</th>", html_escaped(column), html_escaped(name));
}

std::string row_cell(const CsvTable& table, std::size_t row, std::string_view column) {
    return is_mean_with_interval(table, column) ? mean_cell(table, row, column)
                                                : number_cell(table.cell(row, column), "");
}

std::string link_cell(const fs::path& dir, const CsvTable& table, std::size_t row) {
    const std::string link = example_run_link(dir, table, row);
    return link.empty() ? "<td class=\"missing\" title=\"no example run kept\">—</td>"
                        : fmt::format("<td><a class=\"run-link\" href=\"{}\">report</a></td>",
                                      html_escaped(link));
}

// The columns that name a row: topology, routing and the swept settings.
std::vector<std::string> key_columns(const CsvTable& table) {
    std::vector<std::string> keys;
    const auto seeds = table.column("seeds");
    for (std::size_t c = 0; c < table.header.size() && (!seeds || c < *seeds); ++c) {
        if (is_mean_with_interval(table, table.header[c])) {
            break;  // a table without "seeds": its keys end at the first metric
        }
        keys.push_back(table.header[c]);
    }
    return keys;
}

// The headline metrics this table has, in their order: the means of
// headline_metrics, the first "delivered within"; else its first four means.
std::vector<std::string> headline_columns(const CsvTable& table) {
    std::vector<std::string> all;
    std::vector<std::string> chosen;
    for (const auto& column : table.header) {
        if (is_mean_with_interval(table, column) && !column.ends_with("_diff_mean") &&
            !is_empty_column(table, column)) {
            all.push_back(column);
        }
    }
    bool within = false;
    for (const auto& column : all) {
        const std::string base = base_of(column, mean_suffix);
        const bool wanted = std::find(std::begin(headline_metrics), std::end(headline_metrics),
                                      base) != std::end(headline_metrics);
        const bool first_within = !within && base.starts_with("delivered_within_");
        within = within || first_within;
        if (wanted || first_within) {
            chosen.push_back(column);
        }
    }
    if (chosen.empty()) {
        all.resize(std::min<std::size_t>(all.size(), 4));
        return all;
    }
    return chosen;
}

// The table a reader sees first: the row's keys, its example run, the
// headline metrics.
std::string headline_table(const fs::path& dir, const CsvTable& table) {
    const std::vector<std::string> keys = key_columns(table);
    const std::vector<std::string> metrics = headline_columns(table);
    std::string head = "<tr>";
    for (const auto& column : keys) {
        head += column_heading(table, column);
    }
    head += "<th>example run</th>";
    for (const auto& column : metrics) {
        head += column_heading(table, column);
    }
    std::string body;
    for (std::size_t row = 0; row < table.rows.size(); ++row) {
        body += "<tr>";
        for (const auto& column : keys) {
            body += row_cell(table, row, column);
        }
        body += link_cell(dir, table, row);
        for (const auto& column : metrics) {
            body += row_cell(table, row, column);
        }
        body += "</tr>\n";
    }
    return fmt::format(
        "<table class=\"sortable\" id=\"means\"><thead>{}</tr></thead><tbody>{}</tbody>"
        "</table>",
        head, body);
}

// Every column of table.csv, each mean with its interval in one cell.
std::string all_columns_table(const CsvTable& table) {
    std::string head = "<tr>";
    std::size_t shown = 0;
    for (const auto& column : table.header) {
        if (!is_interval(table, column) && !is_empty_column(table, column)) {
            head += column_heading(table, column);
            ++shown;
        }
    }
    std::string body;
    for (std::size_t row = 0; row < table.rows.size(); ++row) {
        body += "<tr>";
        for (const auto& column : table.header) {
            if (!is_interval(table, column) && !is_empty_column(table, column)) {
                body += row_cell(table, row, column);
            }
        }
        body += "</tr>\n";
    }
    return fmt::format(
        "<details class=\"more\" id=\"all-columns\"><summary>All {} columns, with the "
        "differences to the baseline (table.csv)</summary><div class=\"wide\"><table "
        "class=\"sortable\" id=\"means-all\"><thead>{}</tr></thead><tbody>{}</tbody></table>"
        "</div></details>",
        shown, head, body);
}

// A warning above the table when the seeds are too few for an interval.
std::string seeds_warning(const CsvTable& table) {
    if (table.rows.empty() || !table.column("seeds")) {
        return "";
    }
    const double seeds = parsed(table.cell(0, "seeds"));
    if (!(seeds < min_seeds_for_intervals)) {
        return "";
    }
    return fmt::format(
        "<p class=\"seeds-warning\" id=\"seeds-warning\" role=\"alert\">Only {} seed{}: "
        "fewer than {}, so the intervals are not usable (with 2 seeds Student's t is 12.7) and "
        "no difference is marked significant. Run with <code>--seeds {}</code> or more.</p>",
        readable_number(seeds, 4), seeds == 1 ? "" : "s", min_seeds_for_intervals,
        min_seeds_for_intervals);
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
        "<section><h2>Per topology and routing mode</h2>{}<p class=\"note\">Mean over the "
        "seeds and its 95% confidence interval: for shares of recipients (delivered, within, "
        "returned) Wilson's score interval, within [0, 1]; for the others Student's t (± "
        "half-width), cut at the metric's bounds ([low, high] where cut); — where no run had "
        "the metric. Click a column to sort.</p>{}{}</section>\n"
        "<section><h2>Plots</h2><div class=\"plots\">{}</div></section>\n"
        "<section><h2>The command</h2>{}</section>\n"
        "<section><h2>More tables</h2>{}{}{}</section>\n",
        seeds_warning(means), headline_table(dir, means), all_columns_table(means), plots(dir),
        command, optional_table(dir, "hosts.csv", "Per host"),
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
