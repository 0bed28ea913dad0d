#include "report/csv.hpp"

#include <gtest/gtest.h>

#include "input_error.hpp"

using namespace smtpsim;

TEST(csv, quoted_fields_keep_their_commas_and_doubled_quotes) {
    const auto table = report::parse_csv("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n", "t.csv");
    ASSERT_EQ(table.rows.size(), 1u);
    EXPECT_EQ(table.rows[0][1], "x, y");
    EXPECT_EQ(table.rows[0][2], "say \"hi\"");
}

TEST(csv, cells_are_found_by_column_name_and_a_missing_column_is_empty) {
    const auto table = report::parse_csv("topology,routing,extra\r\nline,next-hop,7\r\n", "t.csv");
    EXPECT_EQ(table.cell(0, "routing"), "next-hop");
    EXPECT_EQ(table.cell(0, "extra"), "7");
    EXPECT_EQ(table.cell(0, "no_such_column"), "");
    EXPECT_FALSE(table.column("no_such_column").has_value());
}

TEST(csv, a_row_of_the_wrong_length_names_its_line) {
    const auto e =
        test_support::input_error_of([] { report::parse_csv("a,b\n1,2\n3\n", "t.csv"); });
    EXPECT_EQ(e.source(), "t.csv");
    EXPECT_EQ(e.location(), "line 3");
    EXPECT_NE(e.problem().find("expected 2 fields"), std::string::npos) << e.what();
}

TEST(csv, an_unclosed_quote_is_an_error) {
    EXPECT_THROW(report::parse_csv("a\n\"open\n", "t.csv"), core::InputError);
}

TEST(csv, a_file_without_a_header_is_an_error) {
    EXPECT_THROW(report::parse_csv("", "t.csv"), core::InputError);
}
