// Exact sample summaries.
#include "core/stats.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace smtpsim::core {

void Summary::add(std::int64_t value) {
    if (!values_.empty() && value < values_.back()) {
        sorted_ = false;
    }
    values_.push_back(value);
    sum_ += value;
}

void Summary::sort() const {
    if (!sorted_) {
        std::sort(values_.begin(), values_.end());
        sorted_ = true;
    }
}

double Summary::mean() const {
    return values_.empty() ? 0.0 : static_cast<double>(sum_) / static_cast<double>(values_.size());
}

std::int64_t Summary::min() const {
    if (values_.empty()) {
        return 0;
    }
    sort();
    return values_.front();
}

std::int64_t Summary::max() const {
    if (values_.empty()) {
        return 0;
    }
    sort();
    return values_.back();
}

std::int64_t Summary::percentile(double p) const {
    if (p < 0 || p > 100 || std::isnan(p)) {
        throw std::invalid_argument("percentile must be in [0, 100]");
    }
    if (values_.empty()) {
        return 0;
    }
    sort();
    const double n = static_cast<double>(values_.size());
    std::size_t rank = static_cast<std::size_t>(std::ceil(p / 100.0 * n - 1e-9));
    if (rank == 0) {
        rank = 1;
    }
    return values_[std::min(rank, values_.size()) - 1];
}

}  // namespace smtpsim::core
