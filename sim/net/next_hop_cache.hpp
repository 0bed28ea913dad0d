// A bounded table of next hops, keyed by (destination, host): open
// addressing with linear probing, grown by doubling up to a fixed number of
// entries, and emptied when that many are held.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace smtpsim::net {

class NextHopCache {
  public:
    static constexpr std::uint32_t no_host = UINT32_MAX;  // "no next hop": unreachable

    // At most `max_entries` (at least 1) entries are held at once.
    explicit NextHopCache(std::size_t max_entries);

    // The entry for (destination, at): a host, no_host, or nothing when none is stored.
    struct Found {
        bool stored;
        std::uint32_t next;
    };
    Found find(std::uint32_t destination, std::uint32_t at) const;

    // Stores (or replaces) an entry; when the table holds its maximum, it is
    // emptied first.
    void store(std::uint32_t destination, std::uint32_t at, std::uint32_t next);

    void clear();
    std::size_t size() const { return size_; }
    std::size_t max_entries() const { return max_entries_; }
    std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

  private:
    struct Slot {
        std::uint32_t destination = no_host;  // no_host: empty
        std::uint32_t at = 0;
        std::uint32_t next = 0;
    };

    std::size_t slot_of(std::uint32_t destination, std::uint32_t at) const;
    void grow();

    std::size_t max_entries_;
    std::size_t max_slots_;  // a power of two, at least twice max_entries_
    std::vector<Slot> slots_;
    std::size_t size_ = 0;
};

}  // namespace smtpsim::net
