// Mail data as a host holds it (RFC 821 4.1.1 DATA): text lines without CRLF
// and without the doubled dots of the transparency procedure. Immutable and
// shared: a host that accepts a mail puts its time stamp line in front of the
// text it received (RFC 821 4.1.1: "the receiver-SMTP inserts a time stamp
// line at the beginning"), and final delivery puts the Return-Path line in
// front of that. Each of these is one new node pointing at the text it
// extends, so relaying a mail never copies its text, however long it is, and
// every copy a host sends on shares one text.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace smtpsim::smtp {

class MailText;
using MailTextPtr = std::shared_ptr<const MailText>;

class MailText {
  public:
    // A text of these lines.
    static MailTextPtr from_lines(std::vector<std::string> lines);
    // `line` (a time stamp or Return-Path line), then every line of `rest`.
    static MailTextPtr prepend(std::string line, MailTextPtr rest);

    std::size_t line_count() const { return line_count_; }
    // Bytes of the text with a CRLF after every line, before transparency.
    std::size_t bytes() const { return bytes_; }
    // Bytes on the wire: every line dot-stuffed with its CRLF, then ".\r\n"
    // (RFC 821 4.5.2).
    std::size_t wire_bytes() const { return bytes_ + dot_lines_ + 3; }
    // The longest line, without CRLF (RFC 821 4.5.3 limits it to 998).
    std::size_t longest_line() const { return longest_line_; }
    // Lines holding a byte outside 7-bit ASCII, or NUL (RFC 821 4.5.2:
    // mail data is 7-bit ASCII).
    std::size_t lines_with_8bit() const { return lines_8bit_; }
    std::size_t lines_with_nul() const { return lines_nul_; }

    // Calls `visit(std::string_view line)` for every line, in order.
    template <typename Visit>
    void for_each_line(Visit&& visit) const {
        for (const MailText* node = this; node != nullptr; node = node->rest_.get()) {
            if (node->one_line_) {
                visit(std::string_view(node->chars_));
                continue;
            }
            std::size_t start = 0;
            for (const std::size_t end : node->ends_) {
                visit(std::string_view(node->chars_).substr(start, end - start));
                start = end;
            }
        }
    }
    // How many lines at the start of the text begin with `prefix` (ASCII case
    // folded), as the Received: lines relays put in front.
    std::size_t count_leading_lines(std::string_view prefix) const;
    // How many time stamp lines ("Received:", ASCII case folded) lead the
    // text: count_leading_lines("Received:"), counted once as the text is
    // made, so that a relay's hop limit costs no scan of the text.
    std::size_t leading_received_lines() const { return leading_received_; }
    // The lines, copied (for tests and for outputs that keep the text).
    std::vector<std::string> lines() const;

    // Builds a text line by line (a receiver in DATA, a generated text):
    // the characters go into one buffer, not one string per line.
    class Builder {
      public:
        Builder() = default;
        // Room for this many characters (without CRLFs) and lines.
        Builder(std::size_t chars, std::size_t lines) {
            chars_.reserve(chars);
            ends_.reserve(lines);
        }
        void add(std::string_view line);
        // A line made of these parts, one after another.
        void add_parts(std::initializer_list<std::string_view> parts);
        std::size_t line_count() const { return ends_.size(); }
        MailTextPtr finish();

      private:
        std::string chars_;
        std::vector<std::size_t> ends_;
    };

    // Only for make_shared: the factories above make texts.
    struct Key {
        explicit Key() = default;
    };
    MailText(Key, std::string chars, std::vector<std::size_t> ends, bool one_line,
             MailTextPtr rest);

  private:
    template <typename Visit>
    void for_each_own_line(Visit&& visit) const;

    // The lines of this node, before those of rest_: their characters one
    // after another, and where each line ends; or a node of one line, all of
    // chars_ (a time stamp or Return-Path line), with no ends to keep.
    std::string chars_;
    std::vector<std::size_t> ends_;
    bool one_line_ = false;
    MailTextPtr rest_;
    std::size_t line_count_ = 0;
    std::size_t bytes_ = 0;
    std::size_t dot_lines_ = 0;  // lines that start with "." (stuffed on the wire)
    std::size_t longest_line_ = 0;
    std::size_t lines_8bit_ = 0;
    std::size_t lines_nul_ = 0;
    std::size_t leading_received_ = 0;
};

}  // namespace smtpsim::smtp
