// Generators: regular shapes written out directly, random graphs from
// Boost.Graph's generators, then links joining any components left apart.
#include "net/generators.hpp"

#include <fmt/core.h>
#include <array>
#include <boost/graph/erdos_renyi_generator.hpp>
#include <boost/graph/plod_generator.hpp>
#include <boost/graph/small_world_generator.hpp>
#include <cmath>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/input_error.hpp"
#include "core/random.hpp"
#include "net/analysis.hpp"

namespace smtpsim::net {
namespace {

// Our seeded stream as a Boost.Random engine, so that Boost's generators draw
// the same graph from the same seed on every machine.
class BoostEngine {
  public:
    using result_type = std::uint32_t;
    BoostEngine(std::uint64_t seed, std::string_view purpose)
        : stream_(seed, "generate", purpose) {}
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return UINT32_MAX; }
    result_type operator()() { return static_cast<result_type>(stream_.next_u64() >> 32); }

  private:
    core::RandomStream stream_;
};

constexpr std::array<std::pair<GeneratorKind, std::string_view>, 9> kind_names{{
    {GeneratorKind::line, "line"},
    {GeneratorKind::ring, "ring"},
    {GeneratorKind::star, "star"},
    {GeneratorKind::tree, "tree"},
    {GeneratorKind::grid, "grid"},
    {GeneratorKind::mesh, "mesh"},
    {GeneratorKind::random, "random"},
    {GeneratorKind::small_world, "small-world"},
    {GeneratorKind::scale_free, "scale-free"},
}};

constexpr std::size_t max_mesh_hosts = 2'000;

// Bytes per host, per user of a host and per link, from the peak resident
// memory of `topology generate` on 64-bit Linux (line of 10^6 hosts with 1
// and 10 users, random of 10^5 hosts and 2*10^6 links, mesh of 2,000), with
// about 10% to spare: a host's vertex, name and index entry; a user; a
// link's edge, its two adjacency entries and its place in the drawn set.
constexpr double bytes_per_host = 300;
constexpr double bytes_per_user = 160;
constexpr double bytes_per_link = 200;

[[noreturn]] void fail(std::string_view option, std::string problem) {
    throw core::InputError("command line", std::string(option), std::move(problem));
}

// Links as host-number pairs, without self-loops or repeats, in the order drawn.
class LinkSet {
  public:
    void add(std::size_t a, std::size_t b) {
        if (a == b) {
            return;
        }
        const std::uint64_t key =
            (static_cast<std::uint64_t>(std::min(a, b)) << 32) | std::max(a, b);
        if (seen_.insert(key).second) {
            links_.emplace_back(a, b);
        }
    }
    template <class Iterator>
    void add_all(Iterator first, Iterator last) {
        for (; first != last; ++first) {
            add(first->first, first->second);
        }
    }
    const std::vector<std::pair<std::size_t, std::size_t>>& links() const { return links_; }

  private:
    std::unordered_set<std::uint64_t> seen_;
    std::vector<std::pair<std::size_t, std::size_t>> links_;
};

// PLOD's beta for which the degrees it assigns have mean `degree`:
// host x of n gets clamp(beta * x^-alpha, 1, n-1) (Boost's undirected_plod_iterator).
double plod_beta(std::size_t n, double alpha, double degree) {
    const auto mean_degree = [&](double beta) {
        double total = 1;  // host 0 gets degree 1
        for (std::size_t x = 1; x < n; ++x) {
            const double d = std::floor(beta * std::pow(static_cast<double>(x), -alpha));
            total += std::clamp(d, 1.0, static_cast<double>(n - 1));
        }
        return total / static_cast<double>(n);
    };
    double low = 0;
    double high = static_cast<double>(n) * std::pow(static_cast<double>(n), alpha);
    for (int i = 0; i < 60; ++i) {
        const double mid = (low + high) / 2;
        (mean_degree(mid) < degree ? low : high) = mid;
    }
    return high;
}

void check_applies(bool given, bool applies, std::string_view option, std::string_view kinds) {
    if (given && !applies) {
        fail(option, std::string(option) + " applies only to " + std::string(kinds));
    }
}

// Refuses the options that shape one kind of topology when given for another,
// and a degree or probability out of range.
void check_shape_options(const GeneratorOptions& o) {
    const std::size_t n = o.hosts;
    const GeneratorKind kind = o.kind;
    check_applies(o.degree.has_value(),
                  kind == GeneratorKind::random || kind == GeneratorKind::small_world ||
                      kind == GeneratorKind::scale_free,
                  "--degree", "random, small-world and scale-free");
    check_applies(o.probability.has_value(),
                  kind == GeneratorKind::random || kind == GeneratorKind::small_world,
                  "--probability", "random and small-world");
    check_applies(o.arity.has_value(), kind == GeneratorKind::tree, "--arity", "tree");
    check_applies(o.width.has_value(), kind == GeneratorKind::grid, "--width", "grid");
    check_applies(o.alpha.has_value(), kind == GeneratorKind::scale_free, "--alpha", "scale-free");
    if (o.probability && !(*o.probability >= 0 && *o.probability <= 1)) {
        fail("--probability", "expected a probability between 0 and 1");
    }
    if (o.degree && !(*o.degree >= 0 && *o.degree <= static_cast<double>(n - 1))) {
        fail("--degree", fmt::format("expected a degree between 0 and {} (hosts - 1)", n - 1));
    }
}

void add_ring(LinkSet& set, std::size_t n) {
    if (n < 3) {
        fail("--hosts", "a ring needs at least 3 hosts");
    }
    for (std::size_t i = 0; i < n; ++i) {
        set.add(i, (i + 1) % n);
    }
}

void add_tree(LinkSet& set, const GeneratorOptions& o) {
    const std::size_t arity = o.arity.value_or(2);
    if (arity < 1) {
        fail("--arity", "expected at least 1 child per host");
    }
    for (std::size_t i = 1; i < o.hosts; ++i) {
        set.add((i - 1) / arity, i);
    }
}

void add_grid(LinkSet& set, const GeneratorOptions& o) {
    const std::size_t n = o.hosts;
    const std::size_t width =
        o.width.value_or(static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(n)))));
    if (width < 1) {
        fail("--width", "expected at least 1 host per row");
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (i % width != width - 1 && i + 1 < n) {
            set.add(i, i + 1);
        }
        if (i + width < n) {
            set.add(i, i + width);
        }
    }
}

void add_mesh(LinkSet& set, std::size_t n) {
    if (n > max_mesh_hosts) {
        fail("--hosts", fmt::format("a full mesh of more than {} hosts is too large "
                                    "(n(n-1)/2 links)",
                                    max_mesh_hosts));
    }
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
            set.add(i, j);
        }
    }
}

// The random kinds draw from the seed's "graph" stream through Boost.Graph's generators.
void add_random(LinkSet& set, const GeneratorOptions& o) {
    const std::size_t n = o.hosts;
    if (o.degree && o.probability) {
        fail("--probability", "give --degree or --probability for a random topology, not both");
    }
    const double p = n < 2           ? 0
                     : o.probability ? *o.probability
                                     : o.degree.value_or(4.0) / static_cast<double>(n - 1);
    if (p > 0 && n >= 2) {
        BoostEngine engine(o.seed, "graph");
        using Iterator = boost::sorted_erdos_renyi_iterator<BoostEngine, Graph>;
        set.add_all(Iterator(engine, n, std::min(p, 1.0)), Iterator());
    }
}

void add_small_world(LinkSet& set, const GeneratorOptions& o) {
    const std::size_t n = o.hosts;
    const double k = o.degree.value_or(4);
    if (k < 2 || std::fmod(k, 2) != 0 || k >= static_cast<double>(n)) {
        fail("--degree", fmt::format("a small world needs an even degree of at least 2 and "
                                     "below the number of hosts ({})",
                                     n));
    }
    BoostEngine engine(o.seed, "graph");
    using Iterator = boost::small_world_iterator<BoostEngine, Graph>;
    set.add_all(Iterator(engine, n, static_cast<std::size_t>(k), o.probability.value_or(0.1)),
                Iterator());
}

void add_scale_free(LinkSet& set, const GeneratorOptions& o) {
    const std::size_t n = o.hosts;
    const double alpha = o.alpha.value_or(0.5);
    if (!(alpha > 0 && alpha < 10)) {
        fail("--alpha", "expected an exponent above 0 and below 10");
    }
    const double degree = o.degree.value_or(4);
    if (n >= 2 && degree >= 1) {
        BoostEngine engine(o.seed, "graph");
        using Iterator = boost::undirected_plod_iterator<BoostEngine>;
        set.add_all(Iterator(engine, n, alpha, plod_beta(n, alpha, degree)), Iterator());
    }
}

LinkSet structure(const GeneratorOptions& o) {
    check_shape_options(o);
    const std::size_t n = o.hosts;
    LinkSet set;
    switch (o.kind) {
        case GeneratorKind::line:
            for (std::size_t i = 1; i < n; ++i) {
                set.add(i - 1, i);
            }
            break;
        case GeneratorKind::ring:
            add_ring(set, n);
            break;
        case GeneratorKind::star:
            for (std::size_t i = 1; i < n; ++i) {
                set.add(0, i);
            }
            break;
        case GeneratorKind::tree:
            add_tree(set, o);
            break;
        case GeneratorKind::grid:
            add_grid(set, o);
            break;
        case GeneratorKind::mesh:
            add_mesh(set, n);
            break;
        case GeneratorKind::random:
            add_random(set, o);
            break;
        case GeneratorKind::small_world:
            add_small_world(set, o);
            break;
        case GeneratorKind::scale_free:
            add_scale_free(set, o);
            break;
    }
    return set;
}

// Uniform in [low, high], in steps of the largest power of ten (up to `coarsest`)
// that divides both ends, so that drawn values read well ("23.4ms", "812kbit/s").
std::uint64_t draw_stepped(core::RandomStream& stream, std::uint64_t low, std::uint64_t high,
                           std::uint64_t coarsest) {
    std::uint64_t step = 1;
    while (step < coarsest && low % (step * 10) == 0 && high % (step * 10) == 0) {
        step *= 10;
    }
    return stream.uniform_int(low / step, high / step) * step;
}

core::Time draw(core::RandomStream& stream, const Range<core::Time>& range) {
    return core::Time::ns(static_cast<std::int64_t>(
        draw_stepped(stream, static_cast<std::uint64_t>(range.low.count_ns()),
                     static_cast<std::uint64_t>(range.high.count_ns()), 100'000)));
}

std::uint64_t draw(core::RandomStream& stream, const Range<std::uint64_t>& range) {
    return draw_stepped(stream, range.low, range.high, 1'000);
}

}  // namespace

std::string_view to_string(GeneratorKind kind) {
    for (const auto& [k, name] : kind_names) {
        if (k == kind) {
            return name;
        }
    }
    return "line";
}

std::optional<GeneratorKind> parse_generator_kind(std::string_view text) {
    for (const auto& [kind, name] : kind_names) {
        if (name == text) {
            return kind;
        }
    }
    return std::nullopt;
}

std::vector<std::string> generator_kinds() {
    std::vector<std::string> names;
    for (const auto& [kind, name] : kind_names) {
        names.emplace_back(name);
    }
    return names;
}

GeneratorEstimate estimate(const GeneratorOptions& o) {
    const double n = static_cast<double>(o.hosts);
    const double pairs = n * (n - 1) / 2;
    double links = 0;
    switch (o.kind) {
        case GeneratorKind::line:
        case GeneratorKind::star:
        case GeneratorKind::tree:
        case GeneratorKind::ring:
            links = n;
            break;
        case GeneratorKind::grid:
            links = 2 * n;
            break;
        case GeneratorKind::mesh:
            links = pairs;
            break;
        case GeneratorKind::random:
            links = n < 2 ? 0
                          : std::min(pairs, o.probability ? *o.probability * pairs
                                                          : o.degree.value_or(4.0) * n / 2);
            break;
        case GeneratorKind::small_world:
        case GeneratorKind::scale_free:
            links = std::min(pairs, o.degree.value_or(4.0) * n / 2);
            break;
    }
    if (!(links >= 0)) {
        links = 0;  // a degree or probability out of range: generate() says so
    }
    const double users = static_cast<double>(o.users);
    return {links, n * (bytes_per_host + users * bytes_per_user) + links * bytes_per_link};
}

std::string generator_kind_names() {
    std::string names;
    for (const auto& [kind, name] : kind_names) {
        names += (names.empty() ? "" : ", ") + std::string(name);
    }
    return names;
}

namespace {

// Refuses options out of range, and options whose topology would not fit in
// max_generated_bytes, before anything is allocated.
void check_options(const GeneratorOptions& o) {
    if (o.hosts < 1 || o.hosts > max_generated_hosts) {
        fail("--hosts", fmt::format("expected between 1 and {} hosts", max_generated_hosts));
    }
    if (o.users > max_generated_users) {
        fail("--users", fmt::format("expected at most {} users per host", max_generated_users));
    }
    if (o.latency.low <= core::Time::zero() || o.latency.high < o.latency.low ||
        o.latency.high > max_link_latency) {
        fail("--latency",
             "expected a positive latency of at most 1d, or a range LOW..HIGH with 0 < LOW <= "
             "HIGH <= 1d");
    }
    if (o.bandwidth.low == 0 || o.bandwidth.high < o.bandwidth.low) {
        fail("--bandwidth", "expected a positive rate, or a range LOW..HIGH with 0 < LOW <= HIGH");
    }
    const GeneratorEstimate e = estimate(o);
    if (e.bytes > static_cast<double>(max_generated_bytes)) {
        fail("--hosts",
             fmt::format("a {} topology of {} hosts ({} user{} each) would have about {:.0f} "
                         "links and need about {:.1f} GiB of memory; the limit is {} GiB",
                         to_string(o.kind), o.hosts, o.users, o.users == 1 ? "" : "s", e.links,
                         e.bytes / static_cast<double>(1 << 30), max_generated_bytes >> 30));
    }
}

}  // namespace

Topology generate(const GeneratorOptions& o) {
    check_options(o);
    const LinkSet links = structure(o);

    Topology topology;
    topology.description = o.description.empty() ? fmt::format("{} of {} hosts, seed {}",
                                                               to_string(o.kind), o.hosts, o.seed)
                                                 : o.description;
    std::vector<User> users(o.users);
    for (std::size_t u = 0; u < o.users; ++u) {
        users[u].mailbox = fmt::format("user{}", u);
    }
    for (std::size_t i = 0; i < o.hosts; ++i) {
        HostProps host;
        host.name = fmt::format("host{}.sim", i);
        host.users = users;
        topology.add_host(std::move(host));
    }
    core::RandomStream latency_stream(o.seed, "generate", "latency");
    core::RandomStream bandwidth_stream(o.seed, "generate", "bandwidth");
    const auto add_link = [&](std::size_t a, std::size_t b) {
        topology.add_link(
            a, b,
            LinkProps{draw(latency_stream, o.latency), draw(bandwidth_stream, o.bandwidth), true});
    };
    for (const auto& [a, b] : links.links()) {
        add_link(a, b);
    }

    // Random kinds may leave hosts apart; join them so that every host can mail every other.
    const Components components = connected_components(topology);
    if (components.count() > 1) {
        core::RandomStream join_stream(o.seed, "generate", "join");
        std::vector<std::vector<HostId>> members(components.count());
        for (HostId v = 0; v < topology.host_count(); ++v) {
            members[components.of_host[v]].push_back(v);
        }
        std::vector<HostId> joined = members[components.of_host[0]];
        for (HostId v = 0; v < topology.host_count(); ++v) {
            const auto& component = members[components.of_host[v]];
            if (component.front() != v || components.of_host[v] == components.of_host[0]) {
                continue;  // visit each other component once, at its lowest-numbered host
            }
            add_link(v, joined[join_stream.choice(joined.size())]);
            joined.insert(joined.end(), component.begin(), component.end());
        }
    }
    return topology;
}

}  // namespace smtpsim::net
