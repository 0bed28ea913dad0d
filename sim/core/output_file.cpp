// Atomic, checked output files and the checked flush of standard output.
#include "core/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "core/input_error.hpp"

namespace smtpsim::core {

namespace fs = std::filesystem;

// The stream() side: a fixed buffer that hands full loads to write_out and
// keeps the first failure for commit().
class AtomicFile::Buffer : public std::streambuf {
  public:
    explicit Buffer(AtomicFile& file) : file_(file) {
        setp(bytes_.data(), bytes_.data() + bytes_.size());
    }

    // Writes out what is buffered; false (and the error kept) on failure.
    bool drain() {
        const std::string_view pending(pbase(), static_cast<std::size_t>(pptr() - pbase()));
        setp(bytes_.data(), bytes_.data() + bytes_.size());
        if (pending.empty() || error_) {
            return !error_;
        }
        try {
            file_.write_out(pending);
        } catch (const OutputError& e) {
            error_ = std::make_unique<OutputError>(e);
        }
        return !error_;
    }
    const OutputError* error() const { return error_.get(); }

  protected:
    int_type overflow(int_type c) override {
        if (!drain()) {
            return traits_type::eof();
        }
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override { return drain() ? 0 : -1; }

  private:
    AtomicFile& file_;
    std::array<char, 1 << 16> bytes_{};
    std::unique_ptr<OutputError> error_;
};

namespace {

// Throws InputError naming `target` when `status` is not a regular file's or
// a symbolic link's (either is replaced).
void check_status(const fs::path& target, const struct stat& status) {
    const mode_t mode = status.st_mode;
    if (S_ISREG(mode) || S_ISLNK(mode)) {
        return;
    }
    const char* what = S_ISDIR(mode)                    ? "a folder"
                       : S_ISFIFO(mode)                 ? "a pipe"
                       : S_ISCHR(mode) || S_ISBLK(mode) ? "a device"
                       : S_ISSOCK(mode)                 ? "a socket"
                                                        : "not a regular file";
    throw InputError(
        target.string(), "",
        std::string("is ") + what + "; only regular files are written (it is left as it is)");
}

}  // namespace

void check_output_target(const fs::path& target) {
    if (target.empty() || !target.has_filename()) {
        throw InputError(target.string(), "", "expected the name of a file to write");
    }
    struct stat status {};
    if (::lstat(target.c_str(), &status) == 0) {
        check_status(target, status);
    }
}

void check_output_target(const OutputFolder& folder, std::string_view name) {
    check_file_name(folder.path(), name);
    struct stat status {};
    if (::fstatat(folder.descriptor(), std::string(name).c_str(), &status, AT_SYMLINK_NOFOLLOW) ==
        0) {
        check_status(folder.path_of(name), status);
    }
}

AtomicFile::AtomicFile(fs::path target)
    : folder_((check_output_target(target), OutputFolder::containing(target))),
      name_(target.filename().string()),
      target_(std::move(target)) {
    create_temporary();
}

AtomicFile::AtomicFile(const OutputFolder& folder, std::string_view name)
    : folder_((check_output_target(folder, name), folder)),
      name_(name),
      target_(folder.path_of(name)) {
    create_temporary();
}

void AtomicFile::create_temporary() {
    static std::atomic<unsigned> counter{0};
    for (int attempt = 0; fd_ < 0; ++attempt) {
        // Cut so that a name of 255 bytes still has a temporary name beside it.
        temporary_ = "." + name_.substr(0, 200) + ".tmp-" + std::to_string(::getpid()) + "-" +
                     std::to_string(counter++);
        fd_ = ::openat(folder_.descriptor(), temporary_.c_str(),
                       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd_ < 0 && (errno != EEXIST || attempt > 100)) {
            const int error = errno;
            temporary_.clear();
            throw InputError(
                target_.string(), "",
                std::string("cannot create a file beside it: ") + std::strerror(error));
        }
    }
}

AtomicFile::~AtomicFile() {
    if (!committed_) {
        discard();
    }
}

void AtomicFile::discard() noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (!temporary_.empty()) {
        ::unlinkat(folder_.descriptor(), temporary_.c_str(), 0);
        temporary_.clear();
    }
}

void AtomicFile::fail(const std::string& what, int error_number) {
    discard();
    throw OutputError(target_.string(), what + ": " + std::strerror(error_number));
}

void AtomicFile::write_out(std::string_view bytes) {
    if (fd_ < 0) {
        throw OutputError(target_.string(), "written after it was closed");
    }
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            fail("cannot write", n < 0 ? errno : ENOSPC);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void AtomicFile::write(std::string_view bytes) {
    if (buffer_ && !buffer_->drain()) {
        throw *buffer_->error();
    }
    write_out(bytes);
}

std::ostream& AtomicFile::stream() {
    if (!stream_) {
        buffer_ = std::make_unique<Buffer>(*this);
        stream_ = std::make_unique<std::ostream>(buffer_.get());
    }
    return *stream_;
}

void AtomicFile::close() {
    if (closed_) {
        return;
    }
    if (buffer_ && !buffer_->drain()) {
        const OutputError error = *buffer_->error();
        discard();
        throw error;
    }
    if (fd_ < 0) {
        throw OutputError(target_.string(), "committed twice or after a failure");
    }
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
        fail("cannot write", errno);
    }
    closed_ = true;
}

void AtomicFile::commit() {
    close();
    if (committed_ || temporary_.empty()) {
        throw OutputError(target_.string(), "committed twice or after a failure");
    }
    if (::renameat(folder_.descriptor(), temporary_.c_str(), folder_.descriptor(), name_.c_str()) !=
        0) {
        fail("cannot rename " + temporary_ + " into place", errno);
    }
    temporary_.clear();
    committed_ = true;
}

void write_file_atomically(const fs::path& target, std::string_view text) {
    AtomicFile file(target);
    file.write(text);
    file.commit();
}

void write_file_atomically(const OutputFolder& folder, std::string_view name,
                           std::string_view text) {
    AtomicFile file(folder, name);
    file.write(text);
    file.commit();
}

void flush_standard_output() {
    errno = 0;
    std::cout.flush();
    int error_number = errno;
    const bool stream_failed = !std::cout;
    if (std::fflush(stdout) != 0 && error_number == 0) {
        error_number = errno;
    }
    if (stream_failed || std::ferror(stdout) != 0) {
        error_number = error_number != 0 ? error_number : EIO;
        std::clearerr(stdout);
        std::cout.clear();
        throw OutputError("standard output",
                          std::string("cannot write: ") + std::strerror(error_number));
    }
}

}  // namespace smtpsim::core
