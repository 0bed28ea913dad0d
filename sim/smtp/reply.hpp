// SMTP replies (RFC 821 4.2): the named reply codes, the reply text table of
// 4.2.2, formatting to wire text (multi-line with "250-") and parsing it back.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smtp/parsed.hpp"

namespace smtpsim::smtp {

using ReplyCode = int;

// Every code of RFC 821 4.2.2, by name. Code compares against these, never
// against string literals.
namespace reply {
inline constexpr ReplyCode system_status = 211;
inline constexpr ReplyCode help_message = 214;
inline constexpr ReplyCode service_ready = 220;
inline constexpr ReplyCode service_closing = 221;
inline constexpr ReplyCode ok = 250;
inline constexpr ReplyCode will_forward = 251;  // user not local; will forward
inline constexpr ReplyCode start_mail_input = 354;
inline constexpr ReplyCode service_not_available = 421;
inline constexpr ReplyCode mailbox_busy = 450;  // mailbox unavailable, transiently
inline constexpr ReplyCode local_error = 451;
inline constexpr ReplyCode insufficient_storage = 452;
inline constexpr ReplyCode syntax_error = 500;  // command unrecognized, line too long
inline constexpr ReplyCode syntax_error_in_arguments = 501;
inline constexpr ReplyCode command_not_implemented = 502;
inline constexpr ReplyCode bad_sequence = 503;
inline constexpr ReplyCode parameter_not_implemented = 504;
inline constexpr ReplyCode mailbox_unavailable = 550;
inline constexpr ReplyCode user_not_local = 551;  // please try <forward-path>
inline constexpr ReplyCode storage_exceeded = 552;
inline constexpr ReplyCode mailbox_name_not_allowed = 553;
inline constexpr ReplyCode transaction_failed = 554;
}  // namespace reply

// The first digit of a reply code (RFC 821 Appendix E).
enum class ReplyClass {
    positive_preliminary = 1,  // not used in SMTP
    positive_completion = 2,
    positive_intermediate = 3,
    transient_negative = 4,
    permanent_negative = 5,
};

// One code with its text from RFC 821 4.2.2 ("<domain>" and "<forward-path>"
// left as printed).
struct ReplyTableRow {
    ReplyCode code;
    std::string_view text;
};
// The 21 rows of RFC 821 4.2.2, in numeric order.
const std::vector<ReplyTableRow>& reply_table();
// The 4.2.2 text of a code, or "" for a code the RFC does not list.
std::string_view standard_text(ReplyCode code);

// The text lines of a reply (without code and CRLF). Almost every reply has
// one line, kept in place; the further lines of EXPN and HELP go in a vector.
class ReplyLines {
  public:
    ReplyLines() = default;
    ReplyLines(std::initializer_list<std::string> lines);
    explicit ReplyLines(std::vector<std::string> lines);

    std::size_t size() const { return rest_.size() + (has_first_ ? 1 : 0); }
    bool empty() const { return !has_first_; }
    const std::string& operator[](std::size_t i) const { return i == 0 ? first_ : rest_[i - 1]; }
    const std::string& front() const { return first_; }
    const std::string& back() const { return rest_.empty() ? first_ : rest_.back(); }
    void push_back(std::string line);

    class const_iterator {
      public:
        using value_type = std::string;
        using difference_type = std::ptrdiff_t;
        using reference = const std::string&;
        using pointer = const std::string*;
        using iterator_category = std::forward_iterator_tag;
        const_iterator() = default;
        const_iterator(const ReplyLines* lines, std::size_t i) : lines_(lines), i_(i) {}
        reference operator*() const { return (*lines_)[i_]; }
        pointer operator->() const { return &(*lines_)[i_]; }
        const_iterator& operator++() {
            ++i_;
            return *this;
        }
        const_iterator operator++(int) {
            const_iterator before = *this;
            ++i_;
            return before;
        }
        bool operator==(const const_iterator& other) const { return i_ == other.i_; }

      private:
        const ReplyLines* lines_ = nullptr;
        std::size_t i_ = 0;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

    bool operator==(const ReplyLines&) const = default;

  private:
    bool has_first_ = false;
    std::string first_;
    std::vector<std::string> rest_;
};

// A reply: a code and one or more lines of text. A multi-line reply (EXPN,
// HELP) goes on the wire as "250-first\r\n250-second\r\n250 last\r\n".
struct Reply {
    ReplyCode code = 0;
    ReplyLines lines;  // never empty for a well-formed reply

    Reply() = default;
    Reply(ReplyCode c, std::string text) : code(c) { lines.push_back(std::move(text)); }
    Reply(ReplyCode c, std::vector<std::string> text_lines);

    ReplyClass kind() const { return static_cast<ReplyClass>(code / 100); }
    bool positive() const { return code >= 200 && code < 400; }
    bool transient() const { return code >= 400 && code < 500; }
    bool permanent() const { return code >= 500 && code < 600; }

    // Wire text, each line ending in CRLF.
    std::string format() const;
    // The lines without CRLF ("250-a", "250 b"), as a transcript shows them.
    std::vector<std::string> wire_lines() const;

    bool operator==(const Reply&) const = default;
};

// A reply with its 4.2.2 text ("501 Syntax error in parameters or arguments").
Reply standard_reply(ReplyCode code);

// RFC 821 4.5.3: "The maximum total length of a reply line including the
// reply code and the <CRLF> is 512 characters."
inline constexpr std::size_t max_reply_line_length = 512;
// RFC 821 sets no bound on the lines of one multi-line reply; this one is
// above any reply a host of smtpsim writes (an EXPN of a list at its limit
// of 10,000 members), and keeps what one reply can hold to about 5 MB.
inline constexpr std::size_t max_reply_lines = 10'001;

// Reads reply lines one at a time (without their CRLF), as the sender side of
// a connection receives them. A reply is complete at the line "ddd text";
// "ddd-text" lines continue it (RFC 821 Appendix E). A line longer than
// max_reply_line_length with its CRLF, or a reply of more than
// max_reply_lines lines, is an error.
class ReplyReader {
  public:
    // Returns nothing while a multi-line reply is still open, then the reply
    // or an error saying what was malformed (after which the reader is empty
    // again).
    std::optional<Parsed<Reply>> feed(std::string_view line);
    bool in_reply() const { return !pending_.lines.empty(); }

  private:
    Reply pending_;
};

// Parses a whole reply from wire text: lines separated by CRLF (a final CRLF
// is optional). Exactly one reply must be present.
Parsed<Reply> parse_reply(std::string_view text);

}  // namespace smtpsim::smtp
