// Hand-written recursive descent over the RFC 821 4.1.2 path grammar.
#include "smtp/path.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <optional>

namespace smtpsim::smtp {

namespace {

constexpr bool is_alpha(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
constexpr bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
constexpr bool is_ascii(char c) {
    return static_cast<unsigned char>(c) < 128;
}

// <special> of RFC 821 4.1.2 (its table misses the "|" between "@" and
// quote; both are specials).
constexpr bool is_special(char c) {
    switch (c) {
        case '<':
        case '>':
        case '(':
        case ')':
        case '[':
        case ']':
        case '\\':
        case '.':
        case ',':
        case ';':
        case ':':
        case '@':
        case '"':
            return true;
        default:
            return static_cast<unsigned char>(c) < 32 || c == 127;
    }
}
// <c>: any ASCII character but a <special> or <SP>.
constexpr bool is_c(char c) {
    return is_ascii(c) && !is_special(c) && c != ' ';
}
// <q>: any ASCII character but CR, LF, quote, backslash.
constexpr bool is_q(char c) {
    return is_ascii(c) && c != '\r' && c != '\n' && c != '"' && c != '\\';
}

// How a character reads in an error message.
std::string describe(std::string_view text, std::size_t i) {
    if (i >= text.size()) {
        return "the end of the text";
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 33 && c < 127) {
        return std::string("\"") + text[i] + '"';
    }
    static const char* hex = "0123456789ABCDEF";
    return c == ' ' ? std::string("a space") : std::string("byte 0x") + hex[c >> 4] + hex[c & 15];
}

class PathParser {
  public:
    explicit PathParser(std::string_view text) : text_(text) {}

    Parsed<Path> path() {
        if (!eat('<')) {
            return fail("expected \"<\" to open the path");
        }
        Path result;
        if (eat('>')) {
            return finish_path(std::move(result));
        }
        if (peek() == '@') {
            while (true) {
                ++pos_;  // the "@" of <at-domain>
                auto element = domain("a route domain after \"@\"");
                if (!element) {
                    return element.error();
                }
                result.route.push_back(std::move(element).value());
                if (eat(',')) {
                    if (peek() != '@') {
                        return fail("expected \"@\" to start the next route domain after \",\"");
                    }
                    continue;
                }
                if (eat(':')) {
                    break;
                }
                return fail("expected \",\" or \":\" after a route domain");
            }
        }
        const std::size_t user_start = pos_;
        auto local = local_part();
        if (!local) {
            return local.error();
        }
        if (pos_ - user_start > max_user_length) {
            return ParseError{user_start, "user name longer than " +
                                              std::to_string(max_user_length) + " characters"};
        }
        result.mailbox.local_part = std::move(local).value();
        if (!eat('@')) {
            return fail("expected \"@\" between the user name and the domain");
        }
        auto host = domain("a domain after \"@\"");
        if (!host) {
            return host.error();
        }
        result.mailbox.domain = std::move(host).value();
        if (!eat('>')) {
            return fail("expected \">\" to close the path");
        }
        return finish_path(std::move(result));
    }

    Parsed<std::string> whole_domain() {
        auto result = domain("a domain");
        if (result && pos_ != text_.size()) {
            return fail("expected \".\" or the end of the domain");
        }
        return result;
    }

  private:
    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
    bool at_end() const { return pos_ >= text_.size(); }
    bool eat(char c) {
        if (!at_end() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    ParseError fail(std::string reason) const {
        return ParseError{pos_, std::move(reason) + ", found " + describe(text_, pos_)};
    }

    Parsed<Path> finish_path(Path result) {
        if (!at_end()) {
            return fail("expected nothing after the \">\" that closes the path");
        }
        if (text_.size() > max_path_length) {
            return ParseError{max_path_length, "path longer than " +
                                                   std::to_string(max_path_length) + " characters"};
        }
        return result;
    }

    // <domain> ::= <element> | <element> "." <domain>
    Parsed<std::string> domain(const char* what) {
        const std::size_t start = pos_;
        while (true) {
            if (auto error = element(start == pos_ ? what : "a domain element after \".\"")) {
                return *error;
            }
            if (!eat('.')) {
                break;
            }
        }
        if (pos_ - start > max_domain_length) {
            return ParseError{
                start, "domain longer than " + std::to_string(max_domain_length) + " characters"};
        }
        return std::string(text_.substr(start, pos_ - start));
    }

    // <element> ::= <name> | "#" <number> | "[" <dotnum> "]"
    std::optional<ParseError> element(const char* what) {
        if (eat('#')) {
            if (!is_digit(peek())) {
                return fail("expected a decimal host number after \"#\"");
            }
            while (is_digit(peek())) {
                ++pos_;
            }
            return std::nullopt;
        }
        if (eat('[')) {
            for (int part = 0; part < 4; ++part) {
                if (part > 0 && !eat('.')) {
                    return fail("expected \".\" between the four numbers of an address");
                }
                const std::size_t start = pos_;
                int value = 0;
                while (is_digit(peek()) && pos_ - start < 3) {
                    value = value * 10 + (text_[pos_++] - '0');
                }
                if (pos_ == start) {
                    return fail("expected a number from 0 to 255 in the address");
                }
                if (value > 255 || is_digit(peek())) {
                    return ParseError{start, "expected a number from 0 to 255 in the address"};
                }
            }
            if (!eat(']')) {
                return fail("expected \"]\" after the four numbers of an address");
            }
            return std::nullopt;
        }
        if (!is_alpha(peek())) {
            return fail(std::string("expected ") + what + " (a name, #number or [a.b.c.d])");
        }
        while (is_alpha(peek()) || is_digit(peek()) || peek() == '-') {
            ++pos_;
        }
        if (text_[pos_ - 1] == '-') {
            return ParseError{pos_ - 1,
                              "expected a letter or digit at the end of a host name, found \"-\""};
        }
        return std::nullopt;
    }

    // A run of "\" <x> escapes and of characters that `plain` accepts: <char>
    // with is_c, <qtext> with is_q.
    std::optional<ParseError> characters(bool (*plain)(char)) {
        while (!at_end()) {
            if (eat('\\')) {
                if (at_end() || !is_ascii(peek())) {
                    return fail("expected an ASCII character after \"\\\"");
                }
                ++pos_;
            } else if (plain(peek())) {
                ++pos_;
            } else {
                break;
            }
        }
        return std::nullopt;
    }

    // <local-part> ::= <dot-string> | <quoted-string>
    Parsed<std::string> local_part() {
        const std::size_t start = pos_;
        if (eat('"')) {
            // <qtext> is one or more of "\" <x> | <q>
            const std::size_t content = pos_;
            if (auto error = characters(is_q)) {
                return *error;
            }
            if (pos_ == content) {
                return fail("expected at least one character inside the quotes");
            }
            if (!eat('"')) {
                return fail("expected a closing quote (\") for the quoted user name");
            }
            return std::string(text_.substr(start, pos_ - start));
        }
        // <dot-string> ::= <string> | <string> "." <dot-string>
        while (true) {
            const std::size_t word = pos_;  // <string> is one or more <char>
            if (auto error = characters(is_c)) {
                return *error;
            }
            if (pos_ == word) {
                return fail(word == start ? "expected a user name (or a quoted string)"
                                          : "expected a character of the user name after \".\"");
            }
            if (!eat('.')) {
                break;
            }
        }
        return std::string(text_.substr(start, pos_ - start));
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace

bool same_domain(std::string_view a, std::string_view b) {
    return core::iequals(a, b);
}

std::string Mailbox::user() const {
    std::string out;
    std::string_view text = local_part;
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
        text = text.substr(1, text.size() - 2);
    }
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            ++i;
        }
        out += text[i];
    }
    return out;
}

std::string_view Path::next_host() const {
    return route.empty() ? std::string_view{mailbox.domain} : std::string_view{route.front()};
}

std::string Path::format() const {
    std::string out;
    format_to(out);
    return out;
}

void Path::format_to(std::string& out) const {
    out += '<';
    for (std::size_t i = 0; i < route.size(); ++i) {
        out += i == 0 ? "@" : ",@";
        out += route[i];
    }
    if (!route.empty()) {
        out += ':';
    }
    if (!is_null()) {
        out += mailbox.local_part;
        out += '@';
        out += mailbox.domain;
    }
    out += '>';
}

bool Path::operator==(const Path& other) const {
    return mailbox == other.mailbox &&
           std::equal(route.begin(), route.end(), other.route.begin(), other.route.end(),
                      [](const std::string& a, const std::string& b) { return same_domain(a, b); });
}

Parsed<Path> parse_path(std::string_view text) {
    return PathParser{text}.path();
}

Parsed<std::string> parse_domain(std::string_view text) {
    return PathParser{text}.whole_domain();
}

Path remove_self(const Path& forward_path, std::string_view self) {
    Path out = forward_path;
    if (!out.route.empty() && same_domain(out.route.front(), self)) {
        out.route.erase(out.route.begin());
    }
    return out;
}

Path prepend_self(const Path& reverse_path, std::string_view self) {
    Path out = reverse_path;
    if (!out.is_null()) {
        out.route.insert(out.route.begin(), std::string(self));
    }
    return out;
}

RelayedPaths relay_transform(std::string_view self, const Path& reverse_path,
                             const Path& forward_path) {
    return RelayedPaths{prepend_self(reverse_path, self), remove_self(forward_path, self)};
}

}  // namespace smtpsim::smtp
