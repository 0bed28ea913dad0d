// The scenario loader: every error names the file, the JSON pointer and what
// was expected.
#include "scenario/scenario.hpp"

#include <array>
#include <filesystem>

#include "core/calendar.hpp"
#include "core/json_input.hpp"
#include "net/topology_io.hpp"
#include "net/units.hpp"
#include "smtp/sequencing.hpp"

namespace smtpsim::scenario {
namespace {

using core::JsonReader;
using core::JsonWhere;
using nlohmann::json;

constexpr std::array<std::string_view, 17> top_fields{
    "$schema",  "name",    "description", "topology",      "seed",           "routing",
    "metric",   "start",   "stop",        "retry",         "host_retry",     "keep_mail_text",
    "messages", "traffic", "failures",    "reroute_after", "connect_timeout"};
constexpr std::array<std::string_view, 15> failure_fields{
    "kind", "at",        "for",     "host", "a",           "b",    "mailbox", "to",
    "mode", "permanent", "command", "code", "probability", "step", "count"};
constexpr std::array<std::string_view, 7> message_fields{"at",   "from", "to",    "mode",
                                                         "data", "size", "verify"};
constexpr std::array<std::string_view, 12> traffic_fields{
    "name",  "from",  "to",       "process", "rate",       "interval",
    "count", "start", "duration", "size",    "recipients", "mode"};
constexpr std::array<std::string_view, 4> retry_fields{"first", "backoff", "max", "lifetime"};
constexpr std::array<std::string_view, 2> size_fields{"min", "max"};

class Loader {
  public:
    Loader(std::string source, std::string base_dir, std::shared_ptr<const net::Topology> topology)
        : in_(std::move(source)),
          base_dir_(std::move(base_dir)),
          replacement_(std::move(topology)) {}

    Scenario load(const json& doc) {
        const JsonWhere root;
        in_.check_object(doc, root, top_fields, "a scenario");
        Scenario s;
        s.file = in_.source();
        s.name = in_.string_value(in_.require(doc, root, "name", "the scenario's name"),
                                  root.field("name"));
        check_name(s.name, root.field("name"));
        if (const json* d = JsonReader::find(doc, "description")) {
            s.description = in_.string_value(*d, root.field("description"));
        }
        read_topology(in_.require(doc, root, "topology", "a topology file or an inline topology"),
                      root.field("topology"), s);
        if (const json* seed = JsonReader::find(doc, "seed")) {
            s.seed = in_.count_value(*seed, root.field("seed"), 0, UINT64_MAX);
        }
        if (const json* routing = JsonReader::find(doc, "routing")) {
            const std::string text = in_.string_value(*routing, root.field("routing"));
            const auto mode = mta::parse_routing_mode(text);
            if (!mode) {
                in_.fail(root.field("routing"), "unknown routing mode \"" + text +
                                                    "\"; expected source, shortest or next-hop");
            }
            s.config.routing = *mode;
        }
        if (const json* metric = JsonReader::find(doc, "metric")) {
            const std::string text = in_.string_value(*metric, root.field("metric"));
            const auto m = net::parse_metric(text);
            if (!m) {
                in_.fail(root.field("metric"),
                         "unknown metric \"" + text + "\"; expected hops or latency");
            }
            s.config.metric = *m;
        }
        if (const json* start = JsonReader::find(doc, "start")) {
            const std::string text = in_.string_value(*start, root.field("start"));
            const auto unix = core::parse_utc_timestamp(text);
            if (!unix) {
                in_.fail(root.field("start"),
                         "expected a UTC date and time such as "
                         "\"1982-08-01T00:00:00Z\", found \"" +
                             text + "\"");
            }
            s.config.epoch_unix = *unix;
        }
        if (const json* stop = JsonReader::find(doc, "stop")) {
            s.config.stop = in_.duration_value(*stop, root.field("stop"), true);
        }
        if (const json* retry = JsonReader::find(doc, "retry")) {
            read_retry(*retry, root.field("retry"), s.config.retry);
        }
        if (const json* keep = JsonReader::find(doc, "keep_mail_text")) {
            s.config.keep_mail_text = in_.bool_value(*keep, root.field("keep_mail_text"));
        }
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
            for (std::size_t i = 0; i < traffic->size(); ++i) {
                s.traffic.push_back(read_traffic((*traffic)[i], w.item(i), s, i));
            }
        }
        if (const json* host_retry = JsonReader::find(doc, "host_retry")) {
            const JsonWhere w = root.field("host_retry");
            if (!host_retry->is_object()) {
                in_.fail(w, "expected an object of host names to retry policies, found " +
                                core::json_type_name(*host_retry));
            }
            for (const auto& [name, policy] : host_retry->items()) {
                const auto host = s.topology->find_host(name);
                if (!host) {
                    in_.fail(w.field(name), "no host " + name + " in the topology");
                }
                mta::RetryPolicy retry = s.config.retry;
                read_retry(policy, w.field(name), retry);
                s.config.host_retry[*host] = retry;
            }
        }
        if (const json* v = JsonReader::find(doc, "reroute_after")) {
            s.config.reroute_after = in_.duration_value(*v, root.field("reroute_after"), false);
        }
        if (const json* v = JsonReader::find(doc, "connect_timeout")) {
            s.config.connect_timeout = in_.duration_value(*v, root.field("connect_timeout"), true);
        }
        if (const json* failures = JsonReader::find(doc, "failures")) {
            const JsonWhere w = root.field("failures");
            in_.expect_array(*failures, w, "failures");
            for (std::size_t i = 0; i < failures->size(); ++i) {
                read_failure((*failures)[i], w.item(i), s);
            }
        }
        return s;
    }

  private:
    void check_name(const std::string& name, const JsonWhere& where) const {
        // The name becomes a folder under results/.
        const bool ok = !name.empty() && name.size() <= 100 && name != "." && name != ".." &&
                        name.find_first_not_of(
                            "abcdefghijklmnopqrstuvwxyz"
                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == std::string::npos;
        if (!ok) {
            in_.fail(where,
                     "expected a name of letters, digits, '-', '_' and '.' (it names the "
                     "output folder), found \"" +
                         name + "\"");
        }
    }

    void read_topology(const json& j, const JsonWhere& where, Scenario& s) const {
        if (replacement_) {
            s.topology = replacement_;
            return;
        }
        if (j.is_string()) {
            std::filesystem::path path = j.get<std::string>();
            if (path.is_relative()) {
                path = std::filesystem::path(base_dir_) / path;
            }
            s.topology_file = path.lexically_normal().string();
            try {
                s.topology = std::make_shared<net::Topology>(net::load_topology(s.topology_file));
            } catch (const core::InputError& e) {
                // Say which scenario field led there, then what is wrong in the topology.
                in_.fail(where, std::string("the topology does not load: ") + e.what());
            }
            return;
        }
        if (j.is_object()) {
            s.topology = std::make_shared<net::Topology>(
                net::parse_topology_json(j.dump(), in_.source() + " " + where.pointer()));
            return;
        }
        in_.fail(where, "expected a topology file name or an inline topology object, found " +
                            core::json_type_name(j));
    }

    void read_retry(const json& j, const JsonWhere& where, mta::RetryPolicy& retry) const {
        in_.check_object(j, where, retry_fields, "the retry policy");
        if (const json* v = JsonReader::find(j, "first")) {
            retry.first_interval = in_.duration_value(*v, where.field("first"), true);
        }
        if (const json* v = JsonReader::find(j, "backoff")) {
            retry.backoff = in_.number_value(*v, where.field("backoff"));
            if (!(retry.backoff >= 1.0 && retry.backoff <= 100.0)) {
                in_.fail(where.field("backoff"), "expected a factor from 1 to 100");
            }
        }
        if (const json* v = JsonReader::find(j, "max")) {
            retry.max_interval = in_.duration_value(*v, where.field("max"), true);
        }
        if (const json* v = JsonReader::find(j, "lifetime")) {
            retry.lifetime = in_.duration_value(*v, where.field("lifetime"), true);
        }
        if (retry.max_interval < retry.first_interval) {
            in_.fail(where, "the maximum interval is shorter than the first");
        }
    }

    smtp::Mailbox read_mailbox(const json& j, const JsonWhere& where,
                               const net::Topology& topology) const {
        const smtp::Path path = read_path(j, where);
        if (!path.route.empty() || path.is_null()) {
            in_.fail(where, "expected a mailbox such as \"JQP@MIT-AI.ARPA\", without a route");
        }
        if (!topology.find_host(path.mailbox.domain)) {
            in_.fail(where, "no host " + path.mailbox.domain + " in the topology");
        }
        return path.mailbox;
    }

    smtp::Path read_path(const json& j, const JsonWhere& where) const {
        std::string text = in_.string_value(j, where);
        if (text.empty() || text.front() != '<') {
            text = "<" + text + ">";
        }
        auto parsed = smtp::parse_path(text);
        if (!parsed) {
            in_.fail(where,
                     "not an RFC 821 path: " + parsed.error().message() + " in \"" + text + "\"");
        }
        return std::move(parsed).value();
    }

    smtp::Mode read_mode(const json& j, const JsonWhere& where) const {
        const std::string text = in_.string_value(j, where);
        const auto verb = smtp::parse_verb(text);
        const auto mode = verb ? smtp::verb_mode(*verb) : std::nullopt;
        if (!mode) {
            in_.fail(where, "expected MAIL, SEND, SOML or SAML, found \"" + text + "\"");
        }
        return *mode;
    }

    std::uint64_t read_size(const json& j, const JsonWhere& where) const {
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

    std::vector<std::string> read_data(const json& j, const JsonWhere& where) const {
        std::vector<std::string> lines;
        if (j.is_string()) {
            const std::string text = j.get<std::string>();
            std::size_t start = 0;
            while (start < text.size()) {
                std::size_t end = text.find('\n', start);
                if (end == std::string::npos) {
                    end = text.size();
                }
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
            // RFC 821 4.5.3: a text line is at most 1000 characters with its CRLF.
            if (lines[i].size() > 998) {
                in_.fail(where, "line " + std::to_string(i + 1) + " of the text has " +
                                    std::to_string(lines[i].size()) +
                                    " characters; RFC 821 allows 998 before the CRLF");
            }
            if (lines[i].find_first_of("\r\n") != std::string::npos) {
                in_.fail(where, "line " + std::to_string(i + 1) + " of the text holds a CR or LF");
            }
        }
        return lines;
    }

    MessageSpec read_message(const json& j, const JsonWhere& where,
                             const net::Topology& topology) const {
        in_.check_object(j, where, message_fields, "a message");
        MessageSpec m;
        if (const json* at = JsonReader::find(j, "at")) {
            m.at = in_.duration_value(*at, where.field("at"), false);
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
            m.to.push_back(read_path(to[i], to_where.item(i)));
            if (m.to.back().is_null()) {
                in_.fail(to_where.item(i), "the null path <> is not a recipient");
            }
        }
        if (const json* mode = JsonReader::find(j, "mode")) {
            m.mode = read_mode(*mode, where.field("mode"));
        }
        if (const json* verify = JsonReader::find(j, "verify")) {
            const JsonWhere w = where.field("verify");
            in_.expect_array(*verify, w, "strings to VRFY");
            for (std::size_t i = 0; i < verify->size(); ++i) {
                std::string v = in_.string_value((*verify)[i], w.item(i));
                if (v.empty() || v.size() > 200 || v.find_first_of("\r\n") != std::string::npos) {
                    in_.fail(w.item(i), "expected a user name or mailbox to VRFY");
                }
                m.verify.push_back(std::move(v));
            }
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

    std::vector<net::HostId> read_hosts(const json* j, const JsonWhere& where,
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
            const std::string name = in_.string_value((*j)[i], where.item(i));
            const auto id = topology.find_host(name);
            if (!id) {
                in_.fail(where.item(i), "no host " + name + " in the topology");
            }
            hosts.push_back(*id);
        }
        if (hosts.empty()) {
            in_.fail(where, "expected at least one host");
        }
        return hosts;
    }

    TrafficSpec read_traffic(const json& j, const JsonWhere& where, const Scenario& s,
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
        if (const json* p = JsonReader::find(j, "process")) {
            const std::string text = in_.string_value(*p, where.field("process"));
            if (text == "poisson") {
                t.process = Process::poisson;
            } else if (text == "fixed") {
                t.process = Process::fixed;
            } else {
                in_.fail(where.field("process"),
                         "expected poisson or fixed, found \"" + text + "\"");
            }
        }
        const json* rate = JsonReader::find(j, "rate");
        const json* interval = JsonReader::find(j, "interval");
        if ((rate == nullptr) == (interval == nullptr)) {
            in_.fail(where,
                     "give exactly one of \"rate\" (such as \"10/s\") and \"interval\" "
                     "(such as \"100ms\")");
        }
        if (rate != nullptr) {
            t.interval = read_rate(*rate, where.field("rate"));
        } else {
            t.interval = in_.duration_value(*interval, where.field("interval"), true);
        }
        if (const json* count = JsonReader::find(j, "count")) {
            t.count = in_.count_value(*count, where.field("count"), 1, 100'000'000);
        }
        if (const json* start = JsonReader::find(j, "start")) {
            t.start = in_.duration_value(*start, where.field("start"), false);
        }
        if (const json* duration = JsonReader::find(j, "duration")) {
            t.duration = in_.duration_value(*duration, where.field("duration"), true);
        }
        if (!t.count && !t.duration && !s.config.stop) {
            in_.fail(where,
                     "give a \"count\" or a \"duration\" (or a scenario \"stop\" time): "
                     "otherwise the traffic never ends");
        }
        if (const json* size = JsonReader::find(j, "size")) {
            const JsonWhere w = where.field("size");
            if (size->is_object()) {
                in_.check_object(*size, w, size_fields, "a size range");
                t.size.min =
                    read_size(in_.require(*size, w, "min", "the smallest size"), w.field("min"));
                t.size.max =
                    read_size(in_.require(*size, w, "max", "the largest size"), w.field("max"));
                if (t.size.max < t.size.min) {
                    in_.fail(w, "\"max\" is smaller than \"min\"");
                }
            } else {
                t.size.min = t.size.max = read_size(*size, w);
            }
        }
        if (const json* r = JsonReader::find(j, "recipients")) {
            t.recipients =
                static_cast<std::uint32_t>(in_.count_value(*r, where.field("recipients"), 1, 100));
        }
        if (const json* mode = JsonReader::find(j, "mode")) {
            t.mode = read_mode(*mode, where.field("mode"));
        }
        return t;
    }

    net::HostId read_host(const json& j, const JsonWhere& where,
                          const net::Topology& topology) const {
        const std::string name = in_.string_value(j, where);
        const auto id = topology.find_host(name);
        if (!id) {
            in_.fail(where, "no host " + name + " in the topology");
        }
        return *id;
    }

    // One entry of the failure plan. "host_up" and "link_up" end the latest
    // open-ended "host_down" or "link_down" of the same host or link.
    void read_failure(const json& j, const JsonWhere& where, Scenario& s) const {
        in_.check_object(j, where, failure_fields, "a failure");
        const net::Topology& topology = *s.topology;
        const JsonWhere kind_where = where.field("kind");
        const std::string kind_text =
            in_.string_value(in_.require(j, where, "kind", "what fails"), kind_where);
        mta::FailureSpec f;
        if (const json* at = JsonReader::find(j, "at")) {
            f.at = in_.duration_value(*at, where.field("at"), false);
        }
        if (const json* d = JsonReader::find(j, "for")) {
            f.duration = in_.duration_value(*d, where.field("for"), true);
        }
        const bool is_link = kind_text == "link_down" || kind_text == "link_up";
        if (is_link) {
            f.host = read_host(in_.require(j, where, "a", "one end of the link"), where.field("a"),
                               topology);
            f.other = read_host(in_.require(j, where, "b", "the other end of the link"),
                                where.field("b"), topology);
            if (!link_exists(topology, f.host, f.other)) {
                in_.fail(where, "no link between " + topology.name(f.host) + " and " +
                                    topology.name(f.other) + " in the topology");
            }
        } else {
            f.host = read_host(in_.require(j, where, "host", "the host it happens at"),
                               where.field("host"), topology);
        }
        if (kind_text == "host_up" || kind_text == "link_up") {
            if (f.duration) {
                in_.fail(where.field("for"), "\"" + kind_text + "\" takes no \"for\"");
            }
            const auto down = is_link ? mta::FailureKind::link_down : mta::FailureKind::host_down;
            for (auto it = s.failures.rbegin(); it != s.failures.rend(); ++it) {
                const bool same =
                    it->kind == down && (is_link ? ((it->host == f.host && it->other == f.other) ||
                                                    (it->host == f.other && it->other == f.host))
                                                 : it->host == f.host);
                if (!same || it->duration) {
                    continue;
                }
                if (f.at <= it->at) {
                    in_.fail(where.field("at"), "times out of order: \"" + kind_text + "\" at " +
                                                    core::format_duration(f.at) +
                                                    " is not after the \"" +
                                                    std::string(mta::failure_kind_name(down)) +
                                                    "\" at " + core::format_duration(it->at));
                }
                it->duration = f.at - it->at;
                return;
            }
            in_.fail(kind_where, "\"" + kind_text + "\" with no earlier open-ended \"" +
                                     std::string(mta::failure_kind_name(down)) + "\" of the same " +
                                     (is_link ? "link" : "host"));
        }
        const auto kind = mta::parse_failure_kind(kind_text);
        if (!kind) {
            in_.fail(kind_where, "unknown failure kind \"" + kind_text +
                                     "\"; expected host_down, host_up, link_down, link_up, "
                                     "storage_full, unknown_mailbox, forward, relay_refused, "
                                     "transient or drop_connection");
        }
        f.kind = *kind;
        auto forbid = [&](std::initializer_list<std::string_view> fields) {
            for (std::string_view field : fields) {
                if (JsonReader::find(j, field) != nullptr) {
                    in_.fail(where.field(field), "\"" + std::string(field) +
                                                     "\" is not a field of a \"" + kind_text +
                                                     "\" failure");
                }
            }
        };
        switch (f.kind) {
            case mta::FailureKind::host_down:
            case mta::FailureKind::link_down:
            case mta::FailureKind::relay_refused:
                forbid({"mailbox", "to", "mode", "permanent", "command", "code", "probability",
                        "step", "count"});
                break;
            case mta::FailureKind::storage_full:
                forbid(
                    {"mailbox", "to", "mode", "command", "code", "probability", "step", "count"});
                if (const json* p = JsonReader::find(j, "permanent")) {
                    f.permanent = in_.bool_value(*p, where.field("permanent"));
                }
                break;
            case mta::FailureKind::unknown_mailbox:
            case mta::FailureKind::forward:
                forbid({"permanent", "command", "code", "probability", "step", "count"});
                f.mailbox = in_.string_value(in_.require(j, where, "mailbox", "the mailbox"),
                                             where.field("mailbox"));
                if (f.kind == mta::FailureKind::forward) {
                    f.forward_to = read_path(in_.require(j, where, "to", "the user's new path"),
                                             where.field("to"));
                    if (const json* m = JsonReader::find(j, "mode")) {
                        const std::string mode = in_.string_value(*m, where.field("mode"));
                        if (mode != "will-forward" && mode != "please-try") {
                            in_.fail(where.field("mode"),
                                     "expected will-forward (251) or "
                                     "please-try (551), found \"" +
                                         mode + "\"");
                        }
                        f.will_forward = mode == "will-forward";
                    }
                } else {
                    forbid({"to", "mode"});
                }
                break;
            case mta::FailureKind::transient: {
                forbid({"mailbox", "to", "mode", "permanent", "step", "count"});
                const JsonWhere cw = where.field("command");
                const std::string command = in_.string_value(
                    in_.require(j, where, "command", "the command that fails"), cw);
                const auto verb = smtp::parse_verb(command);
                if (!verb || *verb == smtp::Verb::quit) {
                    in_.fail(cw,
                             "expected a command other than QUIT (HELO, MAIL, RCPT, DATA, ...), "
                             "found \"" +
                                 command + "\"");
                }
                f.command = *verb;
                const JsonWhere codew = where.field("code");
                f.code = static_cast<smtp::ReplyCode>(in_.count_value(
                    in_.require(j, where, "code", "the reply code"), codew, 400, 499));
                if (!smtp::permits(smtp::permitted_replies(f.command), f.code)) {
                    in_.fail(codew, "RFC 821 4.3 does not list " + std::to_string(f.code) +
                                        " for " + std::string(smtp::verb_name(f.command)));
                }
                if (const json* p = JsonReader::find(j, "probability")) {
                    f.probability = in_.number_value(*p, where.field("probability"));
                    if (!(f.probability >= 0.0 && f.probability <= 1.0)) {
                        in_.fail(where.field("probability"),
                                 "expected a probability from 0 to 1, found " + p->dump());
                    }
                }
                break;
            }
            case mta::FailureKind::drop_connection: {
                forbid({"mailbox", "to", "mode", "permanent", "command", "code", "probability"});
                if (const json* st = JsonReader::find(j, "step")) {
                    const std::string step = in_.string_value(*st, where.field("step"));
                    const auto parsed = mta::parse_drop_step(step);
                    if (!parsed) {
                        in_.fail(where.field("step"),
                                 "expected helo, mail, rcpt, data or "
                                 "end_of_data, found \"" +
                                     step + "\"");
                    }
                    f.step = *parsed;
                }
                if (const json* c = JsonReader::find(j, "count")) {
                    f.count = in_.count_value(*c, where.field("count"), 1, 1'000'000);
                }
                break;
            }
        }
        s.failures.push_back(std::move(f));
    }

    static bool link_exists(const net::Topology& topology, net::HostId a, net::HostId b) {
        return boost::edge(a, b, topology.graph()).second;
    }

    // "10/s", "2.5/min", "100/h": mails per unit of time, as the mean interval.
    Time read_rate(const json& j, const JsonWhere& where) const {
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
            in_.fail(where,
                     "expected a positive rate, at most 1e9 per unit, found \"" + text + "\"");
        }
        const auto ns = static_cast<std::int64_t>(static_cast<double>(per.count_ns()) / count);
        if (ns <= 0) {
            in_.fail(where, "the rate is faster than one mail per nanosecond");
        }
        return Time::ns(ns);
    }

    JsonReader in_;
    std::string base_dir_;
    std::shared_ptr<const net::Topology> replacement_;
};

}  // namespace

Scenario parse_scenario(std::string_view text, const std::string& source,
                        const std::string& base_dir,
                        std::shared_ptr<const net::Topology> topology) {
    const json doc = core::parse_json(text, source);
    return Loader(source, base_dir, std::move(topology)).load(doc);
}

Scenario load_scenario(const std::string& path, std::shared_ptr<const net::Topology> topology) {
    const std::string text = core::read_text_file(path);
    const std::string base = std::filesystem::path(path).parent_path().string();
    return parse_scenario(text, path, base.empty() ? "." : base, std::move(topology));
}

}  // namespace smtpsim::scenario
