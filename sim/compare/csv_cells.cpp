// CSV cells of the comparison's tables.
#include "compare/csv_cells.hpp"

#include <fmt/format.h>

#include <cmath>

namespace smtpsim::compare::detail {

std::string csv_number(double x, int digits) {
    return std::isnan(x) ? std::string() : fmt::format("{:.{}g}", x, digits);
}

// Labels and host names hold letters, digits, '.', '-', '_' and '/', but a
// path given on the command line might hold anything.
std::string csv_text(std::string_view text) {
    if (text.find_first_of(",\"\n") == std::string_view::npos) {
        return std::string(text);
    }
    std::string quoted = "\"";
    for (char c : text) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return quoted + "\"";
}

std::string key_header(const Comparison& comparison) {
    std::string out = "topology,routing";
    for (const std::string& column : comparison.sweep_columns()) {
        out += "," + csv_text(column);
    }
    return out;
}

std::string key_cells(const Comparison& comparison, std::size_t point, std::size_t topology,
                      mta::RoutingMode routing) {
    std::string out = csv_text(comparison.topologies()[topology].label) + "," +
                      std::string(mta::routing_mode_name(routing));
    for (const std::string& value : comparison.point_values(point)) {
        out += "," + csv_text(value);
    }
    return out;
}

}  // namespace smtpsim::compare::detail
