// libFuzzer target: parse_path on arbitrary bytes. A path that parses must
// format back to the same text and parse again to an equal path; an error
// must point inside the text or just past it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "smtp/path.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = smtpsim::smtp::parse_path(text);
    if (!parsed.ok()) {
        if (parsed.error().offset > text.size() || parsed.error().reason.empty()) {
            std::abort();
        }
        return 0;
    }
    const std::string formatted = parsed.value().format();
    if (formatted != text) {
        std::abort();
    }
    const auto again = smtpsim::smtp::parse_path(formatted);
    if (!again.ok() || !(again.value() == parsed.value())) {
        std::abort();
    }
    if (text.size() > smtpsim::smtp::max_path_length) {
        std::abort();
    }
    const auto domain = smtpsim::smtp::parse_domain(text);
    (void)domain;
    return 0;
}
