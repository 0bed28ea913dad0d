// Mail data transparency (RFC 821 4.5.2): the sender doubles a leading
// period, the receiver removes it; a line holding only "." ends the data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "smtp/mail_text.hpp"

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
// A receiver with the `refuse` policy below fails the transaction with 554
// at the final "."; scenario files with a NUL are refused at load.
bool seven_bit_text(std::string_view text_line);

// Whether a text line holds a NUL, which no receiver takes (see above).
bool holds_nul(std::string_view text_line);

// What a receiver does with mail data holding bytes with the high bit set,
// which RFC 821 4.5.2 does not allow ("the 7-bit ASCII codes are
// transmitted ... with the high order bits cleared to zero"):
enum class EightBit {
    refuse,  // 554 at the final "." (4.3 lists it for the end of mail data)
    strip,   // clear the high bit, as many hosts of the time did
    pass,    // keep the bytes as they came
};
inline constexpr auto eight_bit_names = core::enum_names<EightBit>("refuse", "strip", "pass");

// The line with the high bit of every byte cleared. A byte that would become
// NUL (0x80), CR (0x8D) or LF (0x8A) is dropped: a text line cannot hold a
// line end, and smtpsim does not carry NUL (the C string handling of the
// hosts that stripped would have lost it too).
std::string strip_high_bit(std::string_view text_line);
// A text with every line stripped so.
MailTextPtr strip_high_bit(const MailText& text);

}  // namespace smtpsim::smtp
