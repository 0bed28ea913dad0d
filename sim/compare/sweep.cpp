// Sweep arguments, the grid of their values, and the scenario at a grid point.
#include "compare/sweep.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "core/input_error.hpp"
#include "core/json_input.hpp"

namespace smtpsim::compare {
namespace {

// A value as written on the command line, as JSON: numbers, true, false,
// null and quoted strings as JSON reads them; anything else ("2/s") a string.
nlohmann::json value_of(const std::string& text) {
    const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_discarded() && !parsed.is_object() && !parsed.is_array()) {
        return parsed;
    }
    return text;
}

}  // namespace

Sweep parse_sweep(const std::string& text) {
    const auto fail = [&](const std::string& why) {
        throw core::InputError("command line", "--set",
                               "expected PATH=V1,V2,... with PATH a JSON pointer such as "
                               "/traffic/0/rate, found \"" +
                                   text + "\": " + why);
    };
    const auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0 || text[0] != '/') {
        fail("no PATH starting with / before an =");
    }
    Sweep sweep{text.substr(0, equals), {}};
    try {
        (void)nlohmann::json::json_pointer(sweep.pointer);
    } catch (const nlohmann::json::exception& e) {
        fail(e.what());
    }
    std::string rest = text.substr(equals + 1) + ",";
    for (std::size_t start = 0, comma; (comma = rest.find(',', start)) != std::string::npos;
         start = comma + 1) {
        sweep.values.push_back(rest.substr(start, comma - start));
        if (sweep.values.back().empty()) {
            fail("an empty value");
        }
    }
    return sweep;
}

std::size_t grid_size(const std::vector<Sweep>& sweeps) {
    std::size_t size = 1;
    for (const Sweep& s : sweeps) {
        size *= s.values.size();
    }
    return size;
}

std::vector<std::string> grid_values(const std::vector<Sweep>& sweeps, std::size_t point) {
    std::vector<std::string> values(sweeps.size());
    for (std::size_t i = sweeps.size(); i-- > 0;) {
        values[i] = sweeps[i].values[point % sweeps[i].values.size()];
        point /= sweeps[i].values.size();
    }
    return values;
}

std::vector<std::string> sweep_columns(const std::vector<Sweep>& sweeps) {
    std::map<std::string, int> uses;
    std::vector<std::string> last;
    for (const Sweep& s : sweeps) {
        last.push_back(s.pointer.substr(s.pointer.rfind('/') + 1));
        ++uses[last.back()];
    }
    std::vector<std::string> columns;
    for (std::size_t i = 0; i < sweeps.size(); ++i) {
        const bool unique = uses[last[i]] == 1 && !last[i].empty();
        columns.push_back(unique ? last[i] : sweeps[i].pointer);
    }
    return columns;
}

std::string swept_scenario(const std::string& file, const std::vector<Sweep>& sweeps,
                           std::size_t point) {
    nlohmann::json doc = core::parse_json(core::read_text_file(file), file);
    const std::vector<std::string> values = grid_values(sweeps, point);
    for (std::size_t i = 0; i < sweeps.size(); ++i) {
        const nlohmann::json::json_pointer pointer(sweeps[i].pointer);
        // The setting may be new, but what holds it must be there.
        if (!doc.contains(pointer.parent_pointer()) ||
            !(doc[pointer.parent_pointer()].is_object() ||
              (doc[pointer.parent_pointer()].is_array() && doc.contains(pointer)))) {
            throw core::InputError(file, sweeps[i].pointer,
                                   "--set: no object or array element to set here");
        }
        doc[pointer] = value_of(values[i]);
    }
    return doc.dump();
}

}  // namespace smtpsim::compare
