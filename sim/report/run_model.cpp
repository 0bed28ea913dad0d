// The string table and the host index of a run model.
#include "report/run_model.hpp"

namespace smtpsim::report {

std::uint32_t StringTable::intern(std::string_view text) {
    const auto [it, added] =
        index_.try_emplace(std::string(text), static_cast<std::uint32_t>(strings_.size()));
    if (added) {
        strings_.push_back(it->first);
    }
    return it->second;
}

std::uint32_t RunModel::host(std::string_view name) {
    const auto [it, added] =
        host_index.try_emplace(std::string(name), static_cast<std::uint32_t>(hosts.size()));
    if (added) {
        hosts.push_back(it->first);
    }
    return it->second;
}

}  // namespace smtpsim::report
