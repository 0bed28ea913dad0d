// A move-only callable stored inline in a fixed buffer: the scheduler's event
// payload, so that scheduling an event never allocates.
#pragma once

#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace smtpsim::core {

template <typename Signature, std::size_t Capacity = 24>
class InplaceFunction;

template <typename R, typename... Args, std::size_t Capacity>
class InplaceFunction<R(Args...), Capacity> {
  public:
    static constexpr std::size_t capacity = Capacity;

    InplaceFunction() = default;

    template <typename F, typename D = std::decay_t<F>,
              typename = std::enable_if_t<!std::is_same_v<D, InplaceFunction>>>
    InplaceFunction(F&& f) {  // NOLINT(google-explicit-constructor): callables convert
        emplace(std::forward<F>(f));
    }

    // Replaces the held callable with `f`, constructed in place.
    template <typename F, typename D = std::decay_t<F>>
    void emplace(F&& f) {
        static_assert(sizeof(D) <= Capacity,
                      "event callback captures too much: capture a pointer or an id instead");
        static_assert(alignof(D) <= alignof(void*), "over-aligned callback");
        static_assert(std::is_nothrow_move_constructible_v<D>,
                      "callback must move without throwing");
        reset();
        ::new (static_cast<void*>(storage_)) D(std::forward<F>(f));
        ops_ = &ops_for<D>;
    }

    InplaceFunction(InplaceFunction&& other) noexcept { take(other); }
    InplaceFunction& operator=(InplaceFunction&& other) noexcept {
        if (this != &other) {
            reset();
            take(other);
        }
        return *this;
    }
    InplaceFunction(const InplaceFunction&) = delete;
    InplaceFunction& operator=(const InplaceFunction&) = delete;
    ~InplaceFunction() { reset(); }

    explicit operator bool() const { return ops_ != nullptr; }

    R operator()(Args... args) { return ops_->invoke(storage_, std::forward<Args>(args)...); }

    void reset() {
        if (ops_ != nullptr) {
            if (ops_->destroy != nullptr) {
                ops_->destroy(storage_);
            }
            ops_ = nullptr;
        }
    }

  private:
    // move and destroy are null for trivially copyable callables (the common
    // lambda capturing pointers and ids): those are copied as bytes.
    struct Ops {
        R (*invoke)(void*, Args&&...);
        void (*move)(void* from, void* to);
        void (*destroy)(void*);
    };

    template <typename D>
    static constexpr bool trivial = std::is_trivially_copyable_v<D>;

    template <typename D>
    static constexpr Ops ops_for{
        [](void* p, Args&&... args) -> R {
            return (*static_cast<D*>(p))(std::forward<Args>(args)...);
        },
        trivial<D> ? nullptr
                   : +[](void* from, void* to) {
                         ::new (to) D(std::move(*static_cast<D*>(from)));
                         static_cast<D*>(from)->~D();
                     },
        trivial<D> ? nullptr : +[](void* p) { static_cast<D*>(p)->~D(); }};

    void take(InplaceFunction& other) {
        if (other.ops_ != nullptr) {
            if (other.ops_->move != nullptr) {
                other.ops_->move(other.storage_, storage_);
            } else {
                std::memcpy(storage_, other.storage_, Capacity);
            }
            ops_ = other.ops_;
            other.ops_ = nullptr;
        }
    }

    alignas(void*) unsigned char storage_[Capacity];
    const Ops* ops_ = nullptr;
};

}  // namespace smtpsim::core
