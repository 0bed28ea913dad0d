// mbox and terminal files of the delivered mail.
#include "trace/mailbox_writer.hpp"

#include <fmt/format.h>

#include <optional>

#include "core/calendar.hpp"
#include "core/output_file.hpp"
#include "core/output_folder.hpp"

namespace smtpsim::trace {
namespace {

std::int64_t unix_seconds_at(std::int64_t epoch_unix, Time time) {
    return epoch_unix + time.count_ns() / 1'000'000'000;
}

}  // namespace

std::string mbox_from_line(const smtp::Path& return_path, std::int64_t unix_seconds) {
    std::string sender = "MAILER-DAEMON";
    if (!return_path.is_null()) {
        const std::string path = return_path.format();  // "<...>"
        sender = path.substr(1, path.size() - 2);
    }
    return "From " + sender + " " + core::format_asctime_date(unix_seconds);
}

void append_mboxrd_line(std::string& out, std::string_view line) {
    const std::size_t quotes = line.find_first_not_of('>');
    if (quotes != std::string_view::npos && line.substr(quotes).starts_with("From ")) {
        out += '>';
    }
    out += line;
    out += '\n';
}

void append_mbox_message(std::string& out, const smtp::Path& return_path, std::int64_t unix_seconds,
                         const smtp::MailText& text) {
    out += mbox_from_line(return_path, unix_seconds);
    out += '\n';
    text.for_each_line([&](std::string_view line) { append_mboxrd_line(out, line); });
    out += '\n';
}

std::string safe_file_name(std::string_view name) {
    return core::encoded_file_name(name);
}

void MailboxWriter::on_mail_stored(const MailStored& e) {
    const std::int64_t seconds = unix_seconds_at(epoch_unix_, e.time);
    const std::string host = safe_file_name(e.host_name);
    const std::string user = safe_file_name(e.user);
    if (e.destination == Destination::terminal || e.destination == Destination::both) {
        // A terminal shows each message after a line saying when and from whom.
        const std::string name = "terminals/" + host + "/" + user + ".txt";
        changed_.insert(name);
        std::string& shown = files_[name];
        shown += fmt::format("--- {} from {}\n", core::format_asctime_date(seconds),
                             e.return_path.format());
        e.text.for_each_line([&](std::string_view line) {
            shown += line;
            shown += '\n';
        });
        shown += '\n';
    }
    if (e.destination == Destination::mailbox || e.destination == Destination::both) {
        const std::string name = "mailboxes/" + host + "/" + user + ".mbox";
        changed_.insert(name);
        append_mbox_message(files_[name], e.return_path, seconds, e.text);
    }
}

void MailboxWriter::write(const core::OutputFolder& folder) const {
    // Every key is "<mailboxes|terminals>/<host>/<file>", each part one file
    // name (safe_file_name): each folder is made or opened below the last.
    std::optional<core::OutputFolder> host;
    std::string host_key;
    for (const auto& [name, text] : files_) {
        write_one(folder, host, host_key, name, text);
    }
}

std::size_t MailboxWriter::write_changed(const core::OutputFolder& folder) {
    std::optional<core::OutputFolder> host;
    std::string host_key;
    for (const std::string& name : changed_) {
        write_one(folder, host, host_key, name, files_.at(name));
    }
    const std::size_t written = changed_.size();
    changed_.clear();
    return written;
}

// `host` is the folder of the last file written (its key `host_key`), kept
// open for the next file of the same host.
void MailboxWriter::write_one(const core::OutputFolder& folder,
                              std::optional<core::OutputFolder>& host, std::string& host_key,
                              const std::string& name, const std::string& text) {
    const std::size_t file = name.rfind('/');
    if (!host || name.compare(0, file, host_key) != 0) {
        const std::size_t kind = name.find('/');
        host_key = name.substr(0, file);
        host = folder.folder(name.substr(0, kind)).folder(name.substr(kind + 1, file - kind - 1));
    }
    core::write_file_atomically(*host, name.substr(file + 1), text);
}

}  // namespace smtpsim::trace
