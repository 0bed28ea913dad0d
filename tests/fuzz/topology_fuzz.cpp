// libFuzzer target: the JSON topology loader on arbitrary text, read as it is
// parsed (parse_topology_json) and from the whole document
// (parse_topology_json_whole). Bad input must end in core::InputError, and
// both readings must agree: the same error, word for word, or equivalent
// topologies with the same description.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "core/input_error.hpp"
#include "net/topology_io.hpp"

using namespace smtpsim;

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

// The topology, or the error's text.
struct Outcome {
    std::optional<net::Topology> topology;
    std::string error;
};

template <class Read>
Outcome outcome(Read read, std::string_view text) {
    try {
        return {read(text, "fuzz.json"), ""};
    } catch (const core::InputError& e) {
        check(e.what()[0] != '\0');
        return {std::nullopt, e.what()};
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const Outcome streamed = outcome(net::parse_topology_json, text);
    const Outcome whole = outcome(net::parse_topology_json_whole, text);
    check(streamed.error == whole.error);
    check(streamed.topology.has_value() == whole.topology.has_value());
    if (streamed.topology) {
        check(streamed.topology->description == whole.topology->description);
        check(net::equivalent(*streamed.topology, *whole.topology));
    }
    return 0;
}
