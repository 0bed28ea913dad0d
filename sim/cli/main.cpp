// smtpsim: the command line. Parses arguments with CLI11, runs the chosen
// subcommand, and turns bad input into a message and exit status 2.
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>

#include "cli/command.hpp"
#include "cli/validators.hpp"
#include "core/input_error.hpp"
#include "core/output_file.hpp"
#include "core/version.hpp"

namespace {

constexpr int exit_bad_input = 2;
constexpr int exit_failure = 1;

void configure(CLI::App& app, smtpsim::cli::Registry& registry) {
    app.set_version_flag("--version", std::string("smtpsim ") + smtpsim::version);
    app.require_subcommand(1);
    app.footer("Run 'smtpsim COMMAND --help' for one command's options and an example.");
    smtpsim::cli::add_run_command(app, registry);
    smtpsim::cli::add_compare_command(app, registry);
    smtpsim::cli::add_receive_command(app, registry);
    smtpsim::cli::add_report_command(app, registry);
    smtpsim::cli::add_route_command(app, registry);
    smtpsim::cli::add_serve_command(app, registry);
    smtpsim::cli::add_topology_command(app, registry);
    smtpsim::cli::add_version_command(app, registry);
}

// Parses the command line; an exit status when there is nothing to run (help,
// version, or bad arguments).
std::optional<int> parse(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        const auto hint = smtpsim::cli::typo_hint(app, argc, argv);
        std::cerr << "smtpsim: error: " << (hint ? *hint : std::string(e.what())) << "\n"
                  << "Run 'smtpsim --help' for the commands and their options.\n";
        return exit_bad_input;
    }
    return std::nullopt;
}

// Runs the deepest parsed subcommand with an action ("topology show", not "topology").
int run_chosen(const CLI::App& app, const smtpsim::cli::Registry& registry) {
    const smtpsim::cli::Command* chosen = nullptr;
    for (const auto& command : registry) {
        if (command.app->parsed()) {
            chosen = &command;
        }
    }
    if (chosen == nullptr) {
        std::cerr << "smtpsim: error: no command given\n" << app.help();
        return exit_bad_input;
    }
    return chosen->run();
}

}  // namespace

int main(int argc, char** argv) {
    smtpsim::cli::Registry registry;
    CLI::App app{"smtpsim: a discrete-event simulator of multi-hop SMTP mail relaying (RFC 821)",
                 "smtpsim"};
    configure(app, registry);
    try {
        const std::optional<int> parsed = parse(app, argc, argv);
        const int status = parsed ? *parsed : run_chosen(app, registry);
        // What went to standard output must have arrived (a full disk, a closed pipe).
        smtpsim::core::flush_standard_output();
        return status;
    } catch (const smtpsim::core::InputError& e) {
        std::cout.flush();
        std::cerr << "smtpsim: error: " << e.what() << "\n";
        return exit_bad_input;
    } catch (const smtpsim::core::OutputError& e) {
        std::cerr << "smtpsim: error: " << e.what() << "\n";
        return exit_failure;
    } catch (const std::exception& e) {
        std::cout.flush();
        std::cerr << "smtpsim: internal error: " << e.what() << "\n";
        return exit_failure;
    }
}
