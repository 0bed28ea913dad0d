// Mail data transparency (RFC 821 4.5.2): the sender doubles a leading
// period, the receiver removes it; a line holding only "." ends the data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace smtpsim::smtp {

// The end of mail data indication, as a line.
inline constexpr std::string_view end_of_data = ".";

// Sender side: the line as sent ("." + line when it starts with a period).
std::string dot_stuff(std::string_view text_line);

// Sender side: every text line stuffed, then the "." line.
std::vector<std::string> dot_stuff_all(const std::vector<std::string>& text_lines);

// Receiver side, for a line that is not the end of data: the line with a
// leading period removed.
std::string_view dot_unstuff(std::string_view received_line);

}  // namespace smtpsim::smtp
