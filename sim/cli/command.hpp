// How subcommands plug into the smtpsim command line: each adds itself to the
// CLI11 app and registers the action to run when it is the one chosen.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

namespace smtpsim::cli {

struct Command {
    CLI::App* app;             // the (sub)command whose options were parsed
    std::function<int()> run;  // returns the exit status; throws core::InputError on bad input
};

using Registry = std::vector<Command>;

// One function per subcommand file. Keep this list in step with main.cpp.
void add_compare_command(CLI::App& app, Registry& registry);
void add_receive_command(CLI::App& app, Registry& registry);
void add_report_command(CLI::App& app, Registry& registry);
void add_route_command(CLI::App& app, Registry& registry);
void add_run_command(CLI::App& app, Registry& registry);
void add_serve_command(CLI::App& app, Registry& registry);
void add_topology_command(CLI::App& app, Registry& registry);
void add_version_command(CLI::App& app, Registry& registry);

}  // namespace smtpsim::cli
