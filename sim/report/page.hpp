// The report's HTML page: a template from the assets with its style sheet,
// scripts, drawings and data put in, as one file that needs nothing else.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace smtpsim::report {

// `template_text` with every {{name}} replaced by its value (in one pass:
// values are not scanned again). An unknown name is a programming error.
std::string fill_template(
    std::string_view template_text,
    std::initializer_list<std::pair<std::string_view, std::string_view>> values);

// Text for HTML element content or an attribute value: & < > " escaped.
std::string html_escaped(std::string_view text);

// JSON for a <script type="application/json"> element: "<" written \u003c,
// so that no "</script>" or "<!--" can end or change the element.
std::string script_json(const nlohmann::json& data);

// A whole report page (page.html with the style sheet): `title` (text),
// `header`, `body` and `script` (HTML and JavaScript, put in as they are).
std::string whole_page(std::string_view title, std::string_view header, std::string_view body,
                       std::string_view script);

// The named assets, one after another, each introduced by a comment naming it.
std::string joined_assets(std::initializer_list<std::string_view> names);

}  // namespace smtpsim::report
