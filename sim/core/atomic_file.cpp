// Output files written whole or not at all.
#include "core/atomic_file.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/input_error.hpp"

namespace smtpsim::core {

void write_file_atomically(const std::string& path, std::string_view text) {
    const std::string temporary = fmt::format("{}.tmp-{}", path, ::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.close();
        if (!out) {
            std::remove(temporary.c_str());
            throw InputError(path, "", "cannot write the file");
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::remove(temporary.c_str());
        throw InputError(path, "", "cannot write the file: " + error.message());
    }
}

}  // namespace smtpsim::core
