// Source-route formatting and the shape check of paths.
#include "net/source_route.hpp"

#include <string>

#include "smtp/path.hpp"

namespace smtpsim::net {
namespace {

bool is_letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// RFC 821 4.1.2 <special>, space and control characters cannot appear unquoted.
bool is_dot_string_char(char c) {
    if (c <= ' ' || c == 127) {
        return false;
    }
    for (char special : std::string_view("<>()[]\\.,;:@\"")) {
        if (c == special) {
            return false;
        }
    }
    return true;
}

std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

std::string length_problem(std::string_view text, std::string_view what, std::size_t limit) {
    return quoted(text.substr(0, 20)) + "... is " + std::to_string(text.size()) +
           " characters long; RFC 821 4.5.3 allows " + std::string(what) + " at most " +
           std::to_string(limit);
}

}  // namespace

std::optional<std::string> domain_problem(std::string_view text) {
    if (text.empty()) {
        return "empty; expected a domain such as \"USC-ISIE.ARPA\"";
    }
    if (text.size() > smtp::max_domain_length) {
        return length_problem(text, "a host name", smtp::max_domain_length);
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = text.find('.', start);
        const std::string_view element =
            text.substr(start, dot == std::string_view::npos ? text.npos : dot - start);
        if (element.empty()) {
            return quoted(text) + " has an empty element; expected names separated by single dots";
        }
        if (!is_letter(element.front())) {
            return quoted(text) + ": element " + quoted(element) + " must start with a letter";
        }
        for (char c : element) {
            if (!is_letter(c) && !is_digit(c) && c != '-') {
                return quoted(text) + ": element " + quoted(element) +
                       " may hold only letters, digits and hyphens";
            }
        }
        if (element.back() == '-') {
            return quoted(text) + ": element " + quoted(element) + " must not end with a hyphen";
        }
        if (dot == std::string_view::npos) {
            return std::nullopt;
        }
        start = dot + 1;
    }
}

std::optional<std::string> local_part_problem(std::string_view text) {
    if (text.empty()) {
        return "empty local part; expected a mailbox name such as \"Jones\"";
    }
    if (text.size() > smtp::max_user_length) {
        return length_problem(text, "a user name", smtp::max_user_length);
    }
    if (text.front() == '.' || text.back() == '.' || text.find("..") != std::string_view::npos) {
        return quoted(text) + ": dots must separate words";
    }
    for (char c : text) {
        if (c != '.' && !is_dot_string_char(c)) {
            return quoted(text) + " holds '" + std::string(1, c) +
                   "'; a local part may not hold spaces or < > ( ) [ ] \\ , ; : @ \"";
        }
    }
    return std::nullopt;
}

std::optional<Mailbox> parse_mailbox(std::string_view text) {
    const std::size_t at = text.rfind('@');
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    Mailbox mailbox{std::string(text.substr(0, at)), std::string(text.substr(at + 1))};
    if (local_part_problem(mailbox.local_part) || domain_problem(mailbox.domain)) {
        return std::nullopt;
    }
    return mailbox;
}

std::optional<std::string> path_problem(std::string_view text) {
    if (text.size() < 2 || text.front() != '<' || text.back() != '>') {
        return quoted(text) +
               " is not in angle brackets; expected a path such as "
               "\"<Jones@BBN-VAX.ARPA>\" or \"<@USC-ISIE.ARPA:Jones@BBN-VAX.ARPA>\"";
    }
    std::string_view inner = text.substr(1, text.size() - 2);
    if (!inner.empty() && inner.front() == '@') {
        const std::size_t colon = inner.find(':');
        if (colon == std::string_view::npos) {
            return quoted(text) + ": a source route \"@A,@B\" must end with ':' before the mailbox";
        }
        std::string_view route = inner.substr(0, colon);
        inner = inner.substr(colon + 1);
        std::size_t start = 0;
        while (start <= route.size()) {
            const std::size_t comma = route.find(',', start);
            std::string_view hop =
                route.substr(start, comma == std::string_view::npos ? route.npos : comma - start);
            if (hop.empty() || hop.front() != '@') {
                return quoted(text) + ": each host of the source route is written \"@HOST\"";
            }
            if (auto problem = domain_problem(hop.substr(1))) {
                return "source route host " + *problem;
            }
            if (comma == std::string_view::npos) {
                break;
            }
            start = comma + 1;
        }
    }
    const std::size_t at = inner.rfind('@');
    if (at == std::string_view::npos) {
        return quoted(text) + ": expected a mailbox \"user@host\" inside the brackets";
    }
    if (auto problem = local_part_problem(inner.substr(0, at))) {
        return *problem;
    }
    return domain_problem(inner.substr(at + 1));
}

std::string format_source_route(std::span<const std::string_view> relays, const Mailbox& mailbox) {
    std::string route = "<";
    for (std::size_t i = 0; i < relays.size(); ++i) {
        route += i == 0 ? "@" : ",@";
        route += relays[i];
    }
    if (!relays.empty()) {
        route += ':';
    }
    return route + mailbox.local_part + "@" + mailbox.domain + ">";
}

}  // namespace smtpsim::net
