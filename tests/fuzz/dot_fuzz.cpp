// libFuzzer target: the DOT topology loader on arbitrary text. Bad input
// must end in core::InputError, and a syntax error must carry its line and
// column (the pre-check and Boost's parser must agree on what parses); a
// topology that loads must write DOT that reads back to the same topology.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "core/input_error.hpp"
#include "net/graphviz.hpp"
#include "net/topology_io.hpp"

using namespace smtpsim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    net::Topology topology;
    try {
        topology = net::parse_topology_dot(text, "fuzz.dot");
    } catch (const core::InputError& e) {
        const bool unlocated_syntax_error =
            e.location().empty() && std::string_view(e.problem()).starts_with("DOT");
        if (unlocated_syntax_error) {
            std::abort();  // Boost refused what the pre-check let through
        }
        return 0;
    }
    std::ostringstream written;
    net::write_topology_dot(written, topology);
    const net::Topology again = net::parse_topology_dot(written.str(), "written.dot");
    if (!net::equivalent(topology, again) || again.description != topology.description) {
        std::abort();
    }
    return 0;
}
