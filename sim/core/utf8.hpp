// UTF-8 validity (RFC 3629), for text that ends up in JSON: nlohmann/json
// refuses to write a string that is not valid UTF-8.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace smtpsim::core {

// The offset of the first byte that does not belong to a valid UTF-8
// sequence (an overlong form, a surrogate, beyond U+10FFFF, a cut sequence);
// nothing when all of `text` is valid.
std::optional<std::size_t> invalid_utf8(std::string_view text);

}  // namespace smtpsim::core
