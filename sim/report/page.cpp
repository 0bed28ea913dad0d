// Filling the report's HTML templates.
#include "report/page.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/base64.hpp"
#include "core/sha256.hpp"
#include "report/assets.hpp"

namespace smtpsim::report {

std::string fill_template(
    std::string_view template_text,
    std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
    std::string page;
    std::size_t from = 0;
    while (true) {
        const auto open = template_text.find("{{", from);
        if (open == std::string_view::npos) {
            break;
        }
        const auto close = template_text.find("}}", open);
        if (close == std::string_view::npos) {
            throw std::logic_error("a template has {{ without }}");
        }
        const std::string_view name = template_text.substr(open + 2, close - open - 2);
        page.append(template_text.substr(from, open - from));
        bool found = false;
        for (const auto& [key, value] : values) {
            if (key == name) {
                page.append(value);
                found = true;
            }
        }
        if (!found) {
            throw std::logic_error("no value for {{" + std::string(name) + "}} in a template");
        }
        from = close + 2;
    }
    page.append(template_text.substr(from));
    return page;
}

std::string html_escaped(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                escaped += "&amp;";
                break;
            case '<':
                escaped += "&lt;";
                break;
            case '>':
                escaped += "&gt;";
                break;
            case '"':
                escaped += "&quot;";
                break;
            default:
                escaped += c;
        }
    }
    return escaped;
}

std::string script_json(const nlohmann::json& data) {
    const std::string text = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string safe;
    safe.reserve(text.size() + text.size() / 64);
    for (const char c : text) {
        if (c == '<') {
            safe += "\\u003c";  // only inside strings: JSON has no "<" elsewhere
        } else {
            safe += c;
        }
    }
    return safe;
}

std::string content_security_policy(std::string_view script, PageNeeds needs) {
    const auto digest = core::sha256(script);
    const std::string hash =
        core::base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
    return "default-src 'none'; script-src 'sha256-" + hash + "'; style-src 'unsafe-inline'; " +
           (needs.data_images ? "img-src data:; " : "") + "base-uri 'none'; form-action 'none'";
}

std::string whole_page(std::string_view title, std::string_view header, std::string_view body,
                       std::string_view script, PageNeeds needs) {
    std::string lower(script);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower.find("</script") != std::string::npos || lower.find("<!--") != std::string::npos) {
        throw std::logic_error("a report's script holds </script or <!--");
    }
    // The element's text, exactly as hashed: the browser hashes what lies
    // between <script> and </script>.
    const std::string text = "\n" + std::string(script) + "\n";
    return fill_template(asset("page.html"), {{"title", html_escaped(title)},
                                              {"policy", content_security_policy(text, needs)},
                                              {"style", asset("report.css")},
                                              {"header", header},
                                              {"body", body},
                                              {"script", text}});
}

std::string joined_assets(std::initializer_list<std::string_view> names) {
    std::string text;
    for (const auto name : names) {
        text += "/* ---- ";
        text += name;
        text += " ---- */\n";
        text += asset(name);
        text += "\n";
    }
    return text;
}

}  // namespace smtpsim::report
