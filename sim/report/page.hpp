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

// What a page may load besides its own script and style.
struct PageNeeds {
    bool data_images = false;  // <img src="data:..."> (a comparison's plots)
};

// The page's Content-Security-Policy: nothing from the network or other
// files (default-src 'none', no base, no forms), its one inline script by
// its SHA-256 hash (so no other script runs: no injected <script>, no onload=
// attribute, no javascript: URL), its inline styles, and data: images only
// when `needs` says so.
std::string content_security_policy(std::string_view script, PageNeeds needs);

// A whole report page (page.html with the style sheet): `title` (text),
// `header`, `body` and `script` (HTML and JavaScript, put in as they are),
// under content_security_policy(script, needs). Throws std::logic_error
// when `script` holds "</script" or "<!--", which would end or change its
// element.
std::string whole_page(std::string_view title, std::string_view header, std::string_view body,
                       std::string_view script, PageNeeds needs = {});

// The named assets, one after another, each introduced by a comment naming it.
std::string joined_assets(std::initializer_list<std::string_view> names);

}  // namespace smtpsim::report
