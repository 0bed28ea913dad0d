// Graphviz DOT reading (through the JSON loader's validation) and writing.
#include "net/graphviz.hpp"

#include <algorithm>
#include <array>
#include <boost/graph/graphviz.hpp>
#include <boost/make_shared.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "core/input_error.hpp"
#include "core/plural.hpp"
#include "net/dot_syntax.hpp"
#include "net/topology_io.hpp"
#include "net/units.hpp"

namespace smtpsim::net {
namespace {

// The graph read_graphviz fills: every attribute kept as text, so that the
// JSON loader's checks (types, units, typos) apply to DOT files unchanged.
struct DotNode {
    std::string id;
    std::map<std::string, std::string> attributes;
};
struct DotEdge {
    std::map<std::string, std::string> attributes;
};
using DotGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, DotNode,
                                       DotEdge, boost::no_property, boost::vecS>;
using DotVertex = boost::graph_traits<DotGraph>::vertex_descriptor;
using DotEdgeId = boost::graph_traits<DotGraph>::edge_descriptor;
using GraphAttributes = std::map<std::string, std::string>;

// A read-write property map for one attribute name of the nodes, edges or graph.
template <class Key>
struct AttributeMap {
    using key_type = Key;
    using value_type = std::string;
    using reference = std::string;
    using category = boost::read_write_property_map_tag;
    DotGraph* graph;
    GraphAttributes* graph_attributes;
    std::string name;

    std::map<std::string, std::string>& attributes(const Key& key) const {
        if constexpr (std::is_same_v<Key, DotGraph*>) {
            return *graph_attributes;
        } else {
            return (*graph)[key].attributes;
        }
    }
};

template <class Key>
std::string get(const AttributeMap<Key>& map, const Key& key) {
    const auto& attributes = map.attributes(key);
    const auto it = attributes.find(map.name);
    return it == attributes.end() ? std::string() : it->second;
}

template <class Key>
void put(const AttributeMap<Key>& map, const Key& key, const std::string& value) {
    map.attributes(key)[map.name] = value;
}

template <class Key>
boost::shared_ptr<boost::dynamic_property_map> attribute_map(DotGraph& g, GraphAttributes& ga,
                                                             const std::string& name) {
    return boost::make_shared<boost::detail::dynamic_property_map_adaptor<AttributeMap<Key>>>(
        AttributeMap<Key>{&g, &ga, name});
}

// Graphviz attributes that only change the drawing; ignored when reading.
constexpr std::array<std::string_view, 22> drawing_attributes{
    "label",   "xlabel",   "shape",   "color",   "fillcolor", "fontcolor", "fontname", "fontsize",
    "style",   "penwidth", "pos",     "tooltip", "width",     "height",    "rankdir",  "layout",
    "splines", "overlap",  "bgcolor", "size",    "ratio",     "nodesep"};

bool is_drawing(std::string_view name) {
    return std::find(drawing_attributes.begin(), drawing_attributes.end(), name) !=
           drawing_attributes.end();
}

// Text for inside "...": a quote as \" and a backslash as \\, which
// dot_unescape turns back. Boost's reader turns \" into " and drops a
// backslash before a newline (a line continuation) but keeps \\ as it is;
// so a newline after a backslash gets a continuation of its own first,
// which Boost drops, leaving the doubled backslash whole.
std::string dot_escape(std::string_view text) {
    std::string escaped;
    char previous = '\0';
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            escaped += '\\';
        } else if (c == '\n' && previous == '\\') {
            escaped += "\\\n";
        }
        escaped += c;
        previous = c;
    }
    return escaped;
}

// A value as Boost's reader gives it, with \\ read as one backslash (the
// Graphviz meaning); any other backslash stays as written.
std::string dot_unescape(const std::string& text) {
    std::string value;
    for (std::size_t i = 0; i < text.size(); ++i) {
        value += text[i];
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '\\') {
            ++i;
        }
    }
    return value;
}

// DOT values are text: give the JSON loader the types it expects where the
// text plainly is one, and leave the rest as strings for it to reject.
nlohmann::json typed(const std::string& name, const std::string& text) {
    if (text == "true" || text == "false") {
        return text == "true";
    }
    const bool digits =
        !text.empty() && text.size() < 19 &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) {
        return std::stoll(text);
    }
    if (name == "users") {
        nlohmann::json users = nlohmann::json::array();
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t comma = text.find(',', start);
            if (comma == std::string::npos) {
                comma = text.size();
            }
            std::string mailbox = text.substr(start, comma - start);
            mailbox.erase(0, mailbox.find_first_not_of(' '));
            mailbox.erase(mailbox.find_last_not_of(' ') + 1);
            users.push_back({{"mailbox", mailbox}});
            start = comma + 1;
        }
        return users;
    }
    return text;
}

// `reserved`: the fields DOT writes in another way (a node's name is its ID,
// a link's ends are the edge's), which an attribute may not set.
void add_attributes(nlohmann::json& object, const std::map<std::string, std::string>& attributes,
                    std::initializer_list<std::string_view> reserved, const std::string& source,
                    const std::string& where) {
    for (const auto& [name, value] : attributes) {
        if (std::find(reserved.begin(), reserved.end(), name) != reserved.end()) {
            throw core::InputError(source, where + " attribute " + name,
                                   "not an attribute: in DOT it is written as the " +
                                       std::string(name == "name" ? "node ID" : "edge's ends"));
        }
        if (!is_drawing(name)) {
            object[name] = typed(name, dot_unescape(value));
        }
    }
}

// "/nodes/3/relay" -> "node \"USC-ISIE.ARPA\" attribute relay", and so on.
std::string dot_location(const std::string& pointer, const DotGraph& g) {
    std::vector<std::string> parts;
    std::istringstream tokens(pointer.empty() ? std::string() : pointer.substr(1));
    for (std::string token; std::getline(tokens, token, '/');) {
        parts.push_back(token);
    }
    if (parts.size() < 2 || (parts[0] != "nodes" && parts[0] != "links")) {
        return parts.empty() ? "graph" : "graph attribute " + parts[0];
    }
    const std::size_t index = std::stoul(parts[1]);
    std::string where;
    if (parts[0] == "nodes") {
        where = "node \"" + g[index].id + "\"";
    } else {
        const DotEdgeId e = *std::next(boost::edges(g).first, static_cast<std::ptrdiff_t>(index));
        where =
            "edge \"" + g[boost::source(e, g)].id + "\" -- \"" + g[boost::target(e, g)].id + "\"";
    }
    return parts.size() > 2 ? where + " attribute " + parts[2] : where;
}

struct HostWriter {
    const Topology* topology;
    const DotUsage* usage = nullptr;
    void operator()(std::ostream& out, HostId v) const {
        static const HostProps defaults;
        const HostProps& host = topology->host(v);
        std::string summary = core::count_of(host.users.size(), "user");
        if (!host.lists.empty()) {
            summary += ", " + core::count_of(host.lists.size(), "list");
        }
        if (!host.relay) {
            summary += ", no relay";
        }
        out << "[label=\"" << dot_escape(host.name) << "\\n" << summary << "\"";
        if (host.relay != defaults.relay) {
            out << ", relay=" << (host.relay ? "true" : "false");
        }
        if (host.max_recipients != defaults.max_recipients) {
            out << ", max_recipients=" << host.max_recipients;
        }
        if (host.storage) {
            out << ", storage=\"" << format_size(*host.storage) << "\"";
        }
        if (host.service_time != defaults.service_time) {
            out << ", service_time=\"" << core::format_duration(host.service_time) << "\"";
        }
        if (host.max_sessions != defaults.max_sessions) {
            out << ", max_sessions=" << host.max_sessions;
        }
        if (host.accepts_turn != defaults.accepts_turn) {
            out << ", accepts_turn=" << (host.accepts_turn ? "true" : "false");
        }
        if (host.strict_sequence != defaults.strict_sequence) {
            out << ", strict_sequence=" << (host.strict_sequence ? "true" : "false");
        }
        if (host.eight_bit != defaults.eight_bit) {
            out << ", eight_bit=" << smtp::eight_bit_names(host.eight_bit);
        }
        if (host.accepts_connections != defaults.accepts_connections) {
            out << ", accepts_connections=" << (host.accepts_connections ? "true" : "false");
        }
        if (host.poll_interval) {
            out << ", poll_interval=\"" << core::format_duration(*host.poll_interval) << "\"";
        }
        if (!host.users.empty()) {
            out << ", users=\"";
            for (std::size_t i = 0; i < host.users.size(); ++i) {
                out << (i == 0 ? "" : ",") << dot_escape(host.users[i].mailbox);
            }
            out << "\"";
        }
        if (usage != nullptr && v < usage->hosts.size() && usage->hosts[v] > 0) {
            out << ", xlabel=\"" << core::count_of(usage->hosts[v], "session")
                << "\", style=bold, penwidth=3, "
                << "color=\"#1f77b4\"";
        }
        out << "]";
    }
};

struct LinkWriter {
    const Topology* topology;
    const DotUsage* usage = nullptr;
    void operator()(std::ostream& out, LinkId e) const {
        const LinkProps& link = topology->link(e);
        const std::string latency = core::format_duration(link.latency);
        const std::string bandwidth = format_rate(link.bandwidth);
        out << "[label=\"" << latency << "\\n"
            << bandwidth << (link.up ? "" : "\\ndown") << "\", latency=\"" << latency
            << "\", bandwidth=\"" << bandwidth << "\"";
        if (!link.up) {
            out << ", up=false";
        }
        if (usage != nullptr) {
            const Graph& g = topology->graph();
            const HostId a = std::min(boost::source(e, g), boost::target(e, g));
            const HostId b = std::max(boost::source(e, g), boost::target(e, g));
            if (auto it = usage->links.find({a, b}); it != usage->links.end() && it->second > 0) {
                out << ", xlabel=\"" << core::count_of(it->second, "session") << "\", penwidth=3, "
                    << "color=\"#1f77b4\"";
            }
        }
        out << "]";
    }
};

struct TopologyWriter {
    const Topology* topology;
    void operator()(std::ostream& out) const {
        const Graph& g = topology->graph();
        for (const HostId v : boost::make_iterator_range(boost::vertices(g))) {
            const HostProps& host = g[v];
            const bool richer =
                !host.lists.empty() ||
                std::any_of(host.users.begin(), host.users.end(), [](const User& u) {
                    return !(u == User{u.mailbox, {}, {}, false, {}, {}});
                });
            if (richer) {
                out << "// Users' full names, aliases, terminals and forwards, and mailing lists,\n"
                       "// are kept only in the JSON form of this topology.\n";
                break;
            }
        }
        if (!topology->description.empty()) {
            out << "description=\"" << dot_escape(topology->description) << "\";\n";
        }
        out << "node [shape=box];\n";
    }
};

}  // namespace

Topology parse_topology_dot(std::string_view text, const std::string& source) {
    DotGraph g;
    GraphAttributes graph_attributes;
    boost::dynamic_properties dp(
        [&](const std::string& name, const boost::any& key,
            const boost::any&) -> boost::shared_ptr<boost::dynamic_property_map> {
            if (key.type() == typeid(DotVertex)) {
                return attribute_map<DotVertex>(g, graph_attributes, name);
            }
            if (key.type() == typeid(DotEdgeId)) {
                return attribute_map<DotEdgeId>(g, graph_attributes, name);
            }
            return attribute_map<DotGraph*>(g, graph_attributes, name);
        });
    dp.property("node_id", boost::get(&DotNode::id, g));
    // Located errors, and no input that Boost's recursive parser cannot take.
    check_dot_syntax(text, source);
    try {
        const std::string input(text);
        if (!boost::read_graphviz(input, g, dp, "node_id")) {
            throw core::InputError(source, "", "not a DOT graph");
        }
    } catch (const boost::graph_exception& e) {
        throw core::InputError(source, "", std::string("DOT syntax error: ") + e.what());
    } catch (const std::runtime_error& e) {  // boost::regex gives up on some inputs
        throw core::InputError(source, "", std::string("DOT text not read: ") + e.what());
    }

    nlohmann::json doc;
    doc["nodes"] = nlohmann::json::array();
    doc["links"] = nlohmann::json::array();
    for (const auto& [name, value] : graph_attributes) {
        if (name == "description") {
            doc[name] = dot_unescape(value);
        } else if (!is_drawing(name)) {
            throw core::InputError(source, "graph attribute " + name,
                                   "unknown graph attribute; expected description (or one that "
                                   "only changes the drawing, such as label)");
        }
    }
    for (const DotVertex v : boost::make_iterator_range(boost::vertices(g))) {
        nlohmann::json node{{"name", dot_unescape(g[v].id)}};
        add_attributes(node, g[v].attributes, {"name"}, source, "node \"" + g[v].id + "\"");
        doc["nodes"].push_back(std::move(node));
    }
    for (const DotEdgeId e : boost::make_iterator_range(boost::edges(g))) {
        const std::string& a = g[boost::source(e, g)].id;
        const std::string& b = g[boost::target(e, g)].id;
        nlohmann::json link{{"a", dot_unescape(a)}, {"b", dot_unescape(b)}};
        add_attributes(link, g[e].attributes, {"a", "b"}, source,
                       "edge \"" + a + "\" -- \"" + b + "\"");
        doc["links"].push_back(std::move(link));
    }
    try {
        return parse_topology_json(doc.dump(), source);
    } catch (const core::InputError& e) {
        throw core::InputError(source, dot_location(e.location(), g), e.problem());
    }
}

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), is_digit);
}

// What boost::escape_dot_string leaves unquoted: an ID ([A-Za-z_][A-Za-z_0-9]*)
// or a numeral as Boost's expression has it (-?(.[0-9]*|[0-9]+(.[0-9]*)?)).
bool plain_dot_id(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    if (is_alpha(s[0]) || s[0] == '_') {
        return std::all_of(s.begin() + 1, s.end(),
                           [](char c) { return is_alpha(c) || is_digit(c) || c == '_'; });
    }
    const std::string_view number = s[0] == '-' ? s.substr(1) : s;
    if (number.empty()) {
        return false;
    }
    if (number[0] == '.') {
        return all_digits(number.substr(1));
    }
    const std::size_t point = number.find('.');
    const std::string_view whole = number.substr(0, point);
    return !whole.empty() && all_digits(whole) &&
           (point == std::string_view::npos || all_digits(number.substr(point + 1)));
}

}  // namespace

std::string dot_id(std::string_view name) {
    if (plain_dot_id(name)) {
        return std::string(name);
    }
    std::string quoted = "\"";
    for (const char c : name) {
        quoted += c == '"' ? std::string_view("\\\"") : std::string_view(&c, 1);
    }
    return quoted + "\"";
}

// As boost::write_graphviz writes it, byte for byte, with the hosts' names as
// node ids, but without its regular expression per name (a third of the
// time of a run's outputs on 100,000 hosts) and without a flush per line.
void write_topology_dot(std::ostream& out, const Topology& topology, const DotUsage* usage) {
    const Graph& g = topology.graph();
    const HostWriter hosts{&topology, usage};
    const LinkWriter links{&topology, usage};
    out << "graph G {\n";
    TopologyWriter{&topology}(out);
    std::vector<std::string> ids;
    ids.reserve(topology.host_count());
    for (HostId v = 0; v < topology.host_count(); ++v) {
        ids.push_back(dot_id(g[v].name));
        out << ids.back();
        hosts(out, v);
        out << ";\n";
    }
    for (const auto e : boost::make_iterator_range(boost::edges(g))) {
        out << ids[boost::source(e, g)] << "--" << ids[boost::target(e, g)] << " ";
        links(out, e);
        out << ";\n";
    }
    out << "}\n";
    out.flush();
}

}  // namespace smtpsim::net
