// Command verbs and argument syntax (RFC 821 4.1.2).
#include "smtp/command.hpp"

#include "core/ascii.hpp"

namespace smtpsim::smtp {

namespace {

struct VerbRow {
    Verb verb;
    std::string_view name;
    std::string_view syntax;  // RFC 821 4.1.2
};

// In the order of the Verb enumeration.
constexpr std::array<VerbRow, verb_count> verb_rows = {{
    {Verb::helo, "HELO", "HELO <SP> <domain> <CRLF>"},
    {Verb::mail, "MAIL", "MAIL <SP> FROM:<reverse-path> <CRLF>"},
    {Verb::rcpt, "RCPT", "RCPT <SP> TO:<forward-path> <CRLF>"},
    {Verb::data, "DATA", "DATA <CRLF>"},
    {Verb::rset, "RSET", "RSET <CRLF>"},
    {Verb::send, "SEND", "SEND <SP> FROM:<reverse-path> <CRLF>"},
    {Verb::soml, "SOML", "SOML <SP> FROM:<reverse-path> <CRLF>"},
    {Verb::saml, "SAML", "SAML <SP> FROM:<reverse-path> <CRLF>"},
    {Verb::vrfy, "VRFY", "VRFY <SP> <string> <CRLF>"},
    {Verb::expn, "EXPN", "EXPN <SP> <string> <CRLF>"},
    {Verb::help, "HELP", "HELP [<SP> <string>] <CRLF>"},
    {Verb::noop, "NOOP", "NOOP <CRLF>"},
    {Verb::quit, "QUIT", "QUIT <CRLF>"},
    {Verb::turn, "TURN", "TURN <CRLF>"},
}};

// Case-insensitive prefix test for "FROM:" and "TO:".
bool starts_with_keyword(std::string_view text, std::string_view keyword) {
    return core::istarts_with(text, keyword);
}

std::string at_character(std::size_t offset) {
    return " at character " + std::to_string(offset + 1);
}

CommandError bad_arguments(std::string reason, std::size_t offset) {
    return CommandError{reply::syntax_error_in_arguments, std::move(reason) + at_character(offset)};
}

// VRFY/EXPN/HELP strings: printable ASCII; RFC 821 3.3 leaves their form to
// the host ("cannot be further restricted").
std::optional<std::size_t> first_unprintable(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 32 || c >= 127) {
            return i;
        }
    }
    return std::nullopt;
}

Parsed<Command, CommandError> path_argument(const SplitLine& split, std::string_view keyword) {
    const std::string_view verb = verb_name(split.verb);
    if (!starts_with_keyword(split.argument, keyword)) {
        return bad_arguments("expected \"" + std::string(keyword) + "\" after " + std::string(verb),
                             split.argument_offset);
    }
    const std::size_t path_offset = split.argument_offset + keyword.size();
    auto path = parse_path(split.argument.substr(keyword.size()));
    if (!path) {
        return bad_arguments(path.error().reason, path_offset + path.error().offset);
    }
    if (split.verb == Verb::rcpt && path.value().is_null()) {
        return bad_arguments("expected a forward-path with a mailbox, not the null path <>",
                             path_offset);
    }
    return Command{split.verb, std::move(path).value(), {}};
}

Parsed<Command, CommandError> string_argument(const SplitLine& split, bool required) {
    if (split.argument.empty()) {
        if (required || split.had_separator) {
            return bad_arguments("expected an argument after " + std::string(verb_name(split.verb)),
                                 split.argument_offset);
        }
        return Command::bare(split.verb);
    }
    if (auto bad = first_unprintable(split.argument)) {
        return bad_arguments("expected printable ASCII in the argument",
                             split.argument_offset + *bad);
    }
    Command command = Command::bare(split.verb);
    command.argument = split.argument;
    return command;
}

Parsed<Command, CommandError> no_argument(const SplitLine& split) {
    if (split.argument.empty() && !split.had_separator) {
        return Command::bare(split.verb);
    }
    // RFC 821 4.3 lists no 501 for NOOP, QUIT and TURN: a line that does not
    // match "NOOP <CRLF>" is an unrecognized command there.
    const bool has_501 = split.verb == Verb::data || split.verb == Verb::rset;
    const std::size_t offset = split.argument_offset - (split.argument.empty() ? 1 : 0);
    const std::string reason =
        "expected nothing after " + std::string(verb_name(split.verb)) + at_character(offset);
    return CommandError{has_501 ? reply::syntax_error_in_arguments : reply::syntax_error, reason};
}

}  // namespace

std::string_view verb_name(Verb verb) {
    return verb_rows[static_cast<std::size_t>(verb)].name;
}

std::string_view verb_syntax(Verb verb) {
    return verb_rows[static_cast<std::size_t>(verb)].syntax;
}

std::optional<Verb> parse_verb(std::string_view word) {
    if (word.size() != 4) {
        return std::nullopt;
    }
    for (const auto& row : verb_rows) {
        if (core::iequals(row.name, word)) {
            return row.verb;
        }
    }
    return std::nullopt;
}

Verb mode_verb(Mode mode) {
    switch (mode) {
        case Mode::mail:
            return Verb::mail;
        case Mode::send:
            return Verb::send;
        case Mode::soml:
            return Verb::soml;
        case Mode::saml:
            return Verb::saml;
    }
    return Verb::mail;  // unreachable: every Mode is handled above
}

std::optional<Mode> verb_mode(Verb verb) {
    switch (verb) {
        case Verb::mail:
            return Mode::mail;
        case Verb::send:
            return Mode::send;
        case Verb::soml:
            return Mode::soml;
        case Verb::saml:
            return Mode::saml;
        case Verb::helo:
        case Verb::rcpt:
        case Verb::data:
        case Verb::rset:
        case Verb::vrfy:
        case Verb::expn:
        case Verb::help:
        case Verb::noop:
        case Verb::quit:
        case Verb::turn:
            return std::nullopt;
    }
    return std::nullopt;
}

namespace {
void append_with_path(std::string& out, Verb verb, std::string_view keyword, const Path& path) {
    out += verb_name(verb);
    out += keyword;
    path.format_to(out);
}
}  // namespace

void append_start(std::string& out, Mode mode, const Path& reverse_path) {
    append_with_path(out, mode_verb(mode), " FROM:", reverse_path);
}

void append_rcpt(std::string& out, const Path& forward_path) {
    append_with_path(out, Verb::rcpt, " TO:", forward_path);
}

std::string format_start(Mode mode, const Path& reverse_path) {
    std::string out;
    append_start(out, mode, reverse_path);
    return out;
}

std::string format_rcpt(const Path& forward_path) {
    std::string out;
    append_rcpt(out, forward_path);
    return out;
}

std::string Command::format() const {
    std::string out(verb_name(verb));
    switch (verb) {
        case Verb::mail:
        case Verb::send:
        case Verb::soml:
        case Verb::saml:
            out += " FROM:";
            path.format_to(out);
            return out;
        case Verb::rcpt:
            return format_rcpt(path);
        case Verb::helo:
        case Verb::vrfy:
        case Verb::expn:
        case Verb::help:
            return argument.empty() ? out : out + ' ' + argument;
        case Verb::data:
        case Verb::rset:
        case Verb::noop:
        case Verb::quit:
        case Verb::turn:
            return out;
    }
    return out;
}

Parsed<SplitLine, CommandError> split_command(std::string_view line) {
    const std::size_t space = line.find(' ');
    const std::string_view word = line.substr(0, space);
    const auto verb = parse_verb(word);
    if (!verb) {
        if (line.empty()) {
            return CommandError{reply::syntax_error, "expected a command, found an empty line"};
        }
        return CommandError{reply::syntax_error,
                            "expected one of the 14 commands (HELO, MAIL, RCPT, DATA, RSET, SEND, "
                            "SOML, SAML, VRFY, EXPN, HELP, NOOP, QUIT, TURN) at character 1"};
    }
    if (space == std::string_view::npos) {
        return SplitLine{*verb, {}, line.size(), false};
    }
    std::size_t start = space;
    while (start < line.size() && line[start] == ' ') {
        ++start;
    }
    return SplitLine{*verb, line.substr(start), start, true};
}

Parsed<Command, CommandError> parse_arguments(const SplitLine& split) {
    switch (split.verb) {
        case Verb::helo: {
            if (split.argument.empty()) {
                return bad_arguments("expected a domain after HELO", split.argument_offset);
            }
            auto domain = parse_domain(split.argument);
            if (!domain) {
                return bad_arguments(domain.error().reason,
                                     split.argument_offset + domain.error().offset);
            }
            return Command::helo(std::move(domain).value());
        }
        case Verb::mail:
        case Verb::send:
        case Verb::soml:
        case Verb::saml:
            return path_argument(split, "FROM:");
        case Verb::rcpt:
            return path_argument(split, "TO:");
        case Verb::vrfy:
        case Verb::expn:
            return string_argument(split, true);
        case Verb::help:
            return string_argument(split, false);
        case Verb::data:
        case Verb::rset:
        case Verb::noop:
        case Verb::quit:
        case Verb::turn:
            return no_argument(split);
    }
    return Command::bare(split.verb);  // unreachable: every Verb is handled above
}

Parsed<Command, CommandError> parse_command(std::string_view line) {
    auto split = split_command(line);
    if (!split) {
        return split.error();
    }
    return parse_arguments(split.value());
}

}  // namespace smtpsim::smtp
