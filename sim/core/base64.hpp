// Base64 (RFC 4648 section 4, with '=' padding), for data: URLs and the
// hashes of a Content-Security-Policy.
#pragma once

#include <string>
#include <string_view>

namespace smtpsim::core {

std::string base64(std::string_view bytes);

}  // namespace smtpsim::core
