#include "core/time.hpp"

#include <gtest/gtest.h>

#include <cmath>

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

TEST(time_arithmetic, sums_saturate_instead_of_wrapping_round) {
    EXPECT_EQ(Time::max() + Time::ns(1), Time::max());
    EXPECT_EQ(Time::d(100'000) + Time::d(100'000), Time::max());
    EXPECT_EQ(Time::lowest() - Time::ns(1), Time::lowest());
    EXPECT_EQ(Time::zero() - Time::max() - Time::d(1), Time::lowest());
    EXPECT_EQ(Time::ns(5) - Time::lowest(), Time::max());
    Time t = Time::d(100'000);
    t += Time::d(100'000);
    EXPECT_EQ(t, Time::max());
    t -= Time::max();
    EXPECT_EQ(t, Time::zero());
    EXPECT_EQ(Time::d(1) + Time::h(2), Time::h(26));  // exact inside the range
}

TEST(time_arithmetic, products_saturate_with_the_sign_of_the_result) {
    EXPECT_EQ(Time::d(1000) * 1000, Time::max());
    EXPECT_EQ(Time::d(1000) * -1000, Time::lowest());
    EXPECT_EQ(Time::s(3) * 4, Time::s(12));
    EXPECT_EQ(Time::s(1).scaled(1e30), Time::max());
    EXPECT_EQ(Time::s(1).scaled(-1e30), Time::lowest());
    EXPECT_EQ(Time::s(1).scaled(std::nan("")), Time::zero());
    EXPECT_EQ(Time::s(2).scaled(1.5), Time::s(3));
}

TEST(time_arithmetic, checked_operations_say_when_they_overflow) {
    EXPECT_FALSE(Time::checked_add(Time::max(), Time::ns(1)));
    EXPECT_FALSE(Time::checked_add(Time::d(100'000), Time::d(100'000)));
    EXPECT_EQ(Time::checked_add(Time::d(1), Time::d(2)), Time::d(3));
    EXPECT_FALSE(Time::checked_sub(Time::lowest(), Time::ns(1)));
    EXPECT_FALSE(Time::checked_mul(Time::d(1000), 1000));
    EXPECT_EQ(Time::checked_mul(Time::ms(2), 1000), Time::s(2));
}

TEST(time_arithmetic, unit_factories_throw_beyond_the_range) {
    EXPECT_THROW(Time::d(200'000), smtpsim::core::TimeOverflow);
    EXPECT_THROW(Time::s(INT64_MAX), smtpsim::core::TimeOverflow);
    EXPECT_EQ(Time::d(106'751), Time::ns(106'751LL * 86'400 * 1'000'000'000));
}

TEST(time_arithmetic, the_extremes_print) {
    EXPECT_EQ(format_seconds(Time::lowest()), "-9223372036.854775808");
    EXPECT_EQ(format_seconds(Time::max()), "9223372036.854775807");
    EXPECT_EQ(format_duration(Time::lowest()), "-9223372036.854775808s");
}
