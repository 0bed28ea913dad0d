// libFuzzer target: the readers of `smtpsim report` on arbitrary bytes as one
// file of a run's folder, the others being those of a small valid run. The
// first byte chooses the file (summary.json, events.jsonl, hops.jsonl or
// outcomes.jsonl of a run without events, topology.dot) and the report's
// filters (--mail, --host, --max-lines); the rest is the file. The folder is
// read as `smtpsim report` reads it (read_run_topology, then read_run) and
// the page's data is built and written out as JSON. Bad input must end in
// core::InputError: any other exception escapes, and libFuzzer reports it.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "core/input_error.hpp"
#include "report/run_json.hpp"
#include "report/run_reader.hpp"
#include "report/topology_svg.hpp"

using namespace smtpsim;
namespace fs = std::filesystem;

namespace {

// A run of one mail from A to C through B, as smtpsim writes it.
constexpr std::string_view valid_summary =
    R"({"scenario": "fuzz", "seed": 1, "routing": "source", "start": "1981-11-02T22:33:44Z"})";
constexpr std::string_view valid_topology = "graph {\n  A -- B\n  B -- C\n}\n";
constexpr std::string_view valid_hops =
    R"({"t":0,"kind":"submitted","message":1,"host":"A","forward_paths":["<u@C>"],"reverse_path":"<v@A>","recipients":[1]})"
    "\n"
    R"({"t":0.5,"kind":"delivered","message":1,"host":"C","forward_paths":["<u@C>"],"reverse_path":"<v@A>","recipients":[1]})"
    "\n";
constexpr std::string_view valid_outcomes =
    R"({"t":0.5,"recipient":1,"message":1,"forward_path":"<u@C>","outcome":"delivered","hops":2,"host":"C"})"
    "\n";
constexpr std::string_view valid_events =
    R"({"t":0,"event":"session_opened","session":1,"client":"A","server":"B"})"
    "\n"
    R"({"t":0.1,"event":"line","session":1,"side":"server","text":"220 B ready"})"
    "\n"
    R"({"t":0.2,"event":"session_closed","session":1,"reason":"quit"})"
    "\n";

void write(const fs::path& file, std::string_view text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) {
        std::abort();  // the fuzzer's own folder, not the input: stop
    }
}

const fs::path& folder() {
    static const fs::path dir = [] {
        std::string name = (fs::temp_directory_path() / "smtpsim-report-fuzz-XXXXXX").string();
        if (::mkdtemp(name.data()) == nullptr) {
            std::abort();
        }
        return fs::path(name);
    }();
    return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const unsigned choice = data[0];
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    const fs::path& dir = folder();
    const unsigned file = choice % 5;
    const bool events = file != 2 && file != 3;
    write(dir / "summary.json", file == 0 ? bytes : valid_summary);
    write(dir / "topology.dot", file == 4 ? bytes : valid_topology);
    write(dir / "hops.jsonl", file == 2 ? bytes : valid_hops);
    write(dir / "outcomes.jsonl", file == 3 ? bytes : valid_outcomes);
    if (events) {
        write(dir / "events.jsonl", file == 1 ? bytes : valid_events);
    } else {
        fs::remove(dir / "events.jsonl");
    }
    report::DetailPolicy policy;
    if ((choice & 0x08) != 0) {
        policy.mail = 1;
    }
    if ((choice & 0x10) != 0) {
        policy.host = "B";
    }
    if ((choice & 0x20) != 0) {
        policy.max_lines = 1;
    }
    try {
        const net::Topology topology = report::read_run_topology(dir);
        const report::RunModel model = report::read_run(dir, report::host_names(topology), policy);
        const std::string page_data =
            report::run_data(model, report::topology_links(topology), std::nullopt).dump();
        if (page_data.empty()) {
            std::abort();
        }
    } catch (const core::InputError& e) {
        if (e.what()[0] == '\0') {
            std::abort();
        }
    }
    return 0;
}
