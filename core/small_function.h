// SmallFunction<R(A...)>: std::function's interface in 16 bytes instead of libstdc++'s 32, for callbacks a handle
// stores once per handle (the timer callback, the close callback). Bindings pass one pointer's worth of state —
// the Lua runtime's [b], a coroutine's [this] — so a callable of at most one pointer that is trivially copyable
// lives inline, next to the function pointer that calls it; anything larger is boxed in one heap block. With a
// million timers the 16 bytes saved per callback are 16 MB (issue 13: memory per live timer ≤ luv's).
// Copyable like std::function (the loop's graveyard keeps a running callback alive by copying it); moved-from and
// default-constructed ones are empty. Covered by tests/core/test_small_function.cpp.
#pragma once

#include <cstddef>
#include <functional>
#include <new>
#include <type_traits>
#include <utility>

namespace ls {

template <class Sig>
class SmallFunction;

template <class R, class... A>
class SmallFunction<R(A...)> {
  union Store {
    void* boxed;
    alignas(void*) unsigned char inline_bytes[sizeof(void*)];
  };
  // A callable too large (or not trivially copyable) to live inline: copied and destroyed through these.
  struct Box {
    virtual ~Box() = default;
    virtual Box* clone() const = 0;
    virtual R call(A... a) = 0;
  };
  template <class F>
  struct BoxOf final : Box {
    explicit BoxOf(F f) : fn(std::move(f)) {}
    Box* clone() const override { return new BoxOf(fn); }
    R call(A... a) override { return fn(std::forward<A>(a)...); }
    F fn;
  };

  template <class F>
  static constexpr bool kInline = sizeof(F) <= sizeof(void*) && alignof(F) <= alignof(void*) &&
                                  std::is_trivially_copyable_v<F> && std::is_trivially_destructible_v<F>;
  template <class F>
  static constexpr bool kNullable = std::is_pointer_v<F> || std::is_member_pointer_v<F>;

  template <class F>
  static R call_inline(Store& s, A... a) {
    return (*std::launder(reinterpret_cast<F*>(s.inline_bytes)))(std::forward<A>(a)...);
  }
  // One function for every boxed callable, so that "is it boxed?" is one pointer comparison.
  static R call_boxed(Store& s, A... a) { return static_cast<Box*>(s.boxed)->call(std::forward<A>(a)...); }

 public:
  SmallFunction() noexcept = default;
  SmallFunction(std::nullptr_t) noexcept {}
  template <class F, class D = std::decay_t<F>,
            class = std::enable_if_t<!std::is_same_v<D, SmallFunction> && std::is_invocable_r_v<R, D&, A...>>>
  SmallFunction(F&& f) {
    if constexpr (kNullable<D>) {
      if (!f) return;
    } else if constexpr (std::is_same_v<D, std::function<R(A...)>>) {
      if (!f) return;
    }
    if constexpr (kInline<D>) {
      ::new (static_cast<void*>(s_.inline_bytes)) D(std::forward<F>(f));
      call_ = &call_inline<D>;
    } else {
      s_.boxed = static_cast<Box*>(new BoxOf<D>(std::forward<F>(f)));
      call_ = &call_boxed;
    }
  }

  SmallFunction(const SmallFunction& o) : call_(o.call_), s_(o.s_) {
    if (boxed()) s_.boxed = static_cast<Box*>(o.s_.boxed)->clone();
  }
  SmallFunction(SmallFunction&& o) noexcept : call_(o.call_), s_(o.s_) { o.call_ = nullptr; }
  SmallFunction& operator=(const SmallFunction& o) {
    if (this != &o) *this = SmallFunction(o);
    return *this;
  }
  SmallFunction& operator=(SmallFunction&& o) noexcept {
    if (this != &o) {
      reset();
      call_ = o.call_;
      s_ = o.s_;
      o.call_ = nullptr;
    }
    return *this;
  }
  SmallFunction& operator=(std::nullptr_t) noexcept {
    reset();
    return *this;
  }
  ~SmallFunction() { reset(); }

  explicit operator bool() const noexcept { return call_ != nullptr; }
  // As std::function: const, and calling an empty one is a bug (std::function throws; this asserts by crashing).
  R operator()(A... a) const { return call_(s_, std::forward<A>(a)...); }

 private:
  bool boxed() const { return call_ == &call_boxed; }
  void reset() noexcept {
    if (boxed()) delete static_cast<Box*>(s_.boxed);
    call_ = nullptr;
  }

  R (*call_)(Store&, A...) = nullptr;
  mutable Store s_{};
};

}  // namespace ls
