// Seeded random streams, one per (run seed, host, purpose): adding a host or a
// traffic source never changes the draws of the others. No global generator.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/time.hpp"

namespace smtpsim::core {

// A stable 64-bit hash of text (FNV-1a), the same on every machine and run.
std::uint64_t stable_hash(std::string_view text);

// xoshiro256** seeded through splitmix64. The distributions are our own, so
// the draws are the same with every compiler and standard library.
class RandomStream {
  public:
    // The stream for `purpose` (e.g. "traffic", "failures") at `host`.
    RandomStream(std::uint64_t run_seed, std::string_view host, std::string_view purpose);
    explicit RandomStream(std::uint64_t seed);

    std::uint64_t next_u64();
    // Uniform in [0, 1), 53 bits.
    double uniform();
    // Uniform in [low, high).
    double uniform(double low, double high);
    // Uniform integer in [low, high], both included; unbiased.
    std::uint64_t uniform_int(std::uint64_t low, std::uint64_t high);
    // Exponentially distributed with the given mean.
    double exponential(double mean);
    // Exponentially distributed duration with the given mean, rounded to 1ns.
    Time exponential(Time mean);
    // True with probability p (p in [0, 1]).
    bool bernoulli(double p);
    // An index in [0, n), uniform; n > 0.
    std::size_t choice(std::size_t n);
    // An index drawn with the given non-negative weights (not all zero).
    std::size_t weighted_choice(std::span<const double> weights);

  private:
    std::uint64_t state_[4];
};

}  // namespace smtpsim::core
