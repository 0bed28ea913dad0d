#include "core/calendar.hpp"

#include <gtest/gtest.h>

using smtpsim::core::format_rfc821_date;
using smtpsim::core::format_utc_timestamp;
using smtpsim::core::parse_utc_timestamp;

TEST(calendar, rfc821_dates_read_as_its_examples) {
    // RFC 821 Appendix F: "Received: from MIT-AI.ARPA by USC-ISIE.ARPA ; 2 Nov 81 22:40:10 UT"
    const auto t = parse_utc_timestamp("1981-11-02T22:40:10Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(format_rfc821_date(*t), "2 Nov 81 22:40:10 GMT");
    EXPECT_EQ(format_rfc821_date(0), "1 Jan 70 00:00:00 GMT");
}

TEST(calendar, timestamps_round_trip_and_know_leap_years) {
    EXPECT_EQ(parse_utc_timestamp("1982-08-01T00:00:00Z"), 397'008'000);
    EXPECT_EQ(format_utc_timestamp(397'008'000), "1982-08-01T00:00:00Z");
    EXPECT_TRUE(parse_utc_timestamp("2000-02-29T12:00:00Z"));
    EXPECT_EQ(format_utc_timestamp(*parse_utc_timestamp("2000-02-29T23:59:59Z")),
              "2000-02-29T23:59:59Z");
    EXPECT_EQ(format_utc_timestamp(-1), "1969-12-31T23:59:59Z");
}

TEST(calendar, bad_timestamps_are_refused) {
    for (const char* bad : {"", "1982-08-01", "1982-08-01T00:00:00", "1982-13-01T00:00:00Z",
                            "1900-02-29T00:00:00Z", "2001-02-29T00:00:00Z", "1982-08-01T24:00:00Z",
                            "1982-08-01 00:00:00Z", "198a-08-01T00:00:00Z"}) {
        EXPECT_FALSE(parse_utc_timestamp(bad)) << bad;
    }
}

TEST(calendar, asctime_dates_are_those_of_mbox_from_lines) {
    // An mbox "From " line's date is C's asctime() form, as date(1) also prints it.
    EXPECT_EQ(smtpsim::core::format_asctime_date(397'008'000), "Sun Aug  1 00:00:00 1982");
    EXPECT_EQ(smtpsim::core::format_asctime_date(0), "Thu Jan  1 00:00:00 1970");
    EXPECT_EQ(smtpsim::core::format_asctime_date(-1), "Wed Dec 31 23:59:59 1969");
    EXPECT_EQ(smtpsim::core::format_asctime_date(*parse_utc_timestamp("2000-02-29T12:34:56Z")),
              "Tue Feb 29 12:34:56 2000");
}
