// The scheduler's priority queue: a 4-ary min-heap of 16-byte (time, key)
// entries, laid out so that the four children of a node fill one cache line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <utility>

namespace smtpsim::core::detail {

// An event's place in time. `key` packs the sequence number above the slot
// index, so ordering by (time, key) is ordering by (time, sequence).
struct EventKey {
    std::int64_t time;
    std::uint64_t key;
};

// Compared as one 128-bit number (the signed time above the key), which
// compiles to a compare and a subtract-with-borrow: no branch to mispredict.
__extension__ using Wide = __int128;
__extension__ using UnsignedWide = unsigned __int128;
inline Wide wide(const EventKey& e) {
    return static_cast<Wide>(static_cast<UnsignedWide>(e.time) << 64 | e.key);
}
inline bool earlier(const EventKey& a, const EventKey& b) {
    return wide(a) < wide(b);
}

class EventHeap {
  public:
    EventHeap() = default;
    EventHeap(EventHeap&& other) noexcept { swap(other); }
    EventHeap& operator=(EventHeap&& other) noexcept {
        EventHeap moved(std::move(other));
        swap(moved);
        return *this;
    }

    bool empty() const { return size() == 0; }
    std::size_t size() const { return size_ - (hole_ != no_hole ? 1 : 0); }
    // The earliest entry; the heap must not be empty.
    const EventKey& top() const { return data_[0]; }

    // Adds `e`: into the hole that pop() left, if it is still open.
    void push(EventKey e) {
        if (hole_ != no_hole) {
            const std::size_t hole = hole_;
            hole_ = no_hole;
            sift_up(hole, e, 0);
            return;
        }
        if (size_ == capacity_) [[unlikely]] {
            grow();
        }
        sift_up(size_++, e, 0);
    }
    // Removes the top: the hole it leaves moves down to a leaf along the
    // earlier children. The hole stays open until the next call: a push
    // fills it (a discrete-event kernel usually pushes right after a pop, so
    // most events cost one pass down and a short one up); anything else
    // fills it with the last entry first.
    void pop() {
        close_hole();
        hole_ = sink(0);
    }
    // Removes every entry for which `drop` is true, then restores the order.
    template <typename Predicate>
    void erase_if(Predicate drop) {
        close_hole();
        std::size_t kept = 0;
        for (std::size_t i = 0; i < size_; ++i) {
            if (!drop(data_[i])) {
                data_[kept++] = data_[i];
            }
        }
        size_ = kept;
        if (size_ > 1) {
            for (std::size_t i = parent(size_ - 1) + 1; i-- > 0;) {
                const EventKey e = data_[i];
                sift_up(sink(i), e, i);
            }
        }
    }

  private:
    static constexpr std::size_t arity = 4;
    static constexpr std::size_t line = 64;
    // Entries before data_[0] in the allocation, so that the children of
    // node i, data_[4i+1 .. 4i+4], start on a cache-line boundary.
    static constexpr std::size_t lead = arity - 1;
    struct Release {
        void operator()(EventKey* block) const {
            ::operator delete (block, std::align_val_t{line});
        }
    };

    static constexpr std::size_t no_hole = SIZE_MAX;
    // The first node whose grandchildren sink() prefetches: 1,365 entries
    // (21 KiB) lie above its level.
    static constexpr std::size_t prefetch_from = 64;

    static std::size_t parent(std::size_t i) { return (i - 1) / arity; }
    static std::size_t first_child(std::size_t i) { return arity * i + 1; }

    // Moves `e` up from the empty position `hole`, no higher than `root`.
    void sift_up(std::size_t hole, EventKey e, std::size_t root) {
        while (hole > root) {
            const std::size_t up = parent(hole);
            if (!earlier(e, data_[up])) {
                break;
            }
            data_[hole] = data_[up];
            hole = up;
        }
        data_[hole] = e;
    }

    // The earliest of the four children starting at c, without branches.
    std::size_t earliest_of_four(std::size_t c) const {
        const std::size_t a = c + static_cast<std::size_t>(earlier(data_[c + 1], data_[c]));
        const std::size_t b = c + 2 + static_cast<std::size_t>(earlier(data_[c + 3], data_[c + 2]));
        return earlier(data_[b], data_[a]) ? b : a;
    }

    // Moves the empty position `hole` down to a leaf, along the earlier
    // children, and returns where it ends.
    //
    // The comparisons pick the next child without branches, so the processor
    // cannot run ahead down a guessed path: in a heap larger than the caches
    // each level would wait for memory. So the children of all four children
    // (four adjacent cache lines) are fetched while these four are compared,
    // below the first levels (which stay cached).
    std::size_t sink(std::size_t hole) {
        const std::size_t n = size_;
        const std::size_t prefetch_span = prefetch_span_;
        for (;;) {
            const std::size_t c = first_child(hole);
            std::size_t best;
            if (c + arity - 1 < n) {
                if (hole - prefetch_from < prefetch_span) {  // one comparison for both bounds
                    const char* lines = reinterpret_cast<const char*>(data_ + first_child(c));
                    for (std::size_t offset = 0; offset < arity * arity * sizeof(EventKey);
                         offset += line) {
                        __builtin_prefetch(lines + offset);
                    }
                }
                best = earliest_of_four(c);
            } else if (c < n) {
                best = c;
                for (std::size_t k = c + 1; k < n; ++k) {
                    best = earlier(data_[k], data_[best]) ? k : best;
                }
            } else {
                return hole;
            }
            data_[hole] = data_[best];
            hole = best;
        }
    }

    void swap(EventHeap& other) noexcept {
        std::swap(block_, other.block_);
        std::swap(data_, other.data_);
        std::swap(size_, other.size_);
        std::swap(capacity_, other.capacity_);
        std::swap(hole_, other.hole_);
        std::swap(prefetch_span_, other.prefetch_span_);
    }

    // Fills the hole pop() left with the last entry.
    void close_hole() {
        if (hole_ != no_hole) {
            const std::size_t last = --size_;
            if (hole_ != last) {
                sift_up(hole_, data_[last], 0);
            }
            hole_ = no_hole;
        }
    }

    void grow() {
        const std::size_t capacity = capacity_ == 0 ? 256 : 2 * capacity_;
        std::unique_ptr<EventKey, Release> block(static_cast<EventKey*>(
            ::operator new ((capacity + lead) * sizeof(EventKey), std::align_val_t{line})));
        EventKey* data = block.get() + lead;
        for (std::size_t i = 0; i < size_; ++i) {
            data[i] = data_[i];
        }
        block_ = std::move(block);
        data_ = data;
        capacity_ = capacity;
        // Nodes whose grandchildren all lie inside the allocation (past the
        // entries in use, a prefetch fetches unused memory, which is harmless).
        const std::size_t end = (capacity - arity * arity - arity - 1) / (arity * arity) + 1;
        prefetch_span_ = end > prefetch_from ? end - prefetch_from : 0;
    }

    std::unique_ptr<EventKey, Release> block_;
    EventKey* data_ = nullptr;
    std::size_t size_ = 0;  // including the hole
    std::size_t capacity_ = 0;
    std::size_t hole_ = no_hole;
    std::size_t prefetch_span_ = 0;  // sink() prefetches below nodes [prefetch_from, + span)
};

}  // namespace smtpsim::core::detail
