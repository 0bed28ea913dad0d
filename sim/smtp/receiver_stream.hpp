// A receiver fed from a byte stream (standard input, a socket): lines end at
// LF (a CR before it is dropped), and no more of a line is held than it
// takes to know that it is too long (RFC 821 4.5.3), so that an endless line
// costs no memory. A command line is answered "500 Line too long." as soon
// as it passes 512 characters, and the rest of it is discarded; a text line
// past 1000 characters is discarded, and the transaction fails with 554 at
// the final ".".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "smtp/receiver.hpp"

namespace smtpsim::smtp {

class ReceiverStream {
  public:
    // `receiver` must outlive the stream.
    explicit ReceiverStream(Receiver& receiver) : receiver_(receiver) {}

    // Bytes as they arrive, in chunks of any size; returns the replies to
    // them in order. Nothing more is read once the receiver is closed.
    std::vector<Reply> feed(std::string_view bytes);
    // The end of input: a last line without its LF is taken as a line.
    std::vector<Reply> finish();
    // The bytes fed after the line that closed the receiver (after a TURN
    // they are the other side's replies), taken once.
    std::string take_rest() { return std::move(rest_); }

    // For each reply the last feed or finish returned: the receiver's state
    // after it and its RFC 821 4.3 class.
    struct ReplyNote {
        ReceiverState state;
        ReplyOutcome outcome;
    };
    const std::vector<ReplyNote>& notes() const { return notes_; }

    // The most bytes of one line held at any time.
    static constexpr std::size_t max_held = max_text_line_length + 1;

  private:
    void take_line(std::vector<Reply>& replies);
    std::size_t held_limit() const;

    Receiver& receiver_;
    std::string line_;         // the line so far, without its LF
    bool discarding_ = false;  // the rest of a line already found too long
    std::vector<ReplyNote> notes_;
    std::string rest_;  // bytes after the receiver closed
};

}  // namespace smtpsim::smtp
