// Random streams: splitmix64 seeding, xoshiro256**, portable distributions.
#include "core/random.hpp"

#include <cassert>
#include <cmath>

namespace smtpsim::core {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

}  // namespace

std::uint64_t stable_hash(std::string_view text) {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001B3ULL;
    }
    return h;
}

RandomStream::RandomStream(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (std::uint64_t& s : state_) {
        s = splitmix64(x);
    }
}

RandomStream::RandomStream(std::uint64_t run_seed, std::string_view host, std::string_view purpose)
    : RandomStream([&] {
          // Mix the three parts through splitmix64 so that nearby seeds and
          // similar names still give unrelated streams.
          std::uint64_t x = run_seed;
          std::uint64_t a = splitmix64(x);
          x = a ^ stable_hash(host);
          std::uint64_t b = splitmix64(x);
          x = b ^ stable_hash(purpose);
          return splitmix64(x);
      }()) {}

std::uint64_t RandomStream::next_u64() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
}

double RandomStream::uniform() {
    return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

double RandomStream::uniform(double low, double high) {
    return low + (high - low) * uniform();
}

std::uint64_t RandomStream::uniform_int(std::uint64_t low, std::uint64_t high) {
    assert(low <= high);
    const std::uint64_t span = high - low;
    if (span == UINT64_MAX) {
        return next_u64();
    }
    const std::uint64_t n = span + 1;
    // Lemire's multiply-and-reject: unbiased.
    __uint128_t m = static_cast<__uint128_t>(next_u64()) * n;
    std::uint64_t low_bits = static_cast<std::uint64_t>(m);
    if (low_bits < n) {
        const std::uint64_t threshold = (0 - n) % n;
        while (low_bits < threshold) {
            m = static_cast<__uint128_t>(next_u64()) * n;
            low_bits = static_cast<std::uint64_t>(m);
        }
    }
    return low + static_cast<std::uint64_t>(m >> 64);
}

double RandomStream::exponential(double mean) {
    // 1 - u is in (0, 1], so the logarithm is finite.
    return -std::log(1.0 - uniform()) * mean;
}

Time RandomStream::exponential(Time mean) {
    // The same product as exponential(double), saturating: a draw is at most
    // about 37 means (u has 53 bits), which may not fit for a huge mean.
    return mean.scaled(exponential(1.0));
}

bool RandomStream::bernoulli(double p) {
    return uniform() < p;
}

std::size_t RandomStream::choice(std::size_t n) {
    assert(n > 0);
    return static_cast<std::size_t>(uniform_int(0, n - 1));
}

std::size_t RandomStream::weighted_choice(std::span<const double> weights) {
    double total = 0;
    for (double w : weights) {
        total += w;
    }
    assert(total > 0);
    double x = uniform() * total;
    std::size_t last_positive = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (weights[i] <= 0) {
            continue;
        }
        last_positive = i;
        if (x < weights[i]) {
            return i;
        }
        x -= weights[i];
    }
    return last_positive;  // rounding left x at the very top
}

}  // namespace smtpsim::core
