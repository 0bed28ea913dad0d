// RFC 821 4.5.2 transparency.
#include "smtp/transparency.hpp"

namespace smtpsim::smtp {

std::string dot_stuff(std::string_view text_line) {
    if (!text_line.empty() && text_line.front() == '.') {
        std::string out = ".";
        out += text_line;
        return out;
    }
    return std::string(text_line);
}

std::vector<std::string> dot_stuff_all(const std::vector<std::string>& text_lines) {
    std::vector<std::string> out;
    out.reserve(text_lines.size() + 1);
    for (const auto& line : text_lines) {
        out.push_back(dot_stuff(line));
    }
    out.emplace_back(end_of_data);
    return out;
}

bool seven_bit_text(std::string_view text_line) {
    for (const char c : text_line) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte == 0 || byte > 127) {
            return false;
        }
    }
    return true;
}

bool holds_nul(std::string_view text_line) {
    return text_line.find('\0') != std::string_view::npos;
}

std::string strip_high_bit(std::string_view text_line) {
    std::string out;
    out.reserve(text_line.size());
    for (const char c : text_line) {
        const auto low = static_cast<char>(static_cast<unsigned char>(c) & 0x7F);
        if (low != '\0' && low != '\r' && low != '\n') {
            out += low;
        }
    }
    return out;
}

MailTextPtr strip_high_bit(const MailText& text) {
    MailText::Builder builder(text.bytes(), text.line_count());
    text.for_each_line([&builder](std::string_view line) { builder.add(strip_high_bit(line)); });
    return builder.finish();
}

std::string_view dot_unstuff(std::string_view received_line) {
    if (!received_line.empty() && received_line.front() == '.') {
        received_line.remove_prefix(1);
    }
    return received_line;
}

}  // namespace smtpsim::smtp
