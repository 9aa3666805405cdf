// co_await work(loop, fn): fn runs on the thread pool (ls::queue_work), the coroutine resumes in the poll phase
// with fn's return value — or fn's exception, rethrown at the co_await. Covered by tests/core/coro/test_work.cpp.
//
//   int sum = co_await ls::coro::work(loop, [] { return expensive(); });
//
// Natively fn runs on a real worker thread: it must not touch the loop. On the emulated backend it runs on the
// loop thread when its virtual worker finishes (after virtual_ns, 0 = the backend's default duration).
// A request cancelled with ls::cancel() before a worker took it resumes with error{-ECANCELED}. On a backend
// without a pool (the null backend) the await fails with error{-ENOSYS}.
#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "../threadpool.h"
#include "strand.h"

namespace ls::coro {

template <class F>
class [[nodiscard]] work_awaiter {
  using R = std::invoke_result_t<F&>;

 public:
  work_awaiter(Loop& loop, F fn, uint64_t virtual_ns, where at)
      : wait_(loop, at), fn_(std::move(fn)), virtual_ns_(virtual_ns) {}
  work_awaiter(const work_awaiter&) = delete;
  work_awaiter& operator=(const work_awaiter&) = delete;

  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(stdco::coroutine_handle<P> h) {
    int64_t id = queue_work(
        wait_.loop(), [this] { run(); }, [this](int status) { wait_.resume(status); }, virtual_ns_);
    if (id >= 0) id_ = static_cast<uint64_t>(id);
    return wait_.suspend_if_started(h, id, nullptr);  // a request: the core completes it (or cancels it) itself
  }
  R await_resume() {
    wait_.throw_if_failed();
    if (error_) std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<R>) return std::move(*result_);
  }

  uint64_t request_id() const noexcept { return id_; }

 private:
  // On the worker: no exception may cross the thread boundary, so it is carried back to the loop.
  void run() noexcept {
    try {
      if constexpr (std::is_void_v<R>) {
        fn_();
      } else {
        result_.emplace(fn_());
      }
    } catch (...) {
      error_ = std::current_exception();
    }
  }

  struct none {};
  detail::waiter wait_;
  F fn_;
  uint64_t virtual_ns_;
  uint64_t id_ = 0;
  std::conditional_t<std::is_void_v<R>, none, std::optional<R>> result_;
  std::exception_ptr error_;
};

template <class F>
work_awaiter<std::decay_t<F>> work(Loop& loop, F&& fn, uint64_t virtual_ns = 0, where at = where::here()) {
  return work_awaiter<std::decay_t<F>>(loop, std::forward<F>(fn), virtual_ns, at);
}

}  // namespace ls::coro
