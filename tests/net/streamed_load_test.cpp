// A JSON topology is read host by host as it is parsed, never as a whole
// document: the memory the loader holds at its peak, beyond the topology it
// returns, is measured with a counting operator new.
#include <gtest/gtest.h>
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <sstream>

#include "net/generators.hpp"
#include "net/topology_io.hpp"

namespace {
// Bytes held through operator new, and the most held since `peak` was reset.
std::atomic<std::int64_t> held{0};
std::atomic<std::int64_t> peak{0};

void count(std::int64_t bytes) {
    const std::int64_t now = held.fetch_add(bytes, std::memory_order_relaxed) + bytes;
    std::int64_t high = peak.load(std::memory_order_relaxed);
    while (now > high && !peak.compare_exchange_weak(high, now, std::memory_order_relaxed)) {
    }
}
}  // namespace

// Not inlined: the compiler would see free() of what new returned. Sizes by
// malloc_usable_size, the same on the way in and out whichever delete is called.
[[gnu::noinline]] void* operator new(std::size_t size) {
    if (void* block = std::malloc(size == 0 ? 1 : size)) {
        count(static_cast<std::int64_t>(malloc_usable_size(block)));
        return block;
    }
    throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* block) noexcept {
    if (block != nullptr) {
        count(-static_cast<std::int64_t>(malloc_usable_size(block)));
    }
    std::free(block);
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
[[gnu::noinline]] void operator delete(void* block, std::size_t) noexcept {
    operator delete(block);
}

using namespace smtpsim;

TEST(streamed_load, a_topology_is_read_without_holding_its_whole_document) {
    net::GeneratorOptions options;
    options.kind = net::GeneratorKind::scale_free;
    options.hosts = 20'000;
    options.users = 5;
    std::string text;
    {
        std::ostringstream out;
        net::write_topology_json(out, net::generate(options));
        text = out.str();
    }
    const std::int64_t before = held.load();
    peak = before;
    const net::Topology loaded = net::parse_topology_json(text, "t.json");
    const std::int64_t kept = held.load() - before;
    const std::int64_t most = peak.load() - before;
    ASSERT_EQ(loaded.host_count(), 20'000u);
    // A document of the whole file is several times the topology (nlohmann
    // holds each value in 16 bytes and each object in a map); read element by
    // element, the peak is the topology and the loader's index of links.
    EXPECT_LT(most, kept + kept / 2) << "peak " << most << " bytes, topology " << kept;
    ::testing::Test::RecordProperty("peak_bytes", std::to_string(most));
    ::testing::Test::RecordProperty("topology_bytes", std::to_string(kept));
}
