// RFC 821 source routes as text: formatting a route from a list of relays,
// and a simple shape check of paths such as "<@A,@B:user@C>" and "<user@C>".
// A stand-in until the smtp module's path parser (RFC 821 4.1.2) can be used
// here; it checks the shape, not every rule of the grammar.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace smtpsim::net {

struct Mailbox {
    std::string local_part;  // "Jones"
    std::string domain;      // "BBN-VAX.ARPA"
    bool operator==(const Mailbox&) const = default;
};

// Why `text` is not a domain ("USC-ISIE.ARPA"): elements of letters, digits
// and hyphens separated by dots, each starting with a letter and not ending
// with a hyphen (RFC 821 4.1.2 <name>), at most 64 characters in all (4.5.3).
// Nothing when it is one.
std::optional<std::string> domain_problem(std::string_view text);

// Why `text` is not a local part: RFC 821 <dot-string>, printable characters
// without spaces or the specials < > ( ) [ ] \ , ; : @ " in dot-separated
// words, at most 64 characters (4.5.3).
std::optional<std::string> local_part_problem(std::string_view text);

// "user@host" (no angle brackets). Nothing when it does not have that shape.
std::optional<Mailbox> parse_mailbox(std::string_view text);

// Why `text` is not a path "<user@host>" or "<@A,@B:user@host>"; nothing when it is.
std::optional<std::string> path_problem(std::string_view text);

// The source route through `relays` (in the order the mail visits them) to
// `mailbox`: "<@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>", or "<Jones@BBN-VAX.ARPA>"
// with no relays. The first relay is the host the sender connects to.
std::string format_source_route(std::span<const std::string_view> relays, const Mailbox& mailbox);

}  // namespace smtpsim::net
