// Splitting a byte stream into receiver lines within RFC 821's size limits.
#include "smtp/receiver_stream.hpp"

namespace smtpsim::smtp {

// A line of this many bytes without its LF is too long whatever follows:
// a command line of 511 characters and more is (4.5.3: 512 with CRLF), and
// so is a text line of 1000 and more even after a leading period is removed;
// one byte more allows for a CR before the LF.
std::size_t ReceiverStream::held_limit() const {
    return receiver_.state() == ReceiverState::data ? max_held : max_command_line_length;
}

void ReceiverStream::take_line(std::vector<Reply>& replies) {
    if (!line_.empty() && line_.back() == '\r') {
        line_.pop_back();  // CRLF or LF both end a line
    }
    if (auto reply = receiver_.on_line(line_)) {
        replies.push_back(std::move(*reply));
        notes_.push_back({receiver_.state(), receiver_.last_outcome()});
    }
    line_.clear();
}

std::vector<Reply> ReceiverStream::feed(std::string_view bytes) {
    std::vector<Reply> replies;
    notes_.clear();
    while (!bytes.empty() && !receiver_.closed()) {
        const std::size_t lf = bytes.find('\n');
        const std::string_view part = bytes.substr(0, lf);
        bytes = lf == std::string_view::npos ? std::string_view{} : bytes.substr(lf + 1);
        if (!discarding_) {
            const std::size_t limit = held_limit();
            line_.append(part.substr(0, limit - std::min(limit, line_.size())));
            if (line_.size() >= limit) {
                // Too long already: the receiver answers (or marks the text)
                // now, and the rest of the line is dropped as it comes.
                take_line(replies);
                discarding_ = true;
            } else if (lf != std::string_view::npos) {
                take_line(replies);
            }
        }
        if (lf != std::string_view::npos) {
            discarding_ = false;
        }
    }
    if (receiver_.closed()) {
        rest_.append(bytes);
    }
    return replies;
}

std::vector<Reply> ReceiverStream::finish() {
    std::vector<Reply> replies;
    notes_.clear();
    if (!discarding_ && !line_.empty() && !receiver_.closed()) {
        take_line(replies);
    }
    return replies;
}

}  // namespace smtpsim::smtp
