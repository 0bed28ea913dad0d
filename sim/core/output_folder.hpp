// The folders outputs go into, held open by descriptor so that nothing below
// the folder a user names is ever reached through a symbolic link: every
// folder and file under it is made and opened relative to its parent's
// descriptor, one name at a time, with O_NOFOLLOW.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smtpsim::core {

// What a name in a folder is, its symbolic links not followed.
enum class EntryKind { missing, file, folder, link, other };

// An open output folder and the path it was reached by (for messages).
// Copies share the descriptor; it closes with the last of them.
//
//   const auto out = core::OutputFolder::open("results/run");  // --out
//   const auto host = out.folder("mailboxes").folder("A");      // made if missing
//   core::AtomicFile file(host, "alice.mbox");
//
// A symbolic link where a folder is wanted is refused (core::InputError
// naming it, exit status 2), never followed and never removed; a link where a
// file goes is replaced by the file (AtomicFile).
class OutputFolder {
  public:
    // The folder a user names (`--out DIR`), made with any missing parents
    // when `create`. The folders leading to it are followed as named (they
    // are the user's path); DIR itself must be a folder, not a symbolic link
    // to one. Throws core::InputError naming DIR.
    static OutputFolder open(const std::filesystem::path& path, bool create = true);
    // The folder holding the file a user names (`--out FILE`), followed as
    // named: it must exist.
    static OutputFolder containing(const std::filesystem::path& file);

    // The folder `name` (one file name, check_file_name) inside this one,
    // made if missing. Throws core::InputError naming it when it is a
    // symbolic link, not a folder, or cannot be made.
    OutputFolder folder(std::string_view name) const;
    // The same, but nothing (and nothing made) when it is missing.
    std::optional<OutputFolder> existing_folder(std::string_view name) const;
    // Throws core::InputError naming `name` when it is a symbolic link or
    // something other than a folder: the check of folder() before the work.
    void check_folder(std::string_view name, std::string_view purpose) const;

    EntryKind kind(std::string_view name) const;
    // The names in the folder ("." and ".." left out), sorted.
    std::vector<std::string> names() const;
    // Removes `name`: a file or a link itself (never what it points to), a
    // folder with everything under it (links inside removed, not followed).
    // Nothing when it is missing; false when something could not go.
    bool remove_all(std::string_view name) const noexcept;
    // Removes `name` when it is a file or a link; false when it is not or
    // could not go.
    bool remove_file(std::string_view name) const noexcept;
    // Removes the folder `name` when it is empty.
    bool remove_empty_folder(std::string_view name) const noexcept;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path path_of(std::string_view name) const { return path_ / std::string(name); }
    int descriptor() const { return descriptor_->fd; }

  private:
    struct Descriptor {
        explicit Descriptor(int f) : fd(f) {}
        Descriptor(const Descriptor&) = delete;
        Descriptor& operator=(const Descriptor&) = delete;
        ~Descriptor();
        int fd;
    };
    OutputFolder(std::filesystem::path path, int fd);

    std::filesystem::path path_;
    std::shared_ptr<const Descriptor> descriptor_;
};

// Throws core::InputError naming `folder`/`name` unless `name` is one file
// name: not empty, not "." or "..", no '/' or NUL byte, at most 255 bytes.
void check_file_name(const std::filesystem::path& folder, std::string_view name);

// `name` as one file name whatever its bytes: letters, digits and "-_+=."
// stay, a leading '.' and every other byte (a '/', a NUL...) become %XX; a
// result over 200 bytes is cut and ends in '~' and a hash of the whole name
// ('~' is otherwise always %7E, so such a name never meets a plain one).
// Room is left for a suffix of up to 50 bytes (".mbox").
std::string encoded_file_name(std::string_view name);

}  // namespace smtpsim::core
