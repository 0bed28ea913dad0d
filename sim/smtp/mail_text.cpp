// Shared, immutable mail texts.
#include "smtp/mail_text.hpp"

#include <algorithm>

#include "core/ascii.hpp"

namespace smtpsim::smtp {
namespace {

// RFC 821 4.1.1: the time stamp line a receiver puts in front of the text.
constexpr std::string_view received_prefix = "Received:";

}  // namespace

template <typename Visit>
void MailText::for_each_own_line(Visit&& visit) const {
    if (one_line_) {
        visit(std::string_view(chars_));
        return;
    }
    std::size_t start = 0;
    for (const std::size_t end : ends_) {
        visit(std::string_view(chars_).substr(start, end - start));
        start = end;
    }
}

MailText::MailText(Key, std::string chars, std::vector<std::size_t> ends, bool one_line,
                   MailTextPtr rest)
    : chars_(std::move(chars)),
      ends_(std::move(ends)),
      one_line_(one_line),
      rest_(std::move(rest)) {
    if (rest_) {
        line_count_ = rest_->line_count_;
        bytes_ = rest_->bytes_;
        dot_lines_ = rest_->dot_lines_;
        longest_line_ = rest_->longest_line_;
        lines_8bit_ = rest_->lines_8bit_;
        lines_nul_ = rest_->lines_nul_;
    }
    // Leading time stamp lines: this node's, and the rest's when all of its lead.
    bool leading = true;
    // Most texts are plain 7-bit ASCII: one pass over all characters says so.
    const bool unusual = std::any_of(chars_.begin(), chars_.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte == 0 || byte > 127;
    });
    for_each_own_line([this, unusual, &leading](std::string_view line) {
        leading = leading && core::istarts_with(line, received_prefix);
        leading_received_ += leading ? 1 : 0;
        ++line_count_;
        bytes_ += line.size() + 2;
        dot_lines_ += !line.empty() && line.front() == '.' ? 1 : 0;
        longest_line_ = std::max(longest_line_, line.size());
        if (unusual) {
            const bool eight_bit = std::any_of(line.begin(), line.end(), [](char c) {
                return static_cast<unsigned char>(c) > 127;
            });
            lines_8bit_ += eight_bit ? 1 : 0;
            lines_nul_ += line.find('\0') != std::string_view::npos ? 1 : 0;
        }
    });
    if (leading && rest_) {
        leading_received_ += rest_->leading_received_;
    }
}

void MailText::Builder::add(std::string_view line) {
    chars_ += line;
    ends_.push_back(chars_.size());
}

void MailText::Builder::add_parts(std::initializer_list<std::string_view> parts) {
    for (const std::string_view part : parts) {
        chars_ += part;
    }
    ends_.push_back(chars_.size());
}

MailTextPtr MailText::Builder::finish() {
    return std::make_shared<const MailText>(Key{}, std::move(chars_), std::move(ends_), false,
                                            nullptr);
}

MailTextPtr MailText::from_lines(std::vector<std::string> lines) {
    Builder builder;
    for (const std::string& line : lines) {
        builder.add(line);
    }
    return builder.finish();
}

std::size_t MailText::count_leading_lines(std::string_view prefix) const {
    std::size_t count = 0;
    for (const MailText* node = this; node != nullptr; node = node->rest_.get()) {
        std::size_t start = 0;
        const std::size_t lines = node->one_line_ ? 1 : node->ends_.size();
        for (std::size_t i = 0; i < lines; ++i) {
            const std::size_t end = node->one_line_ ? node->chars_.size() : node->ends_[i];
            if (!core::istarts_with(std::string_view(node->chars_).substr(start, end - start),
                                    prefix)) {
                return count;
            }
            ++count;
            start = end;
        }
    }
    return count;
}

MailTextPtr MailText::prepend(std::string line, MailTextPtr rest) {
    return std::make_shared<const MailText>(Key{}, std::move(line), std::vector<std::size_t>{},
                                            true, std::move(rest));
}

std::vector<std::string> MailText::lines() const {
    std::vector<std::string> out;
    out.reserve(line_count_);
    for_each_line([&out](std::string_view line) { out.emplace_back(line); });
    return out;
}

}  // namespace smtpsim::smtp
