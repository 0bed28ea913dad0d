// Output folders opened by descriptor, one name at a time, no link followed.
#include "core/output_folder.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "core/input_error.hpp"
#include "core/random.hpp"

namespace smtpsim::core {
namespace {

namespace fs = std::filesystem;

constexpr int folder_flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

EntryKind kind_of(const struct stat& status) {
    if (S_ISLNK(status.st_mode)) {
        return EntryKind::link;
    }
    if (S_ISDIR(status.st_mode)) {
        return EntryKind::folder;
    }
    return S_ISREG(status.st_mode) ? EntryKind::file : EntryKind::other;
}

// The kind of `name` in the folder `fd` (AT_FDCWD: `name` is a path).
EntryKind kind_at(int fd, const char* name) {
    struct stat status {};
    if (::fstatat(fd, name, &status, AT_SYMLINK_NOFOLLOW) != 0) {
        return EntryKind::missing;  // also a folder that cannot be searched: opening it says why
    }
    return kind_of(status);
}

[[noreturn]] void refuse(const fs::path& path, EntryKind kind, std::string_view purpose) {
    const std::string what =
        kind == EntryKind::link
            ? "is a symbolic link; output is never written through one (remove it, or name "
              "the folder it points to)"
            : "exists and is not a folder";
    throw InputError(path.string(), "",
                     purpose.empty() ? what : what + ": " + std::string(purpose) + " go into it");
}

// The path without its trailing '/'s, so that the last name is the folder's
// own ("out/" is "out": a link named "out" is not followed by its slash).
fs::path without_trailing_separator(const fs::path& path) {
    fs::path plain = path;
    while (!plain.has_filename() && plain.has_relative_path()) {
        plain = plain.parent_path();
    }
    return plain;
}

std::vector<std::string> names_in(int fd) {
    std::vector<std::string> names;
    const int copy = ::dup(fd);
    DIR* dir = copy < 0 ? nullptr : ::fdopendir(copy);
    if (dir == nullptr) {
        if (copy >= 0) {
            ::close(copy);
        }
        return names;
    }
    ::rewinddir(dir);
    while (const dirent* entry = ::readdir(dir)) {
        const std::string_view name = entry->d_name;
        if (name != "." && name != "..") {
            names.emplace_back(name);
        }
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    return names;
}

// Empties the folder `fd` and everything under it; links are removed as
// themselves. False when something could not go.
bool empty_folder(int fd) noexcept {
    bool all = true;
    for (const std::string& name : names_in(fd)) {
        if (kind_at(fd, name.c_str()) == EntryKind::folder) {
            const int sub = ::openat(fd, name.c_str(), folder_flags);
            all = sub >= 0 && empty_folder(sub) && all;
            if (sub >= 0) {
                ::close(sub);
            }
            all = ::unlinkat(fd, name.c_str(), AT_REMOVEDIR) == 0 && all;
        } else {
            all = ::unlinkat(fd, name.c_str(), 0) == 0 && all;
        }
    }
    return all;
}

bool plain_name_byte(char c, bool first) {
    if (c == '.') {
        return !first;
    }
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '+' || c == '=';
}

}  // namespace

OutputFolder::Descriptor::~Descriptor() {
    if (fd >= 0) {
        ::close(fd);
    }
}

OutputFolder::OutputFolder(fs::path path, int fd)
    : path_(std::move(path)), descriptor_(std::make_shared<const Descriptor>(fd)) {}

OutputFolder OutputFolder::open(const fs::path& named, bool create) {
    const fs::path path = without_trailing_separator(named);
    if (path.empty()) {
        throw InputError(named.string(), "", "expected the name of a folder");
    }
    if (create && kind_at(AT_FDCWD, path.c_str()) == EntryKind::missing) {
        std::error_code error;
        fs::create_directories(path, error);  // the user's path, as named
        if (error && kind_at(AT_FDCWD, path.c_str()) == EntryKind::missing) {
            throw InputError(path.string(), "",
                             "cannot create the output folder: " + error.message());
        }
    }
    const EntryKind kind = kind_at(AT_FDCWD, path.c_str());
    if (kind == EntryKind::link || kind == EntryKind::file || kind == EntryKind::other) {
        refuse(path, kind, "");
    }
    const int fd = ::open(path.c_str(), folder_flags);
    if (fd < 0) {
        const int error = errno;
        if (error == ELOOP || error == ENOTDIR) {
            refuse(path, kind_at(AT_FDCWD, path.c_str()), "");
        }
        throw InputError(path.string(), "",
                         std::string("cannot open the folder: ") + std::strerror(error));
    }
    return OutputFolder(path, fd);
}

OutputFolder OutputFolder::containing(const fs::path& file) {
    const fs::path parent = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    const int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        throw InputError(file.string(), "",
                         std::string("cannot create a file beside it: ") + std::strerror(errno));
    }
    return OutputFolder(file.parent_path(), fd);
}

std::optional<OutputFolder> OutputFolder::existing_folder(std::string_view name) const {
    check_file_name(path_, name);
    const std::string text(name);
    const EntryKind kind = kind_at(descriptor(), text.c_str());
    if (kind == EntryKind::missing) {
        return std::nullopt;
    }
    if (kind != EntryKind::folder) {
        refuse(path_of(name), kind, "");
    }
    const int fd = ::openat(descriptor(), text.c_str(), folder_flags);
    if (fd < 0) {
        const int error = errno;
        if (error == ELOOP || error == ENOTDIR) {  // replaced since it was looked at
            refuse(path_of(name), kind_at(descriptor(), text.c_str()), "");
        }
        throw InputError(path_of(name).string(), "",
                         std::string("cannot open the folder: ") + std::strerror(error));
    }
    return OutputFolder(path_of(name), fd);
}

OutputFolder OutputFolder::folder(std::string_view name) const {
    check_file_name(path_, name);
    const std::string text(name);
    if (::mkdirat(descriptor(), text.c_str(), 0777) != 0 && errno != EEXIST) {
        throw InputError(path_of(name).string(), "",
                         std::string("cannot create the folder: ") + std::strerror(errno));
    }
    if (auto made = existing_folder(name)) {
        return *std::move(made);
    }
    throw InputError(path_of(name).string(), "", "cannot create the folder: it went at once");
}

void OutputFolder::check_folder(std::string_view name, std::string_view purpose) const {
    check_file_name(path_, name);
    const EntryKind found = kind(name);
    if (found != EntryKind::missing && found != EntryKind::folder) {
        refuse(path_of(name), found, purpose);
    }
}

EntryKind OutputFolder::kind(std::string_view name) const {
    return kind_at(descriptor(), std::string(name).c_str());
}

std::vector<std::string> OutputFolder::names() const {
    return names_in(descriptor());
}

bool OutputFolder::remove_all(std::string_view name) const noexcept {
    try {
        const std::string text(name);
        switch (kind(name)) {
            case EntryKind::missing:
                return true;
            case EntryKind::folder: {
                const int fd = ::openat(descriptor(), text.c_str(), folder_flags);
                const bool emptied = fd >= 0 && empty_folder(fd);
                if (fd >= 0) {
                    ::close(fd);
                }
                return emptied && ::unlinkat(descriptor(), text.c_str(), AT_REMOVEDIR) == 0;
            }
            case EntryKind::file:
            case EntryKind::link:
            case EntryKind::other:
                return ::unlinkat(descriptor(), text.c_str(), 0) == 0;
        }
    } catch (...) {  // an allocation: nothing removed
    }
    return false;
}

bool OutputFolder::remove_file(std::string_view name) const noexcept {
    try {
        const EntryKind found = kind(name);
        return found != EntryKind::folder && found != EntryKind::missing &&
               ::unlinkat(descriptor(), std::string(name).c_str(), 0) == 0;
    } catch (...) {
        return false;
    }
}

bool OutputFolder::remove_empty_folder(std::string_view name) const noexcept {
    try {
        return kind(name) == EntryKind::folder &&
               ::unlinkat(descriptor(), std::string(name).c_str(), AT_REMOVEDIR) == 0;
    } catch (...) {
        return false;
    }
}

void check_file_name(const fs::path& folder, std::string_view name) {
    constexpr std::size_t longest = 255;  // NAME_MAX of Linux's file systems
    const char* problem = name.empty()                                ? "an empty name"
                          : name == "." || name == ".."               ? "not a name"
                          : name.find('/') != std::string_view::npos  ? "a name holding '/'"
                          : name.find('\0') != std::string_view::npos ? "a name holding NUL"
                          : name.size() > longest                     ? "a name over 255 bytes"
                                                                      : nullptr;
    if (problem != nullptr) {
        std::string shown(name.substr(0, 64));
        std::replace(shown.begin(), shown.end(), '\0', '?');
        throw InputError((folder / shown).string(), "",
                         std::string(problem) + ": expected one file name in the folder");
    }
}

std::string encoded_file_name(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (plain_name_byte(name[i], i == 0)) {
            out += name[i];
        } else {
            char code[4];
            std::snprintf(code, sizeof code, "%%%02X", static_cast<unsigned char>(name[i]));
            out += code;
        }
    }
    if (out.empty()) {
        return "%";  // '%' alone is never an encoding: an empty name has one file name too
    }
    constexpr std::size_t longest = 200;
    if (out.size() > longest) {
        std::size_t cut = longest - 17;  // room for "~" and 16 hexadecimal digits
        while (cut > 0 && (out[cut - 1] == '%' || (cut > 1 && out[cut - 2] == '%'))) {
            --cut;  // never half of a %XX
        }
        char hash[18];
        std::snprintf(hash, sizeof hash, "~%016llx",
                      static_cast<unsigned long long>(stable_hash(name)));
        out = out.substr(0, cut) + hash;
    }
    return out;
}

}  // namespace smtpsim::core
