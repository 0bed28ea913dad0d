// libFuzzer target: the scenario loader on arbitrary text. Text that starts
// with a space is loaded onto a fixed topology (as `compare` does); other
// text names its own, inline or as a file relative to tests/fuzz/ (such as
// "../../topologies/rfc821.json"). Bad input must end in core::InputError;
// a scenario that loads must keep every time within scenario::time_limit,
// its traffic sources' names apart, and its mail text without NUL.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "core/input_error.hpp"
#include "net/topology_io.hpp"
#include "scenario/scenario.hpp"
#include "smtp/transparency.hpp"

using namespace smtpsim;

namespace {

std::shared_ptr<const net::Topology> fixed_topology() {
    static const auto topology = std::make_shared<const net::Topology>(net::parse_topology_json(
        R"({"nodes": [{"name": "A", "users": [{"mailbox": "u"}]}, {"name": "B"},
                      {"name": "C", "lists": [{"name": "L", "members": ["<u@A>"]}]}],
            "links": [{"a": "A", "b": "B"}, {"a": "B", "b": "C", "latency": "1d"}]})",
        "fixed"));
    return topology;
}

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

void check_loaded(const scenario::Scenario& s) {
    using scenario::time_limit;
    check(!s.config.stop || *s.config.stop <= time_limit);
    check(s.config.retry.lifetime + s.config.retry.max_interval <= time_limit);
    for (const auto& f : s.failures) {
        check(f.at + f.duration.value_or(core::Time::zero()) <= time_limit);
    }
    std::set<std::string> names;
    for (const auto& t : s.traffic) {
        check(names.insert(t.name).second);
        check(t.interval > core::Time::zero() && t.start <= time_limit);
        if (t.count) {
            check(t.start + t.interval * static_cast<std::int64_t>(*t.count - 1) <= time_limit);
        }
    }
    for (const auto& m : s.messages) {
        check(m.at <= time_limit);
        for (const auto& line : m.data.value_or(std::vector<std::string>{})) {
            check(!smtp::holds_nul(line) && line.size() <= 998);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const bool on_fixed = !text.empty() && text.front() == ' ';
    try {
        const scenario::Scenario s =
            scenario::parse_scenario(text, "fuzz.json", SMTPSIM_SOURCE_DIR "/tests/fuzz",
                                     on_fixed ? fixed_topology() : nullptr);
        check_loaded(s);
    } catch (const core::InputError& e) {
        check(e.what()[0] != '\0');
    }
    return 0;
}
