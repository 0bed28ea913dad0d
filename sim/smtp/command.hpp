// The 14 SMTP commands of RFC 821 4.1.2: verbs, argument syntax, parsing a
// command line and formatting it back.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "smtp/parsed.hpp"
#include "smtp/path.hpp"
#include "smtp/reply.hpp"

namespace smtpsim::smtp {

// RFC 821 4.5.3: a command line is at most 512 characters with its CRLF.
inline constexpr std::size_t max_command_line_length = 512;
// RFC 821 4.5.3: a text line is at most 1000 characters with its CRLF, not
// counting a leading dot doubled for transparency.
inline constexpr std::size_t max_text_line_length = 1000;

enum class Verb {
    helo,
    mail,
    rcpt,
    data,
    rset,
    send,
    soml,
    saml,
    vrfy,
    expn,
    help,
    noop,
    quit,
    turn
};
inline constexpr std::size_t verb_count = 14;
inline constexpr std::array<Verb, verb_count> all_verbs = {
    Verb::helo, Verb::mail, Verb::rcpt, Verb::data, Verb::rset, Verb::send, Verb::soml,
    Verb::saml, Verb::vrfy, Verb::expn, Verb::help, Verb::noop, Verb::quit, Verb::turn};

// "HELO", "MAIL", ...
std::string_view verb_name(Verb verb);
// The syntax line of RFC 821 4.1.2 ("MAIL <SP> FROM:<reverse-path> <CRLF>").
std::string_view verb_syntax(Verb verb);
// Case-insensitive ("mail", "MaIl"); nothing for anything else.
std::optional<Verb> parse_verb(std::string_view word);

// How a transaction's mail data is delivered (RFC 821 3.4): MAIL to
// mailboxes, SEND to terminals, SOML to a terminal or else the mailbox, SAML
// to the terminal (if active) and the mailbox.
enum class Mode { mail, send, soml, saml };
Verb mode_verb(Mode mode);
// The mode a transaction-starting verb gives, or nothing for other verbs.
std::optional<Mode> verb_mode(Verb verb);

// One parsed command line.
struct Command {
    Verb verb = Verb::noop;
    // MAIL/SEND/SOML/SAML: the reverse-path; RCPT: the forward-path.
    Path path;
    // HELO: the domain; VRFY/EXPN: the string; HELP: the topic, may be empty.
    std::string argument;

    static Command helo(std::string domain) { return {Verb::helo, {}, std::move(domain)}; }
    static Command start(Mode mode, Path reverse_path) {
        return {mode_verb(mode), std::move(reverse_path), {}};
    }
    static Command rcpt(Path forward_path) { return {Verb::rcpt, std::move(forward_path), {}}; }
    static Command bare(Verb verb) { return {verb, {}, {}}; }

    // The canonical command line without CRLF: upper-case verb, one space,
    // "FROM:"/"TO:" in upper case ("MAIL FROM:<Smith@USC-ISIF.ARPA>").
    std::string format() const;
};

// "MAIL FROM:<path>" (or SEND, SOML, SAML) and "RCPT TO:<path>", as
// Command::format writes them, without copying the path.
std::string format_start(Mode mode, const Path& reverse_path);
std::string format_rcpt(const Path& forward_path);
void append_start(std::string& out, Mode mode, const Path& reverse_path);
void append_rcpt(std::string& out, const Path& forward_path);

// Why a command line was refused: 500 for an unrecognized command (or an
// argument on a command whose RFC 821 4.3 replies have no 501: NOOP, QUIT,
// TURN), 501 for bad arguments. The reason names what was expected and where
// (character positions count from 1 in the whole line).
struct CommandError {
    ReplyCode code = reply::syntax_error;
    std::string reason;
};

// The verb and the raw argument text of a line: the line is split at the
// first space; any further spaces before the argument are skipped (RFC 821
// 4.1.2: "separated by one or more spaces").
struct SplitLine {
    Verb verb;
    std::string_view argument;  // empty when the line is the bare verb
    std::size_t argument_offset;
    bool had_separator;  // "NOOP " has a separator but no argument
};
Parsed<SplitLine, CommandError> split_command(std::string_view line);

// Checks the argument syntax of RFC 821 4.1.2 for a split line.
Parsed<Command, CommandError> parse_arguments(const SplitLine& split);

// split_command then parse_arguments. Does not check the line length.
Parsed<Command, CommandError> parse_command(std::string_view line);

}  // namespace smtpsim::smtp
