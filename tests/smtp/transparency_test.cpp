#include "smtp/transparency.hpp"

#include <gtest/gtest.h>

using namespace smtpsim::smtp;

TEST(transparency, sender_doubles_a_leading_period) {
    EXPECT_EQ(dot_stuff("."), "..");
    EXPECT_EQ(dot_stuff(".hidden"), "..hidden");
    EXPECT_EQ(dot_stuff("a.b"), "a.b");
    EXPECT_EQ(dot_stuff(""), "");
    EXPECT_EQ(dot_stuff_all({"Hi", ".", ""}), (std::vector<std::string>{"Hi", "..", "", "."}));
    EXPECT_EQ(dot_stuff_all({}), std::vector<std::string>{"."});
}

TEST(transparency, receiver_removes_it_and_round_trips) {
    EXPECT_EQ(dot_unstuff(".."), ".");
    EXPECT_EQ(dot_unstuff("..x"), ".x");
    EXPECT_EQ(dot_unstuff("x."), "x.");
    for (const char* line : {"", ".", "..", "...", "a", ".a", " ."}) {
        EXPECT_EQ(dot_unstuff(dot_stuff(line)), line);
        EXPECT_NE(dot_stuff(line), end_of_data);
    }
}
