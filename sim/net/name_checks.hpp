// What is wrong, if anything, with a path, host name or mailbox name a
// topology file gives, by the RFC 821 4.1.2 grammar and the 4.5.3 limits of
// smtp/path.hpp, as a receiver will check them: a sentence for the error
// message, or nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smtpsim::net {

// A whole path such as "<@A:Jones@B>", not the null path.
std::optional<std::string> full_path_problem(std::string_view path);
// A host is named by letters, digits, hyphens and dots (no #number or [a.b.c.d]).
std::optional<std::string> domain_problem(std::string_view name);
// A mailbox is a plain <dot-string> such as "Jones" (no quotes or backslashes).
std::optional<std::string> local_part_problem(const std::string& mailbox);

}  // namespace smtpsim::net
