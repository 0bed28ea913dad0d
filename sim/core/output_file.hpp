// Output files written whole or not at all, and only as regular files: a
// temporary file in the same folder, every write checked, then a rename into
// place. Also the checked final flush of standard output.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/output_folder.hpp"

namespace smtpsim::core {

// A write, flush or rename that failed (a full disk, a closed standard
// output): the message names the file and the system's reason. The CLI
// reports it and exits with status 1. Refusing a target that is not a
// regular file is bad input instead: core::InputError, exit status 2.
class OutputError : public std::runtime_error {
  public:
    OutputError(const std::string& file, const std::string& reason)
        : std::runtime_error(file + ": " + reason), file_(file) {}
    const std::string& file() const { return file_; }

  private:
    std::string file_;
};

// One output file. The constructor checks the target and creates the
// temporary file ".<name>.tmp-<pid>-<n>" beside it; write() and stream()
// fill it; commit() flushes, closes and renames it over the target. A file
// destroyed without commit() (an exception, an early return) removes its
// temporary file and leaves the target as it was.
//
//   core::AtomicFile file(path);      // InputError: a folder, a device, a pipe...
//   file.write(header);               // OutputError at once on failure
//   file.stream() << rows;            // failures recorded, reported by commit()
//   file.commit();                    // OutputError; the target now holds it all
//
// The target must not exist or be a regular file (a symbolic link, to
// anything, is replaced by the file, not followed), and its folder must
// exist. A target that exists keeps nothing of its old contents or mode: the
// new file gets the mode 0666 less the umask. The temporary file and the
// rename are relative to the folder's descriptor: a file named by a path
// goes into the folder that path names when the file is opened; a file in
// an OutputFolder goes into that very folder, whatever happens to its path.
class AtomicFile {
  public:
    // A file a user names (`--out FILE`): its folder is followed as named.
    explicit AtomicFile(std::filesystem::path target);
    // The file `name` (one file name) in `folder`.
    AtomicFile(const OutputFolder& folder, std::string_view name);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    // Appends bytes; throws OutputError when they cannot be written.
    void write(std::string_view bytes);
    // The same file as a std::ostream, for formatted output. Its failures
    // do not throw: commit() reports the first one.
    std::ostream& stream();
    // Flushes and closes the temporary file, leaving the target as it is.
    // Throws OutputError (the temporary file is removed) when anything
    // written was lost. For a set of files that must all be whole before any
    // of them replaces its target: close() each, then commit() each.
    void close();
    // close() if not done yet, then renames the file over the target. Throws
    // OutputError (the temporary file is removed) on any failure.
    void commit();

    const std::filesystem::path& target() const { return target_; }

  private:
    class Buffer;
    void write_out(std::string_view bytes);
    [[noreturn]] void fail(const std::string& what, int error_number);
    void discard() noexcept;

    void create_temporary();

    OutputFolder folder_;
    std::string name_;
    std::filesystem::path target_;  // for messages
    std::string temporary_;         // a name in folder_
    int fd_ = -1;
    std::unique_ptr<Buffer> buffer_;
    std::unique_ptr<std::ostream> stream_;
    bool closed_ = false;
    bool committed_ = false;
};

// Throws core::InputError when `target` exists and is not a regular file
// (AtomicFile's check, for callers that want it before doing the work).
void check_output_target(const std::filesystem::path& target);
// The same for the file `name` in `folder`.
void check_output_target(const OutputFolder& folder, std::string_view name);

// AtomicFile in one call: `text` becomes the whole file.
void write_file_atomically(const std::filesystem::path& target, std::string_view text);
void write_file_atomically(const OutputFolder& folder, std::string_view name,
                           std::string_view text);

// Flushes std::cout and C's stdout; throws OutputError ("standard output")
// when anything written to them was lost (a full disk, a closed descriptor).
void flush_standard_output();

}  // namespace smtpsim::core
