// Reply codes, texts, wire formatting and parsing (RFC 821 4.2, Appendix E).
#include "smtp/reply.hpp"

#include <algorithm>

namespace smtpsim::smtp {

const std::vector<ReplyTableRow>& reply_table() {
    // RFC 821 4.2.2, wrapped lines joined by one space. (4.2.1 prints 451 as
    // "error in processing"; 4.2.2 says "local error in processing".)
    static const std::vector<ReplyTableRow> rows = {
        {211, "System status, or system help reply"},
        {214, "Help message"},
        {220, "<domain> Service ready"},
        {221, "<domain> Service closing transmission channel"},
        {250, "Requested mail action okay, completed"},
        {251, "User not local; will forward to <forward-path>"},
        {354, "Start mail input; end with <CRLF>.<CRLF>"},
        {421, "<domain> Service not available, closing transmission channel"},
        {450, "Requested mail action not taken: mailbox unavailable"},
        {451, "Requested action aborted: local error in processing"},
        {452, "Requested action not taken: insufficient system storage"},
        {500, "Syntax error, command unrecognized"},
        {501, "Syntax error in parameters or arguments"},
        {502, "Command not implemented"},
        {503, "Bad sequence of commands"},
        {504, "Command parameter not implemented"},
        {550, "Requested action not taken: mailbox unavailable"},
        {551, "User not local; please try <forward-path>"},
        {552, "Requested mail action aborted: exceeded storage allocation"},
        {553, "Requested action not taken: mailbox name not allowed"},
        {554, "Transaction failed"},
    };
    return rows;
}

std::string_view standard_text(ReplyCode code) {
    const auto& rows = reply_table();
    auto it =
        std::find_if(rows.begin(), rows.end(), [code](const auto& r) { return r.code == code; });
    return it == rows.end() ? std::string_view{} : it->text;
}

Reply standard_reply(ReplyCode code) {
    return Reply{code, std::string(standard_text(code))};
}

ReplyLines::ReplyLines(std::initializer_list<std::string> lines) {
    for (const std::string& line : lines) {
        push_back(line);
    }
}

ReplyLines::ReplyLines(std::vector<std::string> lines) {
    for (std::string& line : lines) {
        push_back(std::move(line));
    }
}

void ReplyLines::push_back(std::string line) {
    if (!has_first_) {
        first_ = std::move(line);
        has_first_ = true;
    } else {
        rest_.push_back(std::move(line));
    }
}

Reply::Reply(ReplyCode c, std::vector<std::string> text_lines)
    : code(c), lines(std::move(text_lines)) {
    if (lines.empty()) {
        lines.push_back({});
    }
}

std::vector<std::string> Reply::wire_lines() const {
    std::vector<std::string> out;
    out.reserve(lines.size());
    const std::string digits = std::to_string(code);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const char separator = i + 1 < lines.size() ? '-' : ' ';
        out.push_back(digits + separator + lines[i]);
    }
    return out;
}

std::string Reply::format() const {
    std::string out;
    const std::string digits = std::to_string(code);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        out += digits;
        out += i + 1 < lines.size() ? '-' : ' ';
        out += lines[i];
        out += "\r\n";
    }
    return out;
}

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

std::optional<Parsed<Reply>> ReplyReader::feed(std::string_view line) {
    auto fail = [this](std::size_t offset, std::string reason) -> std::optional<Parsed<Reply>> {
        pending_ = Reply{};
        return Parsed<Reply>{ParseError{offset, std::move(reason)}};
    };
    if (line.size() + 2 > max_reply_line_length) {
        return fail(max_reply_line_length - 2,
                    "a reply line longer than 512 characters with its CRLF (RFC 821 4.5.3)");
    }
    if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || !is_digit(line[2])) {
        return fail(0, "expected a three-digit reply code");
    }
    if (line[0] < '1' || line[0] > '5') {
        return fail(0, "expected a reply code whose first digit is 1 to 5");
    }
    const ReplyCode code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    bool last = true;
    if (line.size() > 3) {
        if (line[3] == '-') {
            last = false;
        } else if (line[3] != ' ') {
            return fail(3, "expected a space or \"-\" after the reply code");
        }
    }
    if (!pending_.lines.empty() && code != pending_.code) {
        return fail(0, "expected reply code " + std::to_string(pending_.code) +
                           " on every line of a multi-line reply, found " + std::to_string(code));
    }
    if (pending_.lines.size() == max_reply_lines) {
        return fail(0, "a reply of more than " + std::to_string(max_reply_lines) + " lines");
    }
    pending_.code = code;
    pending_.lines.push_back(std::string(line.size() > 4 ? line.substr(4) : std::string_view{}));
    if (!last) {
        return std::nullopt;
    }
    Reply complete = std::move(pending_);
    pending_ = Reply{};
    return Parsed<Reply>{std::move(complete)};
}

Parsed<Reply> parse_reply(std::string_view text) {
    if (text.size() >= 2 && text.substr(text.size() - 2) == "\r\n") {
        text.remove_suffix(2);
    }
    ReplyReader reader;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find("\r\n", start);
        const std::string_view line = text.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        auto result = reader.feed(line);
        if (result) {
            if (!result->ok()) {
                ParseError error = result->error();
                error.offset += start;
                return error;
            }
            if (end != std::string_view::npos) {
                return ParseError{end + 2, "expected the end of the reply after its last line"};
            }
            return std::move(*result).value();
        }
        if (end == std::string_view::npos) {
            return ParseError{text.size(),
                              "expected a last line \"ddd text\" to end the multi-line reply"};
        }
        start = end + 2;
    }
}

}  // namespace smtpsim::smtp
