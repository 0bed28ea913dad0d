// Exact numeric validators and the typo hint.
#include "cli/validators.hpp"

#include <vector>

#include "core/suggest.hpp"
#include "mta/hop_router.hpp"

namespace smtpsim::cli {
namespace {

bool starts_with(const std::string& text, std::string_view prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

// The subcommands of `app`, by name.
std::vector<std::string> subcommand_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        names.push_back(sub->get_name());
    }
    return names;
}

const CLI::App* subcommand_named(const CLI::App& app, const std::string& name) {
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->get_name() == name) {
            return sub;
        }
    }
    return nullptr;
}

// "--name" options of `app`, and of its parents for the ones CLI11 passes down (help).
std::vector<std::string> long_option_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::Option* option : app.get_options()) {
        for (const std::string& name : option->get_lnames()) {
            names.push_back("--" + name);
        }
    }
    return names;
}

std::string quoted_list(const std::vector<std::string>& names) {
    std::string list;
    for (const std::string& name : names) {
        list += (list.empty() ? "" : ", ") + name;
    }
    return list;
}

}  // namespace

CLI::Validator routing_mode_name() {
    std::vector<std::string> names(mta::routing_mode_names.names().begin(),
                                   mta::routing_mode_names.names().end());
    names.emplace_back(mta::deprecated_shortest);
    return CLI::IsMember(names);
}

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
    const std::string range = std::to_string(min) + " to " + std::to_string(max);
    return CLI::Validator(
        [min, max, range](std::string& text) -> std::string {
            std::uint64_t value = 0;
            bool ok = !text.empty() && text.size() <= 20;
            for (const char c : text) {
                if (!ok || c < '0' || c > '9' || __builtin_mul_overflow(value, 10, &value) ||
                    __builtin_add_overflow(value, static_cast<std::uint64_t>(c - '0'), &value)) {
                    ok = false;
                    break;
                }
            }
            if (!ok || value < min || value > max) {
                return "expected a whole number from " + range + ", found \"" + text + "\"";
            }
            return "";
        },
        "INT in [" + range + "]");
}

const CLI::Validator non_empty_path(
    [](std::string& text) -> std::string {
        return text.empty() ? "expected a path, found an empty one" : "";
    },
    "PATH");

std::optional<std::string> typo_hint(const CLI::App& app, int argc, const char* const* argv) {
    const CLI::App* current = &app;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--") {
            return std::nullopt;
        }
        if (starts_with(arg, "--")) {
            const std::string name = arg.substr(0, arg.find('='));
            const CLI::Option* option = current->get_option_no_throw(name);
            if (option == nullptr) {
                const auto names = long_option_names(*current);
                const auto near = core::nearest(name, names);
                const std::string where =
                    current == &app ? "smtpsim" : "smtpsim " + current->get_name();
                return "unknown option " + name + " of '" + where + "'" +
                       (near ? " (did you mean " + *near + "?)"
                             : "; expected one of " + quoted_list(names));
            }
            // Skip the option's values: one, or (for lists) all up to the next option.
            const int wanted =
                arg.find('=') != std::string::npos ? 0 : option->get_items_expected_max();
            for (int k = 0; k < wanted && i + 1 < argc; ++k) {
                if (wanted > 1 && starts_with(argv[i + 1], "--")) {
                    break;
                }
                ++i;
            }
            continue;
        }
        if (starts_with(arg, "-")) {
            continue;
        }
        if (const CLI::App* sub = subcommand_named(*current, arg)) {
            current = sub;
            continue;
        }
        if (current->get_require_subcommand_min() > 0) {
            const auto names = subcommand_names(*current);
            const auto near = core::nearest(arg, names);
            return "unknown command \"" + arg + "\"" +
                   (near ? " (did you mean " + *near + "?)"
                         : "; expected one of " + quoted_list(names));
        }
    }
    return std::nullopt;
}

}  // namespace smtpsim::cli
