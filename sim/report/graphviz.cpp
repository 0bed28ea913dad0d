// Running a Graphviz layout program in a temporary folder.
#include "report/graphviz.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/input_error.hpp"
#include "core/output_file.hpp"

extern char** environ;

namespace smtpsim::report {
namespace {

namespace fs = std::filesystem;

// A fresh private folder, removed with what it holds.
class TemporaryFolder {
  public:
    TemporaryFolder() {
        std::string pattern = (fs::temp_directory_path() / "smtpsim-report-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw core::InputError(pattern, "", "cannot make a temporary folder for Graphviz");
        }
        path_ = pattern;
    }
    ~TemporaryFolder() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TemporaryFolder(const TemporaryFolder&) = delete;
    TemporaryFolder& operator=(const TemporaryFolder&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

std::string read_all(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Runs argv[0] from PATH with standard error into `errors`; its exit status,
// or 127 when it could not be started.
int run_program(const std::vector<std::string>& argv, const fs::path& errors) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, errors.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    std::vector<char*> args;
    for (const auto& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        return 127;
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// The <svg> element alone: no XML declaration, DOCTYPE or comments.
std::string svg_element(const std::string& output) {
    const auto start = output.find("<svg");
    std::string svg = start == std::string::npos ? std::string() : output.substr(start);
    for (auto open = svg.find("<!--"); open != std::string::npos; open = svg.find("<!--", open)) {
        const auto close = svg.find("-->", open);
        svg.erase(open, close == std::string::npos ? std::string::npos : close + 3 - open);
    }
    return svg;
}

}  // namespace

std::string graphviz_svg(std::string_view program, std::string_view dot_text) {
    const TemporaryFolder folder;
    const fs::path input = folder.path() / "topology.dot";
    const fs::path output = folder.path() / "topology.svg";
    const fs::path errors = folder.path() / "errors.txt";
    core::write_file_atomically(input.string(), dot_text);
    const std::string name(program);
    const int status = run_program({name, "-Tsvg", "-o", output.string(), input.string()}, errors);
    if (status == 127) {
        throw core::InputError(
            "Graphviz", "",
            "`" + name +
                "` was not found on PATH: the report lays out the topology with Graphviz; "
                "install it (Debian: apt-get install graphviz) and run `smtpsim report` again");
    }
    const std::string svg = status == 0 ? svg_element(read_all(output)) : std::string();
    if (svg.empty()) {
        throw core::InputError(
            "Graphviz", "", "`" + name + "` could not lay out the topology: " + read_all(errors));
    }
    return svg;
}

std::string dot_quoted(std::string_view text) {
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
        }
        quoted += c == '\n' ? ' ' : c;
    }
    return quoted + "\"";
}

}  // namespace smtpsim::report
