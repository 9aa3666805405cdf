// What the two toolchains disagree on, in one place, so the rest of core/coro/ is written once:
//  - the coroutine library: g++ 12 has C++20's <coroutine>; Debian's em++ 3.1.6 (clang 14, an older libc++)
//    has only <experimental/coroutine>. `ls::coro::stdco` names whichever namespace holds coroutine_handle,
//    suspend_always and noop_coroutine. It is an alias: nothing is injected into std (clang 14 would then see
//    the names in both std and std::experimental and refuse).
//  - the source location: that libc++ has no <source_location>, so `where` is built from __builtin_LINE() and
//    __builtin_FUNCTION(), which gcc and clang both evaluate at the *caller's* site when used as default
//    arguments — exactly what std::source_location::current() does.
#pragma once

#if __has_include(<coroutine>)
#include <coroutine>
namespace ls::coro {
namespace stdco = std;
}
#elif __has_include(<experimental/coroutine>)
#include <experimental/coroutine>
namespace ls::coro {
namespace stdco = std::experimental;
}
#else
#error "ls::coro needs <coroutine> or <experimental/coroutine>"
#endif

namespace ls::coro {

// Where a coroutine awaits: the line and the function of the co_await. Every awaitable takes one as its last
// parameter, defaulted to where::here(), so `co_await sleep(loop, 10)` records its own line without help.
struct where {
  int line;
  const char* func;

  // Explicit, so that `{}` never converts to a where (close(h, {}) means "no close callback").
  explicit constexpr where(int l, const char* f) noexcept : line(l), func(f) {}
  static constexpr where here(int line = __builtin_LINE(), const char* func = __builtin_FUNCTION()) noexcept {
    return where(line, func);
  }
};
}  // namespace ls::coro
