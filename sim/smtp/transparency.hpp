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

// Whether a text line is mail data smtpsim carries: 7-bit ASCII (RFC 821
// 4.5.2: "the 7-bit ASCII codes are transmitted right justified in the
// octets with the high order bits cleared to zero"), and no NUL. RFC 821
// lets the data hold all 128 ASCII codes; NUL is the one smtpsim refuses,
// as RFC 5322 later ruled (3.5: a message's text is %d1-127 but CR and LF):
// a mailbox that stores text as strings cannot keep it, and 4.5.2 asks any
// transform of the data to be reversible.
// A receiver fails the transaction with 554 at the final "."; scenario files
// are refused at load.
bool seven_bit_text(std::string_view text_line);

}  // namespace smtpsim::smtp
