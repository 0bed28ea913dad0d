#include "core/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

using smtpsim::core::invalid_utf8;

TEST(utf8, well_formed_text_passes) {
    EXPECT_EQ(invalid_utf8(""), std::nullopt);
    EXPECT_EQ(invalid_utf8("plain ASCII \x01\x7f"), std::nullopt);
    EXPECT_EQ(invalid_utf8("Erd\xc5\x91s, \xe2\x82\xac, \xf0\x9f\x93\xa7"), std::nullopt);
    EXPECT_EQ(invalid_utf8(std::string("nul\0inside", 10)), std::nullopt);
}

TEST(utf8, the_first_bad_byte_is_found) {
    EXPECT_EQ(invalid_utf8("ab\xff"), 2u);
    EXPECT_EQ(invalid_utf8("a\xc0\xaf"), 1u);         // overlong "/"
    EXPECT_EQ(invalid_utf8("a\xed\xa0\x80"), 1u);     // a surrogate
    EXPECT_EQ(invalid_utf8("\xf4\x90\x80\x80"), 0u);  // beyond U+10FFFF
    EXPECT_EQ(invalid_utf8("ok\xe2\x82"), 2u);        // cut short
    EXPECT_EQ(invalid_utf8("\xc3\xa9\x80"), 2u);      // a lone continuation byte
}
