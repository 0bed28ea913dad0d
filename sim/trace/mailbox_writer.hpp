// The mail the hosts delivered, as files: every mailbox as an mbox file
// (mailboxes/<host>/<user>.mbox, mboxrd quoting) and every terminal as a text
// file of the messages it showed (terminals/<host>/<user>.txt). Kept until the
// run ends, then each file is written whole.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/output_folder.hpp"
#include "smtp/mail_text.hpp"
#include "smtp/path.hpp"
#include "trace/trace.hpp"

namespace smtpsim::trace {

// An mbox separator line: "From <reverse-path> <asctime date>", the
// reverse-path without its angle brackets, MAILER-DAEMON for the null path.
std::string mbox_from_line(const smtp::Path& return_path, std::int64_t unix_seconds);

// mboxrd quoting: a line that is "From " after any number of '>' gets one
// more '>' in front, so that reading it back removes exactly one.
void append_mboxrd_line(std::string& out, std::string_view line);

// One message of an mbox file: its "From " line, its text quoted line by
// line, and the empty line that ends it.
void append_mbox_message(std::string& out, const smtp::Path& return_path, std::int64_t unix_seconds,
                         const smtp::MailText& text);

// A user or host name as a file name (core::encoded_file_name): letters,
// digits and "-_+=." stay, a leading '.' and every other byte (a '/', a NUL)
// become %XX, and a name that would be over 200 bytes is cut and ends in a
// hash, so no name leaves or breaks its folder.
std::string safe_file_name(std::string_view name);

class MailboxWriter : public Observer {
  public:
    // `epoch_unix`: the date of simulated time 0, for the "From " lines.
    explicit MailboxWriter(std::int64_t epoch_unix) : epoch_unix_(epoch_unix) {}
    unsigned interests() const override { return mail; }
    void on_mail_stored(const MailStored& e) override;

    // Writes every mailbox and terminal file under `folder`, each whole; a
    // symbolic link where one of their folders goes is refused
    // (core::InputError), never followed.
    void write(const core::OutputFolder& folder) const;
    // Writes, each whole, the files that changed since the last call (a
    // long run that shows its mailboxes as it goes); returns how many.
    std::size_t write_changed(const core::OutputFolder& folder);
    // The files' texts by path relative to the folder (for tests).
    const std::map<std::string, std::string>& files() const { return files_; }

  private:
    static void write_one(const core::OutputFolder& folder, std::optional<core::OutputFolder>& host,
                          std::string& host_key, const std::string& name, const std::string& text);

    std::int64_t epoch_unix_;
    std::map<std::string, std::string> files_;
    std::set<std::string> changed_;  // since the last write_changed
};

}  // namespace smtpsim::trace
