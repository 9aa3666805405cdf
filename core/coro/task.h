// task<T>: a lazy, move-only coroutine that produces a T (or throws) for exactly one awaiter — the shape of
// libcoro's task.hpp, with cppcoro's reasoning written down. Covered by tests/core/coro/test_task.cpp.
//
//   ls::coro::task<int> answer() { co_await ls::coro::sleep(loop, 10); co_return 42; }
//   ls::coro::task<>    caller() { int v = co_await answer(); ... }
//
// Lazy: calling answer() only creates the frame; the body starts when the task is awaited (or handed to spawn()
// / run()), so a result or an exception always has someone to go to. The task object owns the frame and
// destroys it; it cannot be copied, only moved (the awaiter is unique).
//
// Symmetric transfer. The naive way to finish a task is `continuation.resume()` from inside the task: the
// awaiter then runs *on top of* the finished task's stack frame. A loop that awaits 100 000 tasks that complete
// at once would nest 100 000 resume() calls and overflow the stack (cppcoro's task.hpp NOTE explains the same).
// With symmetric transfer both directions return the next coroutine's handle from await_suspend instead — the
// awaiter's await_suspend returns the task (start it), the task's final awaiter returns the continuation — and
// the compiler turns that into a tail call, so control moves between coroutines without growing the stack.
// That needs the compiler to really emit the tail call, which it does only in some configurations (measured
// with 1 000 000 awaits): clang for x86-64 at every level (-O0, -Os, ASan); em++ 3.1.6 with -mtail-call (set for every wasm
// object in cmake/emscripten.cmake) at -O1..-O3 but not at -O0 or -Os/-Oz; g++ 12 only when it optimises
// sibling calls — at -O2, not at -O0/-O1 and not under -fsanitize=address (see also jbaldwin/libcoro#273).
// Where it is not guaranteed, the task uses the protocol cppcoro used before symmetric transfer existed: the
// awaiter starts the task with a plain resume() and asks, when it returns, whether the task already finished;
// if so it continues without suspending (no nesting, however many tasks complete at once); if not, the task
// resumes the awaiter when it finishes, from the loop callback that completed it. The one difference left:
// there a chain of N tasks awaiting each other nests N frames while it starts and ends, as N plain function
// calls would. LS_CORO_SYMMETRIC_TRANSFER (1/0) overrides the choice. The promise has the same layout either
// way and each final awaiter honours an awaiter of the other protocol, so code built one way may await tasks
// built the other way (an app at -O0 against a core at -O2): correct, though the no-stack-growth guarantee then
// holds only when the awaiting code uses the protocol without symmetric transfer.
//
// A task awaiting a task is a function call, not a suspension: nothing goes back to the loop, so nothing is
// traced. Suspensions to the loop happen in the loop awaitables (sleep, read, ...), which trace them.
#pragma once

#include <exception>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "compat.h"

// Where the tail call of symmetric transfer is emitted (measured, see the header; __OPTIMIZE_SIZE__ = -Os/-Oz).
#ifndef LS_CORO_SYMMETRIC_TRANSFER
#if defined(__clang__) && defined(__x86_64__)
#define LS_CORO_SYMMETRIC_TRANSFER 1
#elif defined(__clang__) && defined(__EMSCRIPTEN__) && defined(__OPTIMIZE__) && !defined(__OPTIMIZE_SIZE__)
#define LS_CORO_SYMMETRIC_TRANSFER 1
#else
#define LS_CORO_SYMMETRIC_TRANSFER 0
#endif
#endif

namespace ls::coro {

class strand;
template <class T = void>
class task;

namespace detail {

class promise_base {
 public:
  stdco::suspend_always initial_suspend() const noexcept { return {}; }

  // Suspended at the end (the owner destroys the frame), then on to the awaiter:
  //  - started by an awaiter still inside its await_suspend (the protocol without symmetric transfer): just say
  //    "finished"; the awaiter's resume() call returns and it goes on by itself;
  //  - otherwise: symmetric transfer into the awaiter (or back to whoever resumed us if nobody awaits: noop);
  //    without symmetric transfer, resume it — the last thing done here, since it may destroy this frame.
  // No handle is returned without symmetric transfer: even a returned noop_coroutine() costs em++ -Os a little
  // stack per await (1 000 000 awaits overflowed; the plain return did not).
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
#if LS_CORO_SYMMETRIC_TRANSFER
    template <class P>
    stdco::coroutine_handle<> await_suspend(stdco::coroutine_handle<P> self) noexcept {
      promise_base& p = self.promise();
      if (p.inline_ == inline_state::running) {
        p.inline_ = inline_state::finished;
        return stdco::noop_coroutine();
      }
      stdco::coroutine_handle<> next = p.continuation_;
      return next ? next : stdco::noop_coroutine();
    }
#else
    template <class P>
    void await_suspend(stdco::coroutine_handle<P> self) noexcept {
      promise_base& p = self.promise();
      if (p.inline_ == inline_state::running) {
        p.inline_ = inline_state::finished;
        return;
      }
      if (stdco::coroutine_handle<> next = p.continuation_) next.resume();
    }
#endif
    void await_resume() const noexcept {}
  };
  final_awaiter final_suspend() const noexcept { return {}; }

  void unhandled_exception() noexcept { error_ = std::current_exception(); }

  void set_continuation(stdco::coroutine_handle<> c) noexcept { continuation_ = c; }
  // The strand (spawn/run/when_all branch) this frame runs on: loop awaitables use it to name the coroutine in
  // the trace and to reuse the strand's timer. An awaited task inherits its awaiter's strand.
  strand* owner() const noexcept { return strand_; }
  void set_owner(strand* s) noexcept { strand_ = s; }

  // Where the task stands relative to the awaiter that started it, for the protocol without symmetric
  // transfer (see the header); an awaiter with symmetric transfer leaves it at `no`.
  enum class inline_state : unsigned char { no, running, finished };
  inline_state inline_ = inline_state::no;

 protected:
  void rethrow_if_failed() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  stdco::coroutine_handle<> continuation_;
  std::exception_ptr error_;
  strand* strand_ = nullptr;
};

template <class T>
class promise final : public promise_base {
 public:
  task<T> get_return_object() noexcept;

  template <class U = T>
    requires std::is_constructible_v<T, U&&>
  void return_value(U&& v) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    value_.emplace(std::forward<U>(v));
  }

  T& result() & {
    rethrow_if_failed();
    return *value_;
  }
  T result() && {
    rethrow_if_failed();
    return std::move(*value_);
  }

 private:
  std::optional<T> value_;
};

template <>
class promise<void> final : public promise_base {
 public:
  task<void> get_return_object() noexcept;
  void return_void() const noexcept {}
  void result() const { rethrow_if_failed(); }
};

// Is P one of our promises (so its strand can be read and passed on)?
template <class P>
inline constexpr bool is_task_promise = std::is_base_of_v<promise_base, P>;

// The strand of whatever coroutine is awaiting (nullptr for coroutine types that are not ls::coro tasks).
template <class P>
strand* owner_of(stdco::coroutine_handle<P> h) noexcept {
  if constexpr (is_task_promise<P>) {
    return h.promise().owner();
  } else {
    (void)h;
    return nullptr;
  }
}

}  // namespace detail

template <class T>
class [[nodiscard]] task {
  static_assert(!std::is_reference_v<T>, "task<T&> is not supported: return a pointer or a std::reference_wrapper");

 public:
  using promise_type = detail::promise<T>;
  using handle_type = stdco::coroutine_handle<promise_type>;
  using value_type = T;

  task() noexcept = default;
  explicit task(handle_type h) noexcept : h_(h) {}
  task(task&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  task& operator=(task&& other) noexcept {
    if (this != &other) {
      destroy();
      h_ = std::exchange(other.h_, {});
    }
    return *this;
  }
  task(const task&) = delete;
  task& operator=(const task&) = delete;
  ~task() { destroy(); }

  bool valid() const noexcept { return static_cast<bool>(h_); }
  bool done() const noexcept { return h_ && h_.done(); }

  // `co_await t` on an lvalue leaves the result in the task (a second await gets it again); on an rvalue — the
  // usual `co_await f()` — the result is moved out.
  auto operator co_await() & noexcept { return awaiter<false>{h_}; }
  auto operator co_await() && noexcept { return awaiter<true>{h_}; }

  // For the drivers (spawn, run, when_all): the frame, still owned by this task.
  handle_type handle() const noexcept { return h_; }

 private:
  template <bool Move>
  struct awaiter {
    handle_type h;

    bool await_ready() const noexcept { return !h || h.done(); }
#if LS_CORO_SYMMETRIC_TRANSFER
    template <class P>
    stdco::coroutine_handle<> await_suspend(stdco::coroutine_handle<P> caller) noexcept {
      adopt(caller);
      return h;  // start (or continue) the task: a tail call, see the header
    }
#else
    template <class P>
    bool await_suspend(stdco::coroutine_handle<P> caller) noexcept {
      adopt(caller);
      auto& p = h.promise();
      p.inline_ = detail::promise_base::inline_state::running;
      h.resume();
      if (p.inline_ == detail::promise_base::inline_state::finished) return false;  // done already: go on
      p.inline_ = detail::promise_base::inline_state::no;  // it suspended: it resumes us when it finishes
      return true;
    }
#endif
    template <class P>
    void adopt(stdco::coroutine_handle<P> caller) noexcept {
      h.promise().set_continuation(caller);
      if constexpr (detail::is_task_promise<P>) h.promise().set_owner(caller.promise().owner());
    }
    decltype(auto) await_resume() {
      if (!h) throw std::logic_error("ls::coro::task: awaiting an empty task (moved from?)");
      if constexpr (Move) {
        return std::move(h.promise()).result();
      } else {
        return h.promise().result();
      }
    }
  };

  void destroy() noexcept {
    if (h_) std::exchange(h_, {}).destroy();
  }

  handle_type h_;
};

namespace detail {

template <class T>
task<T> promise<T>::get_return_object() noexcept {
  return task<T>{stdco::coroutine_handle<promise<T>>::from_promise(*this)};
}

inline task<void> promise<void>::get_return_object() noexcept {
  return task<void>{stdco::coroutine_handle<promise<void>>::from_promise(*this)};
}

}  // namespace detail

}  // namespace ls::coro
