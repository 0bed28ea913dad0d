// The checks of names in topology files (name_checks.hpp).
#include "net/name_checks.hpp"

#include "smtp/path.hpp"

namespace smtpsim::net {
namespace {

std::string length_problem(std::string_view text, std::string_view what, std::size_t limit) {
    return "\"" + std::string(text.substr(0, 20)) + "...\" is " + std::to_string(text.size()) +
           " characters long; RFC 821 4.5.3 allows " + std::string(what) + " at most " +
           std::to_string(limit);
}

}  // namespace

std::optional<std::string> full_path_problem(std::string_view path) {
    const auto parsed = smtp::parse_path(path);
    if (!parsed) {
        return parsed.error().message();
    }
    if (parsed.value().is_null()) {
        return std::string("the null path <> names no mailbox");
    }
    return std::nullopt;
}

std::optional<std::string> domain_problem(std::string_view name) {
    if (name.size() > smtp::max_domain_length) {
        return length_problem(name, "a host name", smtp::max_domain_length);
    }
    if (const auto parsed = smtp::parse_domain(name); !parsed) {
        return parsed.error().message();
    }
    if (name.find_first_of("#[") != std::string_view::npos) {
        return "\"" + std::string(name) +
               "\" is an address; expected a name such as \"USC-ISIE.ARPA\"";
    }
    return std::nullopt;
}

std::optional<std::string> local_part_problem(const std::string& mailbox) {
    if (mailbox.size() > smtp::max_user_length) {
        return length_problem(mailbox, "a user name", smtp::max_user_length);
    }
    const auto parsed = smtp::parse_path("<" + mailbox + "@A>");
    if (parsed && parsed.value().mailbox.local_part == mailbox &&
        mailbox.find_first_of("\"\\") == std::string::npos) {
        return std::nullopt;
    }
    return "\"" + mailbox +
           "\": expected words of printable characters separated by single dots, without "
           "spaces or < > ( ) [ ] \\ , ; : @ \"";
}

}  // namespace smtpsim::net
