// Output files written whole or not at all: a temporary file beside the
// target, then a rename, so that a reader never sees half a file.
#pragma once

#include <string>
#include <string_view>

namespace smtpsim::core {

// Writes `text` to `path`. Throws InputError when the file cannot be written
// (the temporary file is removed; the target is left as it was).
void write_file_atomically(const std::string& path, std::string_view text);

}  // namespace smtpsim::core
