// The next-hop table: linear probing at most half full, so a look-up reads
// one or two slots on average.
#include "net/next_hop_cache.hpp"

#include <algorithm>
#include <bit>

namespace smtpsim::net {
namespace {

constexpr std::size_t first_slots = 1024;

// A 64-bit mix (the finalizer of MurmurHash3): neighbouring hosts and
// destinations land far apart.
std::uint64_t mix(std::uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ULL;
    key ^= key >> 33;
    return key;
}

}  // namespace

NextHopCache::NextHopCache(std::size_t max_entries)
    : max_entries_(std::max<std::size_t>(max_entries, 1)),
      max_slots_(std::bit_ceil(2 * max_entries_)) {}

std::size_t NextHopCache::slot_of(std::uint32_t destination, std::uint32_t at) const {
    const std::uint64_t key = (std::uint64_t{destination} << 32) | at;
    std::size_t slot = mix(key) & (slots_.size() - 1);
    while (slots_[slot].destination != no_host &&
           (slots_[slot].destination != destination || slots_[slot].at != at)) {
        slot = (slot + 1) & (slots_.size() - 1);
    }
    return slot;
}

NextHopCache::Found NextHopCache::find(std::uint32_t destination, std::uint32_t at) const {
    if (size_ == 0) {
        return {false, no_host};
    }
    const Slot& slot = slots_[slot_of(destination, at)];
    return {slot.destination != no_host, slot.next};
}

void NextHopCache::store(std::uint32_t destination, std::uint32_t at, std::uint32_t next) {
    if (slots_.size() < max_slots_ && 2 * (size_ + 1) > slots_.size()) {
        grow();
    }
    std::size_t slot = slot_of(destination, at);
    if (slots_[slot].destination == no_host) {
        if (size_ == max_entries_) {
            clear();
            slot = slot_of(destination, at);
        }
        ++size_;
    }
    slots_[slot] = {destination, at, next};
}

void NextHopCache::clear() {
    std::fill(slots_.begin(), slots_.end(), Slot{});
    size_ = 0;
}

void NextHopCache::grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::min(max_slots_, std::max(first_slots, 2 * old.size())), Slot{});
    for (const Slot& slot : old) {
        if (slot.destination != no_host) {
            slots_[slot_of(slot.destination, slot.at)] = slot;
        }
    }
}

}  // namespace smtpsim::net
