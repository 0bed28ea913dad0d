// Sweep arguments, the grid of their values, and the scenario at a grid point.
#include "compare/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "core/input_error.hpp"
#include "core/json_input.hpp"
#include "core/plural.hpp"

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

// The reference tokens of an RFC 6901 pointer ("/a~1b/0": "a/b", "0");
// nothing when it is not one.
std::optional<std::vector<std::string>> pointer_tokens(std::string_view pointer) {
    std::vector<std::string> tokens;
    for (std::size_t at = 0; at < pointer.size();) {
        if (pointer[at] != '/') {
            return std::nullopt;
        }
        std::string token;
        for (++at; at < pointer.size() && pointer[at] != '/'; ++at) {
            if (pointer[at] != '~') {
                token += pointer[at];
            } else if (at + 1 < pointer.size() &&
                       (pointer[at + 1] == '0' || pointer[at + 1] == '1')) {
                token += pointer[++at] == '0' ? '~' : '/';
            } else {
                return std::nullopt;  // RFC 6901 3: ~ only as ~0 or ~1
            }
        }
        tokens.push_back(std::move(token));
    }
    return tokens;
}

// The settings other options make: a sweep of them would change nothing.
constexpr std::pair<std::string_view, std::string_view> set_by_options[] = {
    {"seed", "--seeds (run k has the seed S + k)"},
    {"routing", "--routing"},
    {"topology", "--topology (the scenario's own topology is not used)"},
};

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
    const auto tokens = pointer_tokens(sweep.pointer);
    if (!tokens) {
        fail("PATH is not a JSON pointer (RFC 6901: a ~ is written ~0, a / inside a name ~1)");
    }
    for (const auto& [key, option] : set_by_options) {
        if (tokens->front() == key) {
            throw core::InputError("command line", "--set",
                                   "\"" + sweep.pointer + "\": the scenario's " + std::string(key) +
                                       " is set by " + std::string(option) + ", not by --set");
        }
    }
    std::string rest = text.substr(equals + 1) + ",";
    for (std::size_t start = 0, comma; (comma = rest.find(',', start)) != std::string::npos;
         start = comma + 1) {
        sweep.values.push_back(rest.substr(start, comma - start));
        if (sweep.values.back().empty()) {
            fail("an empty value");
        }
        for (std::size_t i = 0; i + 1 < sweep.values.size(); ++i) {
            if (value_of(sweep.values[i]) == value_of(sweep.values.back())) {
                throw core::InputError(
                    "command line", "--set",
                    fmt::format("{}: the value {} is given twice ({} and {}); expected each once",
                                sweep.pointer, value_of(sweep.values.back()).dump(),
                                sweep.values[i], sweep.values.back()));
            }
        }
    }
    return sweep;
}

void check_sweeps(const std::vector<Sweep>& sweeps) {
    for (std::size_t i = 0; i < sweeps.size(); ++i) {
        const auto a = *pointer_tokens(sweeps[i].pointer);
        for (std::size_t k = 0; k < i; ++k) {
            const auto b = *pointer_tokens(sweeps[k].pointer);
            const auto& shorter = a.size() < b.size() ? a : b;
            if (std::equal(shorter.begin(), shorter.end(), (a.size() < b.size() ? b : a).begin())) {
                throw core::InputError(
                    "command line", "--set",
                    a == b ? fmt::format("{} is swept twice; give each setting one --set with "
                                         "all its values",
                                         sweeps[i].pointer)
                           : fmt::format("{} and {}: one setting is inside the other, so one "
                                         "sweep would overwrite the other",
                                         sweeps[k].pointer, sweeps[i].pointer));
            }
        }
    }
}

std::optional<std::uint64_t> grid_points(const std::vector<Sweep>& sweeps) {
    std::uint64_t size = 1;
    for (const Sweep& s : sweeps) {
        if (__builtin_mul_overflow(size, std::uint64_t{s.values.size()}, &size)) {
            return std::nullopt;
        }
    }
    return size;
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

namespace {

// Where a sweep's value goes in `doc`: every part of the pointer but the
// last leads to a member or an element that is there, and the last names a
// member of an object (new or not) or an element of an array that is there.
nlohmann::json& setting(nlohmann::json& doc, const std::string& pointer, const std::string& file) {
    const std::vector<std::string> tokens = *pointer_tokens(pointer);
    nlohmann::json* at = &doc;
    std::string reached;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& token = tokens[i];
        const bool last = i + 1 == tokens.size();
        const auto fail = [&](const std::string& why) {
            throw core::InputError(
                file, pointer,
                fmt::format("--set: {} (at {})", why, reached.empty() ? "the top" : reached));
        };
        if (at->is_object()) {
            if (!last && !at->contains(token)) {
                fail(fmt::format("no \"{}\" here to hold the setting", token));
            }
            at = &(*at)[token];
        } else if (at->is_array()) {
            std::size_t index = 0;
            const auto [end, error] =
                std::from_chars(token.data(), token.data() + token.size(), index);
            if (token.empty() || error != std::errc() || end != token.data() + token.size() ||
                (token.size() > 1 && token[0] == '0') || index >= at->size()) {
                fail(fmt::format("\"{}\" is not an element of this array of {}", token,
                                 core::count_of(at->size(), "element")));
            }
            at = &(*at)[index];
        } else {
            fail(fmt::format("{} holds no setting \"{}\"", core::json_type_name(*at), token));
        }
        reached += "/" + token;
    }
    return *at;
}

}  // namespace

std::string swept_scenario(const std::string& file, const std::vector<Sweep>& sweeps,
                           std::size_t point) {
    nlohmann::json doc = core::parse_json(core::read_text_file(file), file);
    const std::vector<std::string> values = grid_values(sweeps, point);
    for (std::size_t i = 0; i < sweeps.size(); ++i) {
        setting(doc, sweeps[i].pointer, file) = value_of(values[i]);
    }
    return doc.dump();
}

}  // namespace smtpsim::compare
