// The simulated DNS's record store and its name index.
#include "net/dns.hpp"

#include <algorithm>

namespace smtpsim::net {

void Dns::add(DnsRecord record) {
    index_[record.name].push_back(records_.size());
    records_.push_back(std::move(record));
}

const Zone* Dns::zone_of(std::string_view name) const {
    const Zone* best = nullptr;
    for (const Zone& zone : zones_) {
        const std::string_view origin = zone.origin;
        const bool inside =
            core::iequals(name, origin) ||
            (name.size() > origin.size() && name[name.size() - origin.size() - 1] == '.' &&
             core::iequals(name.substr(name.size() - origin.size()), origin));
        if (inside && (best == nullptr || origin.size() > best->origin.size())) {
            best = &zone;
        }
    }
    return best;
}

std::vector<const DnsRecord*> Dns::find(std::string_view name) const {
    std::vector<const DnsRecord*> found;
    const auto it = index_.find(std::string(name));
    if (it != index_.end()) {
        for (const std::size_t i : it->second) {
            found.push_back(&records_[i]);
        }
    }
    return found;
}

bool Dns::has(std::string_view name) const {
    return index_.contains(std::string(name));
}

void Dns::replace(std::string_view name, std::vector<DnsRecord> records) {
    std::erase_if(records_, [&](const DnsRecord& r) { return core::iequals(r.name, name); });
    for (DnsRecord& record : records) {
        records_.push_back(std::move(record));
    }
    reindex();
}

void Dns::reindex() {
    index_.clear();
    for (std::size_t i = 0; i < records_.size(); ++i) {
        index_[records_[i].name].push_back(i);
    }
}

}  // namespace smtpsim::net
