// Reverse- and forward-paths (RFC 821 4.1.2 grammar), their 4.5.3 size
// limits, and the relay transform of RFC 821 3.6.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "smtp/parsed.hpp"

namespace smtpsim::smtp {

// RFC 821 4.5.3 sizes.
inline constexpr std::size_t max_user_length = 64;    // local part, as written on the wire
inline constexpr std::size_t max_domain_length = 64;  // one domain (name, #number, [dotnum])
inline constexpr std::size_t max_path_length = 256;   // "<...>" including the brackets

// Host names compare without regard to ASCII case ("BBN-Vax.ARPA" is
// "BBN-VAX.ARPA"); local parts keep their case.
bool same_domain(std::string_view a, std::string_view b);

// <mailbox> ::= <local-part> "@" <domain>
struct Mailbox {
    // As written on the wire: a dot-string with its backslash escapes, or a
    // quoted-string with its quotes ("\"Joe Smith\"", "Joe\\,Smith").
    std::string local_part;
    std::string domain;

    // The local part with quotes and backslash escapes removed
    // ("Joe\,Smith" -> "Joe,Smith").
    std::string user() const;
    std::string format() const { return local_part + '@' + domain; }
    bool operator==(const Mailbox& other) const {
        return local_part == other.local_part && same_domain(domain, other.domain);
    }
};

// <path> ::= "<" [ <a-d-l> ":" ] <mailbox> ">", or the null path "<>" of
// undeliverable-mail notifications (RFC 821 3.6).
struct Path {
    std::vector<std::string> route;  // source route, next host first
    Mailbox mailbox;                 // empty local part and domain for the null path

    static Path null() { return Path{}; }
    bool is_null() const {
        return route.empty() && mailbox.local_part.empty() && mailbox.domain.empty();
    }

    // The host the mail goes to next: the first route element, else the
    // mailbox's domain. Empty for the null path.
    std::string_view next_host() const;

    // "<@A,@B:user@C>", "<user@C>", "<>". Parses back to an equal Path.
    std::string format() const;
    // The same, appended to `out`.
    void format_to(std::string& out) const;

    bool operator==(const Path& other) const;
};

// Parses a path per RFC 821 4.1.2, including the null path "<>", and checks
// the 4.5.3 limits. Never throws; on bad input the error says what was
// expected and at which character.
//
// One deliberate relaxation: RFC 821's <name> needs at least three characters
// (<a> <ldh-str> <let-dig>), yet its own examples ("Fred.Cambridge.UK") and
// ours ("<@A,@B:user@C>") use shorter ones; a name here is a letter, then
// letters, digits and hyphens, not ending in a hyphen.
Parsed<Path> parse_path(std::string_view text);

// Parses one <domain> (as in HELO), with its 64-character limit.
Parsed<std::string> parse_domain(std::string_view text);

// RFC 821 3.6, forward-path side: if the first route element is `self`, it is
// deleted; otherwise the path is unchanged.
Path remove_self(const Path& forward_path, std::string_view self);

// RFC 821 3.6, reverse-path side: `self` is inserted at the front of the
// route. The null reverse-path stays null (3.6: "it is permissible to leave
// the reverse-path null"; "<@HOST:>" is not a path).
Path prepend_self(const Path& reverse_path, std::string_view self);

// Both sides at once: what a relay `self` passes on after accepting
// MAIL FROM:<reverse_path> and RCPT TO:<forward_path>.
struct RelayedPaths {
    Path reverse_path;
    Path forward_path;
};
RelayedPaths relay_transform(std::string_view self, const Path& reverse_path,
                             const Path& forward_path);

}  // namespace smtpsim::smtp
