// The topology model: SMTP hosts and the links between them in one
// Boost.Graph adjacency_list with bundled properties, and a case-insensitive
// index from host name to vertex. This is what a host policy reads.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/ascii.hpp"
#include "core/time.hpp"
#include "net/dns.hpp"
#include "smtp/transparency.hpp"

namespace smtpsim::net {

// RFC 821 3.2: a user who moved. The receiver answers RCPT and VRFY for them
// with 251 (it forwards the mail itself) or 551 (the sender must redirect).
enum class ForwardMode { will_forward, please_try };

struct Forward {
    std::string path;  // "<Jones@USC-ISI.ARPA>", checked for shape when loaded
    ForwardMode mode = ForwardMode::will_forward;
    bool operator==(const Forward&) const = default;
};

// RFC 821 3.4: a time the user is logged in at a terminal, in simulated time
// from the start of the run; `to` nothing: until the run ends.
struct Login {
    core::Time from;
    std::optional<core::Time> to;
    bool operator==(const Login&) const = default;
};

struct User {
    std::string mailbox;               // local part: "Admin.MRC"
    std::string full_name;             // "Mark Crispin" (empty when unknown)
    std::vector<std::string> aliases;  // other names VRFY finds the user by: "Crispin"
    bool terminal_active = false;      // RFC 821 3.4: logged in for the whole run
    std::vector<Login> logins;         // or logged in only at these times, in order
    std::optional<Forward> forward;
    bool operator==(const User&) const = default;

    // Logged in at time `t`, so that SEND, SOML and SAML reach the terminal.
    bool logged_in(core::Time t) const {
        if (terminal_active) {
            return true;
        }
        for (const Login& login : logins) {
            if (login.from <= t && (!login.to || t < *login.to)) {
                return true;
            }
        }
        return false;
    }
};

// One line of an EXPN reply: "Fred Fonebone <Fonebone@USC-ISIQ.ARPA>".
struct ListMember {
    std::string full_name;  // may be empty
    std::string path;       // "<Fonebone@USC-ISIQ.ARPA>"
    bool operator==(const ListMember&) const = default;
};

// The most members one list may name (loaders refuse more): an EXPN reply
// of this many lines stays about 1 MB, and with each list sending a mail on
// once, copies grow with the members named, not with the lists' nesting.
inline constexpr std::size_t max_list_members = 10'000;

struct MailingList {
    std::string name;  // "Example-People"
    std::vector<ListMember> members;
    bool expandable = true;  // false: EXPN is refused ("550 Access Denied to You.")
    // RFC 821 3.3: VRFY of a list "can" get a positive reply when mail to it
    // reaches every member, as here; false: "550 That is a mailing list, not
    // a user", the RFC's other answer.
    bool verifiable = true;
    // RFC 5321 3.10: the reverse-path of the copies sent to the members, so that
    // failures go to whoever runs the list; empty: <Postmaster@host>.
    std::string owner;
    bool operator==(const MailingList&) const = default;
};

// The longest service time and link latency a topology may give: one day.
// With it a route's latency (a sum over its links) stays far inside simulated
// time; loaders also refuse links whose latencies add up beyond it.
inline constexpr core::Time max_service_time = core::Time::d(1);
inline constexpr core::Time max_link_latency = core::Time::d(1);
inline constexpr core::Time max_poll_interval = core::Time::d(1);
// The shortest poll interval: a dial-up host polling every nanosecond would
// open sessions for ever without simulated time getting anywhere. One
// millisecond is a host's default service time for one command.
inline constexpr core::Time min_poll_interval = core::Time::ms(1);

// Defaults are those of a topology file that leaves the field out.
struct HostProps {
    std::string name;   // the host's domain, as spelled in the file: "USC-ISIE.ARPA"
    bool relay = true;  // accepts mail whose forward-path goes on to another host
    std::uint32_t max_recipients = 100;    // per transaction; RFC 821 4.5.3 asks at least 100
    std::optional<std::uint64_t> storage;  // bytes of mailbox storage; nothing: unlimited
    core::Time service_time = core::Time::ms(1);  // to process one command, at most a day
    std::uint32_t max_sessions = 4;               // served at once
    bool accepts_turn = false;  // RFC 821 3.8: TURN is optional; refused with 502 unless set
    // 503 before HELO and for MAIL inside a transaction (smtp::Receiver::strict_sequence)
    bool strict_sequence = false;
    smtp::EightBit eight_bit = smtp::EightBit::refuse;  // RFC 821 4.5.2
    // false: a dial-up host. Nobody can connect to it; its mail waits at its
    // neighbours, and it fetches it by polling them with TURN (RFC 821 3.8).
    bool accepts_connections = true;
    std::optional<core::Time> poll_interval;  // how often it polls; nothing: never
    std::vector<User> users;
    std::vector<MailingList> lists;
    // Mail domains this host takes as its own beside its name: mail to
    // user@example.edu is delivered here (the final host of example.edu).
    std::vector<std::string> domains;
    ResolverProps resolver;  // its DNS resolver (mx routing)

    // Lookups compare ASCII case-insensitively. RFC 821 lets hosts treat local
    // parts case-sensitively (except Postmaster); hosts of the time, and this
    // simulator, do not, so "VRFY smith" finds Smith.

    // The user whose mailbox is `local_part` (RCPT TO), or null.
    const User* find_mailbox(std::string_view local_part) const;
    // The users VRFY `name` may mean: mailbox or alias equal to `name`. More
    // than one is "553 User ambiguous" (RFC 821 3.3).
    std::vector<const User*> match_users(std::string_view name) const;
    // The mailing list called `name` (EXPN), or null.
    const MailingList* find_list(std::string_view name) const;

    bool operator==(const HostProps&) const = default;
};

struct LinkProps {
    core::Time latency = core::Time::ms(10);  // one way, positive, at most a day
    std::uint64_t bandwidth = 56'000;         // bits per second, positive
    bool up = true;                           // links that are down carry nothing and route nothing
    bool operator==(const LinkProps&) const = default;
};

// Out-edges in vectors, vertices in a vector: a HostId is a dense index
// 0..host_count()-1 in the order hosts were added (file order).
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, HostProps,
                                    LinkProps, boost::no_property, boost::vecS>;
using HostId = boost::graph_traits<Graph>::vertex_descriptor;
using LinkId = boost::graph_traits<Graph>::edge_descriptor;

class Topology {
  public:
    Topology() = default;
    // Boost's adjacency_list has no move constructor: a move would copy every
    // host and link. The graph is held by pointer so that a move is a move.
    Topology(const Topology& other);
    Topology(Topology&& other) noexcept;
    Topology& operator=(const Topology& other);
    Topology& operator=(Topology&& other) noexcept;
    ~Topology() = default;

    // Adds a host; when a host of that name (ignoring case) exists already,
    // adds nothing and returns the existing one with false.
    std::pair<HostId, bool> add_host(HostProps props);
    // Adds a link between two different hosts. The caller checks for
    // duplicates (loaders keep a set of the pairs they have seen).
    LinkId add_link(HostId a, HostId b, LinkProps props);

    std::optional<HostId> find_host(std::string_view name) const;  // case-insensitive
    // The host that lists `domain` among its "domains", case-insensitive.
    std::optional<HostId> domain_host(std::string_view domain) const;

    const Graph& graph() const { return *graph_; }
    // For changing hosts' and links' state (a link going down, a user logging
    // in); renaming a host through it would leave the name index behind.
    Graph& graph() { return *graph_; }
    std::size_t host_count() const { return boost::num_vertices(*graph_); }
    std::size_t link_count() const { return boost::num_edges(*graph_); }
    const HostProps& host(HostId id) const { return (*graph_)[id]; }
    const std::string& name(HostId id) const { return (*graph_)[id].name; }
    const LinkProps& link(LinkId id) const { return (*graph_)[id]; }

    std::string description;  // one line saying what the topology is for
    Dns dns;                  // the simulated DNS (empty: none)

  private:
    std::unique_ptr<Graph> graph_ = std::make_unique<Graph>();                    // never null
    std::unordered_map<std::string, HostId, core::IHash, core::IEqual> index_;    // name -> host
    std::unordered_map<std::string, HostId, core::IHash, core::IEqual> domains_;  // domain -> host
};

// The same hosts (by name, with equal properties) and the same links (by the
// names of their ends, with equal properties), whatever the order in the file.
bool equivalent(const Topology& a, const Topology& b);

}  // namespace smtpsim::net
