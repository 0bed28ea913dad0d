#include "report/page.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "report/assets.hpp"

using namespace smtpsim;

TEST(page, a_template_gets_each_value_once_and_values_are_not_scanned_again) {
    const std::string page =
        report::fill_template("<b>{{a}}</b>{{b}}{{a}}", {{"a", "{{b}}"}, {"b", "2"}});
    EXPECT_EQ(page, "<b>{{b}}</b>2{{b}}");
}

TEST(page, a_name_without_a_value_is_a_programming_error) {
    EXPECT_THROW(report::fill_template("{{missing}}", {{"a", "1"}}), std::logic_error);
}

TEST(page, data_for_a_script_element_holds_no_angle_bracket) {
    const nlohmann::json data = {{"text", "</script><!-- x"}};
    const std::string text = report::script_json(data);
    EXPECT_EQ(text.find('<'), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(text), data);
}

TEST(page, html_text_is_escaped) {
    EXPECT_EQ(report::html_escaped("<a href=\"x\">&</a>"),
              "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
}

TEST(page, every_asset_the_pages_use_is_compiled_in_and_none_ends_a_script_early) {
    for (const auto* name :
         {"page.html", "run.html", "report.css", "util.js", "data.js", "timeaxis.js", "ladder.js",
          "ladder_draw.js", "topology.js", "journey.js", "paths.js", "inspector.js", "stepper.js",
          "summary.js", "filters.js", "controls.js", "main.js", "compare.js"}) {
        const auto text = report::asset(name);
        EXPECT_FALSE(text.empty()) << name;
        if (std::string_view(name).ends_with(".js")) {
            EXPECT_EQ(text.find("</script"), std::string_view::npos) << name;
        }
    }
    EXPECT_THROW(report::asset("no-such-asset.js"), std::logic_error);
}

// The hash of the script element's text "\nlet a = 1;\n", as a browser
// computes it: printf '\nlet a = 1;\n' | openssl dgst -sha256 -binary | base64
constexpr const char* script_hash = "wCpX6PRaV2tYabHPuD0EVrhGyeiYQpOhQOJ8OhOtDwA=";

TEST(page, the_policy_allows_the_pages_own_script_by_its_hash_and_nothing_from_anywhere) {
    const std::string page = report::whole_page("t", "", "<p>x</p>", "let a = 1;");
    EXPECT_NE(page.find("<script>\nlet a = 1;\n</script>"), std::string::npos);
    EXPECT_NE(page.find(std::string("<meta http-equiv=\"Content-Security-Policy\" "
                                    "content=\"default-src 'none'; script-src 'sha256-") +
                        script_hash +
                        "'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">"),
              std::string::npos)
        << page.substr(0, 400);
    EXPECT_NE(report::whole_page("t", "", "", "", {.data_images = true}).find("img-src data:;"),
              std::string::npos);
}

TEST(page, a_script_that_would_end_its_element_is_a_programming_error) {
    EXPECT_THROW(report::whole_page("t", "", "", "x = '</SCRIPT>';"), std::logic_error);
    EXPECT_THROW(report::whole_page("t", "", "", "x = '<!--';"), std::logic_error);
}
