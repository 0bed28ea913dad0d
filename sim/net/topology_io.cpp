// Topology JSON, read: every error names the file, the JSON pointer and what
// was expected (topology_json_writer.cpp writes it).
#include "net/topology_io.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <span>
#include <unordered_map>

#include "core/ascii.hpp"
#include "core/input_error.hpp"
#include "core/json_input.hpp"
#include "net/dns_io.hpp"
#include "net/graphviz.hpp"
#include "net/login_io.hpp"
#include "net/name_checks.hpp"
#include "net/units.hpp"
#include "smtp/path.hpp"

namespace smtpsim::net {
namespace {

using nlohmann::json;

using Where = core::JsonWhere;

// The fields each kind of object may hold; anything else is a typo to report.
constexpr std::array<std::string_view, 11> host_setting_fields{
    "relay",        "max_recipients",  "storage",   "service_time",        "max_sessions",
    "accepts_turn", "strict_sequence", "eight_bit", "accepts_connections", "poll_interval",
    "resolver"};
constexpr std::array<std::string_view, 15> node_fields{
    "name",          "relay",        "max_recipients",  "storage",   "service_time",
    "max_sessions",  "accepts_turn", "strict_sequence", "eight_bit", "accepts_connections",
    "poll_interval", "resolver",     "users",           "lists",     "domains"};

constexpr std::array<std::string_view, 3> link_setting_fields{"latency", "bandwidth", "up"};
constexpr std::array<std::string_view, 5> link_fields{"a", "b", "latency", "bandwidth", "up"};
constexpr std::array<std::string_view, 6> user_fields{"mailbox",         "full_name", "aliases",
                                                      "terminal_active", "logins",    "forward"};
constexpr std::array<std::string_view, 2> forward_fields{"path", "mode"};
constexpr std::array<std::string_view, 5> list_fields{"name", "members", "expandable", "verifiable",
                                                      "owner"};
constexpr std::array<std::string_view, 2> defaults_fields{"host", "link"};
constexpr std::array<std::string_view, 6> top_fields{"$schema", "description", "defaults",
                                                     "nodes",   "links",       "dns"};

// A reader class rather than from_json overloads: every error needs the JSON
// pointer of the value at fault, and every object is checked for unknown fields.
class JsonLoader {
  public:
    explicit JsonLoader(std::string source) : reader_(std::move(source)) {}

    // Takes the document to free each part once it is read: a 100,000-host
    // file's document is larger than the topology it describes.
    Topology load(json doc) {
        check_object(doc, Where{}, top_fields, "a topology");
        read_header(doc);
        const json* nodes = find(doc, "nodes");
        if (nodes == nullptr) {
            fail(Where{}, "missing required field \"nodes\" (the list of hosts)");
        }
        expect_array(*nodes, Where{}.field("nodes"), "hosts");
        for (std::size_t i = 0; i < nodes->size(); ++i) {
            node((*nodes)[i], i);
        }
        doc.erase("nodes");
        if (const json* links = find(doc, "links")) {
            expect_array(*links, Where{}.field("links"), "links");
            seen_links_.reserve(links->size());
            for (std::size_t i = 0; i < links->size(); ++i) {
                link((*links)[i], i);
            }
        }
        read_dns_part(doc);
        return std::move(topology_);
    }

    // The parts of a document read one by one (StreamedLoad): the header
    // first, then each host, then each link, then finish() with what is
    // left of the document (the arrays of hosts and links empty).
    void read_header(const json& doc) {
        const Where root;
        if (const json* description = find(doc, "description")) {
            topology_.description = string_value(*description, root.field("description"));
        }
        if (const json* defaults = find(doc, "defaults")) {
            const Where w = root.field("defaults");
            check_object(*defaults, w, defaults_fields, "the defaults");
            if (const json* host = find(*defaults, "host")) {
                check_object(*host, w.field("host"), host_setting_fields, "host defaults");
                read_host_settings(*host, w.field("host"), host_defaults_);
            }
            if (const json* link = find(*defaults, "link")) {
                check_object(*link, w.field("link"), link_setting_fields, "link defaults");
                read_link_settings(*link, w.field("link"), link_defaults_);
            }
        }
    }
    void node(const json& j, std::size_t index) {
        const Where root;
        read_node(j, root.field("nodes").item(index), host_defaults_);
    }
    void link(const json& j, std::size_t index) {
        const Where root;
        read_link(j, root.field("links").item(index), link_defaults_);
    }
    Topology finish(const json& rest) {
        check_object(rest, Where{}, top_fields, "a topology");
        const json* nodes = find(rest, "nodes");
        if (nodes == nullptr) {
            fail(Where{}, "missing required field \"nodes\" (the list of hosts)");
        }
        expect_array(*nodes, Where{}.field("nodes"), "hosts");
        if (const json* links = find(rest, "links")) {
            expect_array(*links, Where{}.field("links"), "links");
        }
        read_dns_part(rest);
        return std::move(topology_);
    }

  private:
    // The hosts' mail domains and the DNS, once every host is known.
    void read_dns_part(const json& doc) {
        check_host_domains(Where{}.field("nodes"), reader_, topology_);
        if (const json* dns = find(doc, "dns")) {
            read_dns(*dns, Where{}.field("dns"), reader_, topology_);
        }
    }

    [[noreturn]] void fail(const Where& where, std::string problem) const {
        reader_.fail(where, std::move(problem));
    }

    static const json* find(const json& object, std::string_view key) {
        return core::JsonReader::find(object, key);
    }

    void check_object(const json& j, const Where& where, std::span<const std::string_view> allowed,
                      std::string_view what) const {
        reader_.check_object(j, where, allowed, what);
    }

    void expect_array(const json& j, const Where& where, std::string_view of) const {
        reader_.expect_array(j, where, of);
    }

    std::string string_value(const json& j, const Where& where) const {
        return reader_.string_value(j, where);
    }

    std::string required_string(const json& object, const Where& where, std::string_view key,
                                std::string_view what) const {
        const json* value = find(object, key);
        if (value == nullptr) {
            fail(where,
                 "missing required field \"" + std::string(key) + "\" (" + std::string(what) + ")");
        }
        return string_value(*value, where.field(key));
    }

    bool bool_value(const json& j, const Where& where) const {
        return reader_.bool_value(j, where);
    }

    std::uint32_t count_value(const json& j, const Where& where, std::uint32_t minimum) const {
        if (!j.is_number_integer() || j.get<std::int64_t>() < minimum ||
            j.get<std::int64_t>() > INT32_MAX) {
            fail(where, "expected a whole number of at least " + std::to_string(minimum) +
                            ", found " + (j.is_number() ? j.dump() : core::json_type_name(j)));
        }
        return static_cast<std::uint32_t>(j.get<std::int64_t>());
    }

    // A duration of at most `limit` (see max_link_latency).
    core::Time duration_value(const json& j, const Where& where, bool positive,
                              core::Time limit) const {
        const core::Time t = reader_.duration_value(j, where, positive);
        if (t > limit) {
            fail(where, "expected at most " + core::format_duration(limit) + ", found \"" +
                            j.get<std::string>() + "\"");
        }
        return t;
    }

    std::uint64_t rate_value(const json& j, const Where& where) const {
        const std::string text = string_value(j, where);
        std::uint64_t rate = 0;
        try {
            rate = parse_rate(text);
        } catch (const core::QuantityError& e) {
            fail(where, e.what());
        }
        if (rate == 0) {
            fail(where, "expected a positive rate such as \"56kbit/s\", found \"" + text + "\"");
        }
        return rate;
    }

    std::uint64_t size_value(const json& j, const Where& where) const {
        if (j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0)) {
            return j.get<std::uint64_t>();
        }
        if (!j.is_string()) {
            fail(where, "expected a size such as \"10MB\" or a number of bytes, found " +
                            (j.is_number() ? j.dump() : core::json_type_name(j)));
        }
        try {
            return parse_size(j.get<std::string>());
        } catch (const core::QuantityError& e) {
            fail(where, e.what());
        }
    }

    void read_host_settings(const json& j, const Where& where, HostProps& host) const {
        if (const json* v = find(j, "relay")) {
            host.relay = bool_value(*v, where.field("relay"));
        }
        if (const json* v = find(j, "max_recipients")) {
            host.max_recipients = count_value(*v, where.field("max_recipients"), 1);
        }
        if (const json* v = find(j, "storage")) {
            host.storage = size_value(*v, where.field("storage"));
        }
        if (const json* v = find(j, "service_time")) {
            host.service_time =
                duration_value(*v, where.field("service_time"), false, max_service_time);
        }
        if (const json* v = find(j, "max_sessions")) {
            host.max_sessions = count_value(*v, where.field("max_sessions"), 1);
        }
        if (const json* v = find(j, "accepts_turn")) {
            host.accepts_turn = bool_value(*v, where.field("accepts_turn"));
        }
        if (const json* v = find(j, "strict_sequence")) {
            host.strict_sequence = bool_value(*v, where.field("strict_sequence"));
        }
        if (const json* v = find(j, "eight_bit")) {
            const auto policy =
                v->is_string() ? smtp::eight_bit_names.parse(v->get<std::string>()) : std::nullopt;
            if (!policy) {
                fail(where.field("eight_bit"),
                     "expected \"refuse\", \"strip\" or \"pass\" (RFC 821 4.5.2), found " +
                         (v->is_string() ? "\"" + v->get<std::string>() + "\""
                                         : core::json_type_name(*v)));
            }
            host.eight_bit = *policy;
        }
        if (const json* v = find(j, "accepts_connections")) {
            host.accepts_connections = bool_value(*v, where.field("accepts_connections"));
        }
        if (const json* v = find(j, "resolver")) {
            read_resolver(*v, where.field("resolver"), reader_, host.resolver);
        }
        if (const json* v = find(j, "poll_interval")) {
            host.poll_interval =
                duration_value(*v, where.field("poll_interval"), true, max_poll_interval);
            if (*host.poll_interval < min_poll_interval) {
                fail(where.field("poll_interval"),
                     "expected at least " + core::format_duration(min_poll_interval) +
                         " (a shorter poll only repeats itself), found \"" + v->get<std::string>() +
                         "\"");
            }
        }
    }

    void read_link_settings(const json& j, const Where& where, LinkProps& link) const {
        if (const json* v = find(j, "latency")) {
            link.latency = duration_value(*v, where.field("latency"), true, max_link_latency);
        }
        if (const json* v = find(j, "bandwidth")) {
            link.bandwidth = rate_value(*v, where.field("bandwidth"));
        }
        if (const json* v = find(j, "up")) {
            link.up = bool_value(*v, where.field("up"));
        }
    }

    // RFC 821 4.5.3: a user name is at most 64 characters; RCPT, VRFY and
    // EXPN could never name a longer one.
    void check_name_length(const std::string& name, const Where& where,
                           std::string_view what) const {
        if (name.size() > smtp::max_user_length) {
            fail(where, std::string(what) + " of " + std::to_string(name.size()) +
                            " characters; RFC 821 4.5.3 allows a user name at most " +
                            std::to_string(smtp::max_user_length));
        }
    }

    std::vector<std::string> string_list(const json& j, const Where& where,
                                         std::string_view of) const {
        expect_array(j, where, of);
        std::vector<std::string> items;
        for (std::size_t i = 0; i < j.size(); ++i) {
            items.push_back(string_value(j[i], where.item(i)));
            if (items.back().empty()) {
                fail(where.item(i), "expected a non-empty string");
            }
        }
        return items;
    }

    std::string checked_path(const json& j, const Where& where, std::string_view what) const {
        std::string path = string_value(j, where);
        if (auto problem = full_path_problem(path)) {
            fail(where, std::string(what) + " does not parse: " + *problem);
        }
        return path;
    }

    User read_user(const json& j, const Where& where, const HostProps& host) const {
        check_object(j, where, user_fields, "a user");
        User user;
        user.mailbox =
            required_string(j, where, "mailbox", "the user's local part, e.g. \"Jones\"");
        if (auto problem = local_part_problem(user.mailbox)) {
            fail(where.field("mailbox"), "not a mailbox name: " + *problem);
        }
        if (host.find_mailbox(user.mailbox) != nullptr) {
            fail(where.field("mailbox"), "duplicate mailbox \"" + user.mailbox + "\" on host \"" +
                                             host.name + "\" (mailboxes are case-insensitive)");
        }
        if (const json* v = find(j, "full_name")) {
            user.full_name = string_value(*v, where.field("full_name"));
        }
        if (const json* v = find(j, "aliases")) {
            user.aliases = string_list(*v, where.field("aliases"), "names");
            for (std::size_t i = 0; i < user.aliases.size(); ++i) {
                check_name_length(user.aliases[i], where.field("aliases").item(i), "an alias");
            }
        }
        if (const json* v = find(j, "terminal_active")) {
            user.terminal_active = bool_value(*v, where.field("terminal_active"));
        }
        if (const json* v = find(j, "logins")) {
            if (user.terminal_active) {
                fail(where.field("logins"),
                     "give terminal_active (logged in all the time) or logins, not both");
            }
            user.logins = read_logins(*v, where.field("logins"), reader_);
        }
        if (const json* v = find(j, "forward")) {
            const Where fw = where.field("forward");
            check_object(*v, fw, forward_fields, "a forward");
            Forward forward;
            const json* path = find(*v, "path");
            if (path == nullptr) {
                fail(fw,
                     "missing required field \"path\" (the forward-path, e.g. "
                     "\"<Jones@USC-ISI.ARPA>\")");
            }
            forward.path = checked_path(*path, fw.field("path"), "forward-path");
            if (const json* mode = find(*v, "mode")) {
                const std::string text = string_value(*mode, fw.field("mode"));
                if (text == "will-forward") {
                    forward.mode = ForwardMode::will_forward;
                } else if (text == "please-try") {
                    forward.mode = ForwardMode::please_try;
                } else {
                    fail(fw.field("mode"),
                         "expected \"will-forward\" (251) or \"please-try\" "
                         "(551), found \"" +
                             text + "\"");
                }
            }
            user.forward = std::move(forward);
        }
        return user;
    }

    MailingList read_list(const json& j, const Where& where, const HostProps& host) const {
        check_object(j, where, list_fields, "a mailing list");
        MailingList list;
        list.name = required_string(j, where, "name", "the list name EXPN is given");
        if (list.name.empty() || list.name.find(' ') != std::string::npos) {
            fail(where.field("name"),
                 "expected a list name without spaces, found \"" + list.name + "\"");
        }
        check_name_length(list.name, where.field("name"), "a list name");
        if (host.find_list(list.name) != nullptr || host.find_mailbox(list.name) != nullptr) {
            fail(where.field("name"), "duplicate name \"" + list.name + "\" on host \"" +
                                          host.name + "\": already a list or a mailbox");
        }
        if (const json* members = find(j, "members")) {
            const Where mw = where.field("members");
            expect_array(*members, mw,
                         "members such as \"Fred Fonebone <Fonebone@USC-ISIQ.ARPA>\"");
            if (members->size() > max_list_members) {
                fail(mw, "a list may name at most " + std::to_string(max_list_members) +
                             " members, found " + std::to_string(members->size()));
            }
            for (std::size_t i = 0; i < members->size(); ++i) {
                const std::string text = string_value((*members)[i], mw.item(i));
                const std::size_t open = text.find('<');
                if (open == std::string::npos) {
                    fail(mw.item(i),
                         "expected \"Full Name <path>\" or \"<path>\", found \"" + text + "\"");
                }
                ListMember member;
                member.full_name = text.substr(0, open);
                while (!member.full_name.empty() && member.full_name.back() == ' ') {
                    member.full_name.pop_back();
                }
                member.path = text.substr(open);
                if (auto problem = full_path_problem(member.path)) {
                    fail(mw.item(i), "member path does not parse: " + *problem);
                }
                list.members.push_back(std::move(member));
            }
        }
        if (const json* v = find(j, "expandable")) {
            list.expandable = bool_value(*v, where.field("expandable"));
        }
        if (const json* v = find(j, "verifiable")) {
            list.verifiable = bool_value(*v, where.field("verifiable"));
        }
        if (const json* v = find(j, "owner")) {
            list.owner = checked_path(*v, where.field("owner"), "owner's path");
        }
        return list;
    }

    void read_node(const json& j, const Where& where, const HostProps& defaults) {
        check_object(j, where, node_fields, "a host");
        HostProps host = defaults;
        host.name = required_string(j, where, "name", "the host's domain, e.g. \"USC-ISIE.ARPA\"");
        if (auto problem = domain_problem(host.name)) {
            fail(where.field("name"), "not a host name: " + *problem);
        }
        read_host_settings(j, where, host);
        if (const json* users = find(j, "users")) {
            const Where uw = where.field("users");
            expect_array(*users, uw, "users");
            for (std::size_t i = 0; i < users->size(); ++i) {
                host.users.push_back(read_user((*users)[i], uw.item(i), host));
            }
        }
        if (const json* lists = find(j, "lists")) {
            const Where lw = where.field("lists");
            expect_array(*lists, lw, "mailing lists");
            for (std::size_t i = 0; i < lists->size(); ++i) {
                host.lists.push_back(read_list((*lists)[i], lw.item(i), host));
            }
        }
        if (const json* domains = find(j, "domains")) {
            host.domains = read_domains(*domains, where.field("domains"), reader_);
        }
        const std::string name = host.name;
        const auto [id, added] = topology_.add_host(std::move(host));
        if (!added) {
            // Hosts are added in file order, so a host's id is its index in "nodes".
            fail(where.field("name"), "duplicate host \"" + name +
                                          "\": already defined at /nodes/" + std::to_string(id) +
                                          " (host names are case-insensitive)");
        }
    }

    HostId link_end(const json& j, const Where& where, std::string_view key) const {
        const std::string name =
            required_string(j, where, key, "the name of a host defined in \"nodes\"");
        const auto id = topology_.find_host(name);
        if (!id) {
            fail(where.field(key),
                 "link to an unknown host \"" + name + "\"; expected a host defined in \"nodes\"");
        }
        return *id;
    }

    void read_link(const json& j, const Where& where, const LinkProps& defaults) {
        check_object(j, where, link_fields, "a link");
        const HostId a = link_end(j, where, "a");
        const HostId b = link_end(j, where, "b");
        if (a == b) {
            fail(where, "self-loop: a link from \"" + topology_.name(a) +
                            "\" to itself; expected two different hosts");
        }
        const std::uint64_t key =
            (static_cast<std::uint64_t>(std::min(a, b)) << 32) | std::max(a, b);
        const auto [first, added] = seen_links_.try_emplace(key, where.index);
        if (!added) {
            fail(where, "duplicate link between \"" + topology_.name(a) + "\" and \"" +
                            topology_.name(b) + "\": already defined at /links/" +
                            std::to_string(first->second));
        }
        LinkProps link = defaults;
        read_link_settings(j, where, link);
        const auto total = core::Time::checked_add(total_latency_, link.latency);
        if (!total) {
            fail(where,
                 "the latencies of all links add up to more than simulated time holds "
                 "(about 292 years), so a route's latency could not be represented");
        }
        total_latency_ = *total;
        topology_.add_link(a, b, link);
    }

    core::JsonReader reader_;
    HostProps host_defaults_;
    LinkProps link_defaults_;
    Topology topology_;
    std::unordered_map<std::uint64_t, std::size_t> seen_links_;  // host pair -> index in "links"
    core::Time total_latency_;  // of the links read so far: a bound on every route's latency
};

// Reads the hosts and links as the parser hands them over, each from a
// small document of its own, when the file gives "description" and
// "defaults" (if at all) before "nodes", and "nodes" before "links", as
// smtpsim writes them. In any other order, or on any error, the caller
// reads the file again the ordinary way, which reports what it always did.
class StreamedLoad final : public core::JsonStream {
  public:
    struct Restart {};
    StreamedLoad(JsonLoader& loader, const json& doc) : loader_(loader), doc_(doc) {}
    void root_key(std::string_view key) override {
        const bool header = key == "description" || key == "defaults";
        if ((header || key == "nodes") && stage_ != Stage::header) {
            throw Restart{};
        }
        if (key == "links" && stage_ != Stage::nodes) {
            throw Restart{};
        }
        if (key == "nodes") {
            loader_.read_header(doc_);  // whole: it came before
            stage_ = Stage::nodes;
        } else if (key == "links") {
            stage_ = Stage::links;
        }
    }
    bool streams(std::string_view key) const override { return key == "nodes" || key == "links"; }
    void element(std::string_view key, std::size_t index, json element) override {
        key == "nodes" ? loader_.node(element, index) : loader_.link(element, index);
    }

  private:
    enum class Stage { header, nodes, links } stage_ = Stage::header;
    JsonLoader& loader_;
    const json& doc_;
};

Topology read_json(std::string_view text, const std::string& source) {
    try {
        JsonLoader loader(source);
        json rest;
        StreamedLoad stream(loader, rest);
        core::parse_json(text, source, rest, stream);
        return loader.finish(rest);
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const StreamedLoad::Restart&) {
    } catch (const std::exception&) {
    }
    return parse_topology_json_whole(text, source);
}

bool has_suffix(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

Topology parse_topology_json(std::string_view text, const std::string& source) {
    return read_json(text, source);
}

Topology parse_topology_json_whole(std::string_view text, const std::string& source) {
    return JsonLoader(source).load(core::parse_json(text, source));
}

Topology load_topology(const std::string& path) {
    const std::string text = core::read_text_file(path);
    if (has_suffix(path, ".dot") || has_suffix(path, ".gv")) {
        return parse_topology_dot(text, path);
    }
    const Topology built = read_json(text, path);
    // Built among the parser's short-lived documents, its hosts are scattered
    // over many pages; a copy packs them together, which the simulation's
    // memory reads notice.
    return Topology(built);
}

}  // namespace smtpsim::net
