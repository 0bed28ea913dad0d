// The hold model: a fixed population of pending events; each executed event
// schedules one new event after an exponentially distributed delay. The
// kernel (with cancellation support) against a plain std::priority_queue of
// (time, sequence, payload) as the baseline, in the same binary and fed the
// same random draws. results/bench/kernel.md has the figures.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <queue>
#include <tuple>
#include <vector>

#include "core/random.hpp"
#include "core/scheduler.hpp"

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define SMTPSIM_CALLGRIND_TOGGLE() CALLGRIND_TOGGLE_COLLECT
#else
#define SMTPSIM_CALLGRIND_TOGGLE()
#endif

using smtpsim::core::RandomStream;
using smtpsim::core::Scheduler;
using smtpsim::core::Time;

namespace {

constexpr double mean_delay_ns = 1'000'000.0;  // 1ms

// Under valgrind --tool=callgrind --collect-atstart=no, only the timed loops
// are counted (not the set-up and warm-up), so that instructions divided by
// the "events" counter is the cost of one event.
class CountedRegion {
  public:
    CountedRegion() { SMTPSIM_CALLGRIND_TOGGLE(); }
    ~CountedRegion() { SMTPSIM_CALLGRIND_TOGGLE(); }
    CountedRegion(const CountedRegion&) = delete;
    CountedRegion& operator=(const CountedRegion&) = delete;
};

void report(benchmark::State& state, std::uint64_t events) {
    state.SetItemsProcessed(static_cast<std::int64_t>(events));
    state.counters["events_per_s"] =
        benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
    state.counters["events"] = static_cast<double>(events);
}

struct HoldModel {
    Scheduler scheduler;
    RandomStream random{2026};
    std::uint64_t payload_sum = 0;

    void schedule_one(std::uint64_t payload) {
        const auto delay = static_cast<std::int64_t>(random.exponential(mean_delay_ns));
        scheduler.schedule_after(Time::ns(delay), [this, payload] {
            payload_sum += payload;
            schedule_one(payload + 1);
        });
    }
};

void BM_kernel_hold(benchmark::State& state) {
    const auto population = static_cast<std::uint64_t>(state.range(0));
    HoldModel model;
    for (std::uint64_t i = 0; i < population; ++i) {
        model.schedule_one(i);
    }
    model.scheduler.run_until(Time::ms(5));  // warm up: slots and heap at steady size
    const std::uint64_t start = model.scheduler.executed();
    {
        const CountedRegion counted;
        for (auto _ : state) {
            // Run 1ms of simulated time per iteration: about `population` events.
            model.scheduler.run_until(model.scheduler.now() + Time::ms(1));
        }
    }
    benchmark::DoNotOptimize(model.payload_sum);
    report(state, model.scheduler.executed() - start);
}

// The same model on std::priority_queue: no callbacks, no cancellation.
void BM_baseline_priority_queue_hold(benchmark::State& state) {
    using Entry = std::tuple<std::int64_t, std::uint64_t, std::uint64_t>;  // time, seq, payload
    const auto population = static_cast<std::uint64_t>(state.range(0));
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    RandomStream random{2026};
    std::uint64_t sequence = 0;
    std::uint64_t payload_sum = 0;
    std::int64_t now = 0;
    auto schedule_one = [&](std::uint64_t payload) {
        const auto delay = static_cast<std::int64_t>(random.exponential(mean_delay_ns));
        queue.emplace(now + delay, sequence++, payload);
    };
    for (std::uint64_t i = 0; i < population; ++i) {
        schedule_one(i);
    }
    auto run_until = [&](std::int64_t until) {
        std::uint64_t n = 0;
        while (!queue.empty() && std::get<0>(queue.top()) <= until) {
            const auto [time, seq, payload] = queue.top();
            queue.pop();
            now = time;
            payload_sum += payload;
            schedule_one(payload + 1);
            ++n;
        }
        now = until;
        return n;
    };
    run_until(5'000'000);
    std::uint64_t events = 0;
    {
        const CountedRegion counted;
        for (auto _ : state) {
            events += run_until(now + 1'000'000);
        }
    }
    benchmark::DoNotOptimize(payload_sum);
    report(state, events);
}

// Timers that are almost always cancelled before they fire (a reply arrives
// before the timeout), as SMTP sessions use them: each event cancels the
// timeout armed with it, then schedules the next event and a new timeout.
void BM_kernel_hold_with_cancelled_timeouts(benchmark::State& state) {
    const auto population = static_cast<std::uint64_t>(state.range(0));
    struct Model {
        Scheduler scheduler;
        RandomStream random{2026};
        std::uint64_t fired_timeouts = 0;
        void schedule_one() {
            const auto delay = static_cast<std::int64_t>(random.exponential(mean_delay_ns));
            const auto timeout =
                scheduler.schedule_after(Time::ms(300), [this] { ++fired_timeouts; });
            scheduler.schedule_after(Time::ns(delay), [this, timeout] {
                scheduler.cancel(timeout);
                schedule_one();
            });
        }
    } model;
    for (std::uint64_t i = 0; i < population; ++i) {
        model.schedule_one();
    }
    model.scheduler.run_until(Time::ms(5));
    const std::uint64_t start = model.scheduler.executed();
    {
        const CountedRegion counted;
        for (auto _ : state) {
            model.scheduler.run_until(model.scheduler.now() + Time::ms(1));
        }
    }
    report(state, model.scheduler.executed() - start);
}

}  // namespace

BENCHMARK(BM_kernel_hold)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Arg(1'000'000);
BENCHMARK(BM_baseline_priority_queue_hold)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Arg(1'000'000);
BENCHMARK(BM_kernel_hold_with_cancelled_timeouts)->Arg(1'000)->Arg(100'000);
