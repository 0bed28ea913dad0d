// Shared, immutable mail texts.
#include "smtp/mail_text.hpp"

#include <algorithm>

namespace smtpsim::smtp {

MailText::MailText(std::vector<std::string> own, MailTextPtr rest)
    : own_(std::move(own)), rest_(std::move(rest)) {
    if (rest_) {
        line_count_ = rest_->line_count_;
        bytes_ = rest_->bytes_;
        dot_lines_ = rest_->dot_lines_;
        longest_line_ = rest_->longest_line_;
        lines_8bit_ = rest_->lines_8bit_;
        lines_nul_ = rest_->lines_nul_;
    }
    for (const std::string& line : own_) {
        ++line_count_;
        bytes_ += line.size() + 2;
        dot_lines_ += !line.empty() && line.front() == '.' ? 1 : 0;
        longest_line_ = std::max(longest_line_, line.size());
        lines_8bit_ += std::any_of(line.begin(), line.end(),
                                   [](char c) { return static_cast<unsigned char>(c) > 127; })
                           ? 1
                           : 0;
        lines_nul_ += line.find('\0') != std::string::npos ? 1 : 0;
    }
}

MailTextPtr MailText::from_lines(std::vector<std::string> lines) {
    return MailTextPtr(new MailText(std::move(lines), nullptr));
}

MailTextPtr MailText::prepend(std::string line, MailTextPtr rest) {
    std::vector<std::string> own;
    own.push_back(std::move(line));
    return MailTextPtr(new MailText(std::move(own), std::move(rest)));
}

std::vector<std::string> MailText::lines() const {
    std::vector<std::string> out;
    out.reserve(line_count_);
    for_each_line([&out](std::string_view line) { out.emplace_back(line); });
    return out;
}

}  // namespace smtpsim::smtp
