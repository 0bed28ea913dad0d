// Topology loading for commands, and atomic output files.
#include "cli/topology_file.hpp"

#include <fmt/core.h>
#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/input_error.hpp"
#include "net/analysis.hpp"
#include "net/topology_io.hpp"

namespace smtpsim::cli {

net::Topology load_topology_reporting(const std::string& path) {
    net::Topology topology = net::load_topology(path);
    const net::Components components = net::connected_components(topology);
    if (components.count() > 1) {
        fmt::print(stderr,
                   "smtpsim: warning: {}: the topology is not connected: {} components; mail "
                   "cannot pass between them\n",
                   path, components.count());
    }
    return topology;
}

void write_file_atomically(const std::string& path, const std::string& text) {
    const std::string temporary = fmt::format("{}.tmp-{}", path, ::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            std::remove(temporary.c_str());
            throw core::InputError(path, "", "cannot write the file");
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::remove(temporary.c_str());
        throw core::InputError(path, "", "cannot write the file: " + error.message());
    }
}

}  // namespace smtpsim::cli
