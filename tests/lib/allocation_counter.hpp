// Replaces operator new and delete in a test program to count the bytes it
// allocates and holds: include this in one source file of the program only.
// Sizes are malloc_usable_size's, the same on the way in and out whichever
// form of delete is called.
#pragma once

#include <malloc.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace smtpsim::testing::allocations {

inline std::atomic<std::int64_t> held{0};   // bytes held now
inline std::atomic<std::int64_t> peak{0};   // the most held since peak was set
inline std::atomic<std::int64_t> total{0};  // bytes allocated since total was set

inline void count(std::int64_t bytes) {
    const std::int64_t now = held.fetch_add(bytes, std::memory_order_relaxed) + bytes;
    if (bytes > 0) {
        total.fetch_add(bytes, std::memory_order_relaxed);
    }
    std::int64_t high = peak.load(std::memory_order_relaxed);
    while (now > high && !peak.compare_exchange_weak(high, now, std::memory_order_relaxed)) {
    }
}

}  // namespace smtpsim::testing::allocations

// Not inlined: the compiler would see free() of what new returned.
[[gnu::noinline]] void* operator new(std::size_t size) {
    if (void* block = std::malloc(size == 0 ? 1 : size)) {
        smtpsim::testing::allocations::count(static_cast<std::int64_t>(malloc_usable_size(block)));
        return block;
    }
    throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* block) noexcept {
    if (block != nullptr) {
        smtpsim::testing::allocations::count(-static_cast<std::int64_t>(malloc_usable_size(block)));
    }
    std::free(block);
}
[[gnu::noinline]] void operator delete(void* block, std::size_t) noexcept {
    operator delete(block);
}
// The nothrow forms too (std::stable_sort's buffer, for one): a sanitizer's
// own would otherwise pair with the free() above.
[[gnu::noinline]] void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return operator new(size);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
[[gnu::noinline]] void operator delete(void* block, const std::nothrow_t&) noexcept {
    operator delete(block);
}
