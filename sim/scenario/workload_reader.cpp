// The scenario loader's workload: explicit messages and traffic sources.
#include <fmt/format.h>

#include <array>
#include <unordered_map>

#include "core/utf8.hpp"
#include "net/units.hpp"
#include "scenario/loader.hpp"
#include "smtp/transparency.hpp"

namespace smtpsim::scenario::detail {

using core::JsonReader;
using core::JsonWhere;
using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 7> message_fields{"at",   "from", "to",    "mode",
                                                         "data", "size", "verify"};
constexpr std::array<std::string_view, 12> traffic_fields{
    "name",  "from",  "to",       "process", "rate",       "interval",
    "count", "start", "duration", "size",    "recipients", "mode"};
constexpr std::array<std::string_view, 2> size_fields{"min", "max"};

// A Poisson gap is at most about 37 means (-ln of the smallest uniform draw,
// 2^-53); a mean interval of at most time_limit / 40 keeps every gap inside.
constexpr Time max_poisson_interval = Time::ns(time_limit.count_ns() / 40);

}  // namespace

void Loader::read_workload(const json& doc, Scenario& s) const {
    const JsonWhere root;
    if (const json* messages = JsonReader::find(doc, "messages")) {
        const JsonWhere w = root.field("messages");
        in_.expect_array(*messages, w, "messages");
        for (std::size_t i = 0; i < messages->size(); ++i) {
            s.messages.push_back(read_message((*messages)[i], w.item(i), *s.topology));
        }
    }
    if (const json* traffic = JsonReader::find(doc, "traffic")) {
        const JsonWhere w = root.field("traffic");
        in_.expect_array(*traffic, w, "traffic sources");
        std::unordered_map<std::string, std::size_t> names;  // name -> index
        for (std::size_t i = 0; i < traffic->size(); ++i) {
            s.traffic.push_back(read_traffic((*traffic)[i], w.item(i), s, i));
            const auto [first, added] = names.try_emplace(s.traffic.back().name, i);
            if (!added) {
                // The name seeds the source's random stream: two would send the same mail.
                in_.fail(w.item(i), "a traffic source named \"" + s.traffic.back().name +
                                        "\" is defined already at /traffic/" +
                                        std::to_string(first->second) +
                                        "; each source needs its own name");
            }
        }
    }
}

MessageSpec Loader::read_message(const json& j, const JsonWhere& where,
                                 const net::Topology& topology) const {
    in_.check_object(j, where, message_fields, "a message");
    MessageSpec m;
    if (const json* at = JsonReader::find(j, "at")) {
        m.at = duration(*at, where.field("at"), false);
    }
    m.from = read_mailbox(in_.require(j, where, "from", "the sender's mailbox"),
                          where.field("from"), topology);
    const json& to = in_.require(j, where, "to", "the recipients' forward-paths");
    const JsonWhere to_where = where.field("to");
    in_.expect_array(to, to_where, "forward-paths");
    if (to.empty() || to.size() > 10'000) {
        in_.fail(to_where, "expected from 1 to 10000 recipients");
    }
    for (std::size_t i = 0; i < to.size(); ++i) {
        m.to.push_back(path(to[i], to_where.item(i)));
        if (m.to.back().is_null()) {
            in_.fail(to_where.item(i), "the null path <> is not a recipient");
        }
    }
    if (const json* v = JsonReader::find(j, "mode")) {
        m.mode = mode(*v, where.field("mode"));
    }
    if (const json* verify = JsonReader::find(j, "verify")) {
        read_verify(*verify, where.field("verify"), m);
    }
    const json* data = JsonReader::find(j, "data");
    const json* size = JsonReader::find(j, "size");
    if (data != nullptr && size != nullptr) {
        in_.fail(where, "give either \"data\" or \"size\", not both");
    }
    if (data != nullptr) {
        m.data = read_data(*data, where.field("data"));
    } else {
        m.size = size != nullptr ? read_size(*size, where.field("size")) : 1000;
    }
    return m;
}

smtp::Mailbox Loader::read_mailbox(const json& j, const JsonWhere& where,
                                   const net::Topology& topology) const {
    const smtp::Path p = path(j, where);
    if (!p.route.empty() || p.is_null()) {
        in_.fail(where, "expected a mailbox such as \"JQP@MIT-AI.ARPA\", without a route");
    }
    if (!topology.find_host(p.mailbox.domain)) {
        in_.fail(where, "no host " + p.mailbox.domain + " in the topology");
    }
    return p.mailbox;
}

void Loader::read_verify(const json& j, const JsonWhere& where, MessageSpec& m) const {
    in_.expect_array(j, where, "strings to VRFY");
    for (std::size_t i = 0; i < j.size(); ++i) {
        std::string v = in_.string_value(j[i], where.item(i));
        if (v.empty() || v.size() > 200 || v.find_first_of("\r\n") != std::string::npos ||
            !smtp::seven_bit_text(v)) {
            in_.fail(where.item(i), "expected a user name or mailbox to VRFY");
        }
        m.verify.push_back(std::move(v));
    }
}

std::uint64_t Loader::read_size(const json& j, const JsonWhere& where) const {
    if (j.is_number()) {
        return in_.count_value(j, where, 1, 1'000'000'000);
    }
    const std::string text = in_.string_value(j, where);
    std::uint64_t bytes = 0;
    try {
        bytes = net::parse_size(text);
    } catch (const core::QuantityError& e) {
        in_.fail(where, e.what());
    }
    if (bytes == 0 || bytes > 1'000'000'000) {
        in_.fail(where, "expected a size from 1B to 1GB, found \"" + text + "\"");
    }
    return bytes;
}

std::vector<std::string> Loader::read_data(const json& j, const JsonWhere& where) const {
    std::vector<std::string> lines;
    if (j.is_string()) {
        const std::string& text = j.get_ref<const std::string&>();
        for (std::size_t start = 0; start < text.size();) {
            std::size_t end = text.find('\n', start);
            end = end == std::string::npos ? text.size() : end;
            std::string line = text.substr(start, end - start);
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            lines.push_back(std::move(line));
            start = end + 1;
        }
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) {
            lines.push_back(in_.string_value(j[i], where.item(i)));
        }
    } else {
        in_.fail(where, "expected the mail text as a string or an array of lines, found " +
                            core::json_type_name(j));
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const JsonWhere line_where = j.is_array() ? where.item(i) : where;
        const std::string line = "line " + std::to_string(i + 1) + " of the text";
        // RFC 821 4.5.3: a text line is at most 1000 characters with its CRLF.
        if (lines[i].size() > 998) {
            in_.fail(line_where, line + " has " + std::to_string(lines[i].size()) +
                                     " characters; RFC 821 allows 998 before the CRLF");
        }
        if (lines[i].find_first_of("\r\n") != std::string::npos) {
            in_.fail(line_where, line + " holds a CR or LF");
        }
        // 8-bit characters (a Cyrillic text) are let in: what becomes of them
        // is each receiving host's eight_bit policy (RFC 821 4.5.2). NUL no
        // host carries.
        if (smtp::holds_nul(lines[i])) {
            in_.fail(line_where, line + " holds a NUL, which smtpsim does not carry as mail data");
        }
        if (core::invalid_utf8(lines[i])) {
            in_.fail(line_where, line + " is not valid UTF-8");
        }
    }
    return lines;
}

std::vector<net::HostId> Loader::read_hosts(const json* j, const JsonWhere& where,
                                            const net::Topology& topology) const {
    std::vector<net::HostId> hosts;
    if (j == nullptr || (j->is_string() && j->get<std::string>() == "*")) {
        for (net::HostId h = 0; h < topology.host_count(); ++h) {
            hosts.push_back(h);
        }
        return hosts;
    }
    in_.expect_array(*j, where, "host names (or \"*\" for all hosts)");
    for (std::size_t i = 0; i < j->size(); ++i) {
        hosts.push_back(host((*j)[i], where.item(i), topology));
    }
    if (hosts.empty()) {
        in_.fail(where, "expected at least one host");
    }
    return hosts;
}

TrafficSpec Loader::read_traffic(const json& j, const JsonWhere& where, const Scenario& s,
                                 std::size_t index) const {
    in_.check_object(j, where, traffic_fields, "a traffic source");
    TrafficSpec t;
    t.name = "traffic" + std::to_string(index);
    if (const json* name = JsonReader::find(j, "name")) {
        t.name = in_.string_value(*name, where.field("name"));
    }
    t.from = read_hosts(JsonReader::find(j, "from"), where.field("from"), *s.topology);
    t.to = read_hosts(JsonReader::find(j, "to"), where.field("to"), *s.topology);
    if (t.from.size() == 1 && t.to.size() == 1 && t.from == t.to) {
        in_.fail(where, "\"from\" and \"to\" name only the same host; mail needs two hosts");
    }
    read_process(j, where, t);
    read_traffic_end(j, where, s, t);
    read_traffic_size(j, where, t);
    if (const json* r = JsonReader::find(j, "recipients")) {
        t.recipients =
            static_cast<std::uint32_t>(in_.count_value(*r, where.field("recipients"), 1, 100));
    }
    if (const json* m = JsonReader::find(j, "mode")) {
        t.mode = mode(*m, where.field("mode"));
    }
    return t;
}

void Loader::read_process(const json& j, const JsonWhere& where, TrafficSpec& t) const {
    if (const json* p = JsonReader::find(j, "process")) {
        const std::string text = in_.string_value(*p, where.field("process"));
        if (text == "poisson") {
            t.process = Process::poisson;
        } else if (text == "fixed") {
            t.process = Process::fixed;
        } else {
            in_.fail(where.field("process"), "expected poisson or fixed, found \"" + text + "\"");
        }
    }
    const json* rate = JsonReader::find(j, "rate");
    const json* given_interval = JsonReader::find(j, "interval");
    if ((rate == nullptr) == (given_interval == nullptr)) {
        in_.fail(where,
                 "give exactly one of \"rate\" (such as \"10/s\") and \"interval\" (such as "
                 "\"100ms\")");
    }
    const JsonWhere w = where.field(rate != nullptr ? "rate" : "interval");
    t.interval = rate != nullptr ? read_rate(*rate, w) : interval(*given_interval, w, "interval");
    if (t.interval < min_interval) {  // a rate: its mean interval
        in_.fail(w, "\"" + rate->get<std::string>() + "\" is faster than one mail every " +
                        core::format_duration(min_interval) +
                        ", the shortest interval a traffic source may give");
    }
    if (t.process == Process::poisson && t.interval > max_poisson_interval) {
        in_.fail(w, "a Poisson source's mean interval may be at most " +
                        core::format_duration(max_poisson_interval) +
                        " (one gap can be about 37 times the mean, and all must stay within " +
                        core::format_duration(time_limit) + ")");
    }
}

void Loader::read_traffic_end(const json& j, const JsonWhere& where, const Scenario& s,
                              TrafficSpec& t) const {
    if (const json* start = JsonReader::find(j, "start")) {
        t.start = duration(*start, where.field("start"), false);
    }
    if (const json* count = JsonReader::find(j, "count")) {
        t.count = in_.count_value(*count, where.field("count"), 1, 100'000'000);
        const auto span = Time::checked_mul(t.interval, static_cast<std::int64_t>(*t.count - 1));
        sum(t.start, span.value_or(Time::max()), where.field("count"),
            "the last mail (start + (count - 1) x interval)");
    }
    if (const json* d = JsonReader::find(j, "duration")) {
        t.duration = duration(*d, where.field("duration"), true);
        sum(t.start, *t.duration, where.field("duration"),
            "the end of the traffic (start + duration)");
    }
    if (!t.count && !t.duration && !s.config.stop) {
        in_.fail(where,
                 "give a \"count\" or a \"duration\" (or a scenario \"stop\" time): otherwise "
                 "the traffic never ends");
    }
}

void Loader::read_traffic_size(const json& j, const JsonWhere& where, TrafficSpec& t) const {
    const json* size = JsonReader::find(j, "size");
    if (size == nullptr) {
        return;
    }
    const JsonWhere w = where.field("size");
    if (!size->is_object()) {
        t.size.min = t.size.max = read_size(*size, w);
        return;
    }
    in_.check_object(*size, w, size_fields, "a size range");
    t.size.min = read_size(in_.require(*size, w, "min", "the smallest size"), w.field("min"));
    t.size.max = read_size(in_.require(*size, w, "max", "the largest size"), w.field("max"));
    if (t.size.max < t.size.min) {
        in_.fail(w, "\"max\" is smaller than \"min\"");
    }
}

// "10/s", "2.5/min", "100/h": mails per unit of time, as the mean interval.
Time Loader::read_rate(const json& j, const JsonWhere& where) const {
    const std::string text = in_.string_value(j, where);
    const std::size_t slash = text.find('/');
    const std::string problem =
        "expected a rate such as \"10/s\", \"30/min\" or \"2/h\", found \"" + text + "\"";
    if (slash == std::string::npos) {
        in_.fail(where, problem);
    }
    Time per;
    try {
        per = core::parse_duration("1" + text.substr(slash + 1));
    } catch (const core::DurationError&) {
        in_.fail(where, problem);
    }
    double count = 0;
    const std::string number = text.substr(0, slash);
    try {
        std::size_t used = 0;
        count = std::stod(number, &used);
        if (used != number.size()) {
            in_.fail(where, problem);
        }
    } catch (const std::logic_error&) {
        in_.fail(where, problem);
    }
    if (!(count > 0) || count > 1e9) {
        in_.fail(where, "expected a positive rate, at most 1e9 per unit, found \"" + text + "\"");
    }
    const double ns = static_cast<double>(per.count_ns()) / count;
    if (ns > static_cast<double>(time_limit.count_ns())) {
        in_.fail(where, fmt::format("too slow a rate: one mail every {:.4g} days is beyond {}, "
                                    "the latest time a scenario may use",
                                    ns / 86400e9, core::format_duration(time_limit)));
    }
    if (ns < 1) {
        in_.fail(where, "the rate is faster than one mail per nanosecond");
    }
    return Time::ns(static_cast<std::int64_t>(ns));
}

}  // namespace smtpsim::scenario::detail
