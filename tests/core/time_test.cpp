#include "core/time.hpp"

#include <gtest/gtest.h>

using smtpsim::core::DurationError;
using smtpsim::core::format_duration;
using smtpsim::core::format_seconds;
using smtpsim::core::parse_duration;
using smtpsim::core::Time;

TEST(duration, parses_every_unit) {
    EXPECT_EQ(parse_duration("7ns"), Time::ns(7));
    EXPECT_EQ(parse_duration("7us"), Time::us(7));
    EXPECT_EQ(parse_duration("250ms"), Time::ms(250));
    EXPECT_EQ(parse_duration("3s"), Time::s(3));
    EXPECT_EQ(parse_duration("30min"), Time::min(30));
    EXPECT_EQ(parse_duration("2h"), Time::h(2));
    EXPECT_EQ(parse_duration("4d"), Time::d(4));
    EXPECT_EQ(parse_duration("0s"), Time::zero());
}

TEST(duration, parses_fractions_exactly) {
    EXPECT_EQ(parse_duration("1.5s"), Time::ms(1500));
    EXPECT_EQ(parse_duration("0.001s"), Time::ms(1));
    EXPECT_EQ(parse_duration(".5ms"), Time::us(500));
    EXPECT_EQ(parse_duration("1.000000001s"), Time::ns(1'000'000'001));
    EXPECT_EQ(parse_duration("2.00ns"), Time::ns(2));  // zeros below 1ns are fine
}

TEST(duration, rejects_bad_text_with_a_reason) {
    for (const char* bad : {"", "ms", "5", "-5s", "+5s", "5 s", "5sec", "5S", "1.s", "5s ",
                            "1.5.5s", "1e3ms", "0x10s", "1.0000000001s", "1.5ns", "abc"}) {
        EXPECT_THROW(parse_duration(bad), DurationError) << bad;
    }
    try {
        parse_duration("5sec");
        FAIL();
    } catch (const DurationError& e) {
        EXPECT_NE(std::string(e.what()).find("unknown unit \"sec\""), std::string::npos)
            << e.what();
    }
}

TEST(duration, rejects_overflow) {
    EXPECT_NO_THROW(parse_duration("9223372036854775807ns"));
    EXPECT_THROW(parse_duration("9223372036854775808ns"), DurationError);
    EXPECT_THROW(parse_duration("106752d"), DurationError);
    EXPECT_THROW(parse_duration("99999999999999999999999s"), DurationError);
}

TEST(duration, formats_shortest_exact_text) {
    EXPECT_EQ(format_duration(Time::ms(250)), "250ms");
    EXPECT_EQ(format_duration(Time::ms(1500)), "1.5s");
    EXPECT_EQ(format_duration(Time::d(4)), "4d");
    EXPECT_EQ(format_duration(Time::min(30)), "30min");
    EXPECT_EQ(format_duration(Time::min(90)), "1.5h");
    EXPECT_EQ(format_duration(Time::zero()), "0s");
    EXPECT_EQ(format_duration(Time::ns(1'000'000'001)), "1.000000001s");  // ties: larger unit
}

TEST(duration, format_then_parse_round_trips) {
    for (std::int64_t n : {1LL, 999LL, 1000LL, 1500LL, 123456789LL, 60'000'000'000LL,
                           90'000'000'001LL, 86'400'000'000'000LL, 20'000'000'000LL}) {
        const Time t = Time::ns(n);
        EXPECT_EQ(parse_duration(format_duration(t)), t) << format_duration(t);
    }
}

TEST(duration, seconds_text_has_nine_decimals) {
    EXPECT_EQ(format_seconds(Time::ms(12'000) + Time::us(250)), "12.000250000");
    EXPECT_EQ(format_seconds(Time::zero()), "0.000000000");
}
