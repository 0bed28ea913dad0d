// Topology generators for teaching and for comparing routing: regular shapes
// and random graphs (Boost.Graph's erdos_renyi, small_world and plod
// generators), reproducible from a seed.
//
// Hosts are named "host0.sim", "host1.sim", ... in the order the generator
// numbers them; every host has the users "user0" .. "user<K-1>".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "net/topology.hpp"

namespace smtpsim::net {

enum class GeneratorKind { line, ring, star, tree, grid, mesh, random, small_world, scale_free };

std::string_view to_string(GeneratorKind kind);
std::optional<GeneratorKind> parse_generator_kind(std::string_view text);
// "line, ring, star, tree, grid, mesh, random, small-world, scale-free"
std::string generator_kind_names();
// The same names, one by one.
std::vector<std::string> generator_kinds();

// What generate() accepts.
inline constexpr std::size_t max_generated_hosts = 10'000'000;
inline constexpr std::size_t max_generated_users = 1'000;  // per host
// The memory a generated topology may need, estimated before it is built
// (hosts, users, links, and the bookkeeping of drawing them): 4 GiB.
inline constexpr std::uint64_t max_generated_bytes = std::uint64_t{4} << 30;

// A value drawn uniformly from [low, high] per link; low == high for a fixed one.
// Draws step by the largest power of ten dividing both ends, at most 0.1ms
// for latencies and 1kbit/s for rates.
template <class T>
struct Range {
    T low;
    T high;
};

struct GeneratorOptions {
    GeneratorKind kind = GeneratorKind::line;
    std::size_t hosts = 8;
    std::uint64_t seed = 1;
    // random: mean degree (the link probability is degree/(hosts-1)) unless
    // `probability` is given; small-world: each host's ring neighbours (even);
    // scale-free: the mean degree aimed at.
    std::optional<double> degree;
    // random: link probability; small-world: rewiring probability (default 0.1).
    std::optional<double> probability;
    std::optional<std::size_t> arity;  // tree: children per host (default 2)
    std::optional<std::size_t> width;  // grid: hosts per row (default: the square root, rounded up)
    // scale-free: PLOD's alpha (default 0.5): host x of n gets a degree
    // about beta * x^-alpha, a power law of exponent 1 + 1/alpha.
    std::optional<double> alpha;
    Range<core::Time> latency{core::Time::ms(10), core::Time::ms(10)};
    Range<std::uint64_t> bandwidth{56'000, 56'000};  // bits per second
    std::size_t users = 1;                           // per host
    std::string description;  // the topology's description; empty: one saying how it was made
};

// The links a generator is expected to draw (before any joining links), and
// the bytes of memory the topology and its drawing are expected to take.
struct GeneratorEstimate {
    double links = 0;
    double bytes = 0;
};
GeneratorEstimate estimate(const GeneratorOptions& options);

// Throws core::InputError (source "command line") when the options do not
// make a topology of that kind (too few hosts, a degree out of range...), or
// when estimate() says it would need more than max_generated_bytes.
// Random kinds end connected: each component without host0 is joined by one
// link from its lowest-numbered host to a host drawn from those already joined.
Topology generate(const GeneratorOptions& options);

}  // namespace smtpsim::net
