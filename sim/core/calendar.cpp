// Civil dates from and to day counts (Howard Hinnant's algorithms).
#include "core/calendar.hpp"

#include <iterator>

#include <fmt/format.h>

namespace smtpsim::core {
namespace {

struct Civil {
    std::int64_t year;
    int month;  // 1..12
    int day;    // 1..31
};

std::int64_t days_from_civil(std::int64_t y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Civil civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

struct Split {
    Civil date;
    std::int64_t second_of_day;
};

Split split(std::int64_t unix_seconds) {
    std::int64_t days = unix_seconds / 86400;
    std::int64_t rest = unix_seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    return {civil_from_days(days), rest};
}

constexpr const char* month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string format_rfc821_date(std::int64_t unix_seconds) {
    std::string out;
    append_rfc821_date(out, unix_seconds);
    return out;
}

void append_rfc821_date(std::string& out, std::int64_t unix_seconds) {
    const Split s = split(unix_seconds);
    fmt::format_to(std::back_inserter(out), "{} {} {:02} {:02}:{:02}:{:02} GMT", s.date.day,
                   month_names[s.date.month - 1], s.date.year % 100, s.second_of_day / 3600,
                   s.second_of_day / 60 % 60, s.second_of_day % 60);
}

std::string format_asctime_date(std::int64_t unix_seconds) {
    constexpr const char* weekday_names[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    const Split s = split(unix_seconds);
    std::int64_t days = (unix_seconds - s.second_of_day) / 86400;  // 1 Jan 1970 was a Thursday
    const std::int64_t weekday = ((days % 7) + 7) % 7;
    return fmt::format("{} {} {:>2} {:02}:{:02}:{:02} {}", weekday_names[weekday],
                       month_names[s.date.month - 1], s.date.day, s.second_of_day / 3600,
                       s.second_of_day / 60 % 60, s.second_of_day % 60, s.date.year);
}

std::string format_utc_timestamp(std::int64_t unix_seconds) {
    const Split s = split(unix_seconds);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", s.date.year, s.date.month,
                       s.date.day, s.second_of_day / 3600, s.second_of_day / 60 % 60,
                       s.second_of_day % 60);
}

std::optional<std::int64_t> parse_utc_timestamp(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SSZ
    if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':' || text[16] != ':' || text[19] != 'Z') {
        return std::nullopt;
    }
    auto number = [&](std::size_t at, std::size_t len) -> std::optional<int> {
        int v = 0;
        for (std::size_t i = at; i < at + len; ++i) {
            if (text[i] < '0' || text[i] > '9') {
                return std::nullopt;
            }
            v = v * 10 + (text[i] - '0');
        }
        return v;
    };
    const auto year = number(0, 4), month = number(5, 2), day = number(8, 2);
    const auto hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
    if (!year || !month || !day || !hour || !minute || !second || *year < 1900 || *year > 2999 ||
        *month < 1 || *month > 12 || *day < 1 || *hour > 23 || *minute > 59 || *second > 59) {
        return std::nullopt;
    }
    const std::int64_t days = days_from_civil(*year, *month, *day);
    if (civil_from_days(days).day != *day) {
        return std::nullopt;  // 31 Feb and the like
    }
    return days * 86400 + *hour * 3600 + *minute * 60 + *second;
}

}  // namespace smtpsim::core
