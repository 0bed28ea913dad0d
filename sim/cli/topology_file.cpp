// Topology loading for commands.
#include "cli/topology_file.hpp"

#include <fmt/core.h>

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

}  // namespace smtpsim::cli
