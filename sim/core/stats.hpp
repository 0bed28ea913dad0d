// Statistics helpers: named counters, and an exact summary of a sample
// (count, mean, min, max and nearest-rank percentiles).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace smtpsim::core {

// Counters by name, iterated in name order so that outputs are deterministic.
class Counters {
  public:
    void add(const std::string& name, std::uint64_t n = 1) { values_[name] += n; }
    std::uint64_t get(const std::string& name) const {
        auto it = values_.find(name);
        return it == values_.end() ? 0 : it->second;
    }
    const std::map<std::string, std::uint64_t>& all() const { return values_; }

  private:
    std::map<std::string, std::uint64_t> values_;
};

// Keeps every value, so its percentiles are exact. Values are integers
// (nanoseconds for latencies, counts for hops).
class Summary {
  public:
    void add(std::int64_t value);
    void add(Time t) { add(t.count_ns()); }

    std::size_t count() const { return values_.size(); }
    bool empty() const { return values_.empty(); }
    double mean() const;  // 0 when empty
    std::int64_t min() const;
    std::int64_t max() const;
    std::int64_t sum() const { return sum_; }
    // Nearest rank: the smallest value with at least p percent of the sample
    // at or below it (p in [0, 100]; p = 0 gives the minimum). 0 when empty.
    std::int64_t percentile(double p) const;
    // Every value, in ascending order.
    const std::vector<std::int64_t>& sorted() const {
        sort();
        return values_;
    }

  private:
    void sort() const;
    mutable std::vector<std::int64_t> values_;
    mutable bool sorted_ = true;
    std::int64_t sum_ = 0;
};

}  // namespace smtpsim::core
