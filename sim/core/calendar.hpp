// Wall-clock dates for the mail headers a simulated host writes: the date of
// simulated time 0 comes from the scenario ("1982-08-01T00:00:00Z").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smtpsim::core {

// RFC 821 4.1.2 <daytime>: "2 Nov 81 22:40:10 GMT" for seconds since 1970.
std::string format_rfc821_date(std::int64_t unix_seconds);
// The same, appended to `out`.
void append_rfc821_date(std::string& out, std::int64_t unix_seconds);

// C's asctime() form, as an mbox "From " line gives it: "Sun Aug  1 12:00:00 1982" (UTC).
std::string format_asctime_date(std::int64_t unix_seconds);

// "YYYY-MM-DDTHH:MM:SSZ" (UTC, years 1900 to 2999) to seconds since 1970;
// nothing for any other text or an impossible date.
std::optional<std::int64_t> parse_utc_timestamp(std::string_view text);

// Seconds since 1970 back to "YYYY-MM-DDTHH:MM:SSZ".
std::string format_utc_timestamp(std::int64_t unix_seconds);

}  // namespace smtpsim::core
