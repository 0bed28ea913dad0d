// Interned texts of a run model.
#include "report/run_model.hpp"

namespace smtpsim::report {

std::uint32_t Interner::intern(std::string_view text) {
    const auto [it, added] =
        index_.try_emplace(std::string(text), static_cast<std::uint32_t>(values_.size()));
    if (added) {
        values_.push_back(it->first);
    }
    return it->second;
}

std::optional<std::uint32_t> Interner::find(std::string_view text) const {
    const auto it = index_.find(std::string(text));
    return it == index_.end() ? std::nullopt : std::optional(it->second);
}

}  // namespace smtpsim::report
