// co_await when_all(std::move(tasks)): runs every task concurrently, each as its own strand (named
// "PARENT/0", "PARENT/1", ...), and resumes once all of them finished — asyncio.gather for ls::coro.
// Covered by tests/core/coro/test_when_all.cpp.
//
//   std::vector<ls::coro::task<int>> jobs;  ...
//   std::vector<int> results = co_await ls::coro::when_all(std::move(jobs));   // in the order of `jobs`
//
// Every task runs to its end even when one fails; then the first exception (in completion order) is rethrown.
// Each branch starts at once and runs until its first suspension, in vector order. when_all must be awaited
// from an ls::coro task (it takes the loop and the name from the awaiting strand); elsewhere it fails with
// error{-EINVAL}.
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "spawn.h"
#include "strand.h"
#include "task.h"

namespace ls::coro {

namespace detail {

template <class T>
struct gather_state {
  explicit gather_state(Loop& loop, size_t n, where at) : wait(loop, at), remaining(n + 1) {
    if constexpr (!std::is_void_v<T>) results.resize(n);
  }
  waiter wait;
  size_t remaining;  // branches still running, +1 for the starter (see when_all_awaiter::await_suspend)
  std::exception_ptr error;
  struct none {};
  std::conditional_t<std::is_void_v<T>, none, std::vector<std::optional<T>>> results;
};

template <class T>
detached branch(Loop& loop, std::string name, task<T> t, gather_state<T>& st, size_t i) {
  {
    strand s(loop, std::move(name));
    try {
      if constexpr (std::is_void_v<T>) {
        co_await on_strand(t, s);
      } else {
        st.results[i].emplace(co_await on_strand(t, s));
      }
    } catch (...) {
      if (!st.error) st.error = std::current_exception();
    }
  }  // the branch's strand ends here, before the awaiter goes on
  if (--st.remaining == 0) st.wait.resume(0);  // the last branch wakes the awaiter; `st` may be gone after
}

}  // namespace detail

template <class T>
class [[nodiscard]] when_all_awaiter {
 public:
  when_all_awaiter(std::vector<task<T>> tasks, where at) : tasks_(std::move(tasks)), at_(at) {}

  bool await_ready() const noexcept { return tasks_.empty(); }
  template <class P>
  bool await_suspend(stdco::coroutine_handle<P> h) {
    strand* parent = detail::owner_of(h);
    if (!parent) return false;  // await_resume reports it
    state_.emplace(parent->loop(), tasks_.size(), at_);
    for (size_t i = 0; i < tasks_.size(); ++i)
      detail::branch(parent->loop(), parent->name() + "/" + std::to_string(i), std::move(tasks_[i]), *state_, i);
    // The +1 in `remaining` is ours: if every branch already finished, nothing will resume us, so go on.
    if (--state_->remaining == 0) return false;
    state_->wait.suspend(h, nullptr);
    return true;
  }
  auto await_resume() {
    if (!tasks_.empty() && !state_) throw error(-EINVAL);
    if (state_ && state_->error) std::rethrow_exception(state_->error);
    if constexpr (!std::is_void_v<T>) {
      std::vector<T> out;
      if (state_) {
        out.reserve(state_->results.size());
        for (auto& r : state_->results) out.push_back(std::move(*r));
      }
      return out;
    }
  }

 private:
  std::vector<task<T>> tasks_;
  where at_;
  std::optional<detail::gather_state<T>> state_;
};

template <class T>
when_all_awaiter<T> when_all(std::vector<task<T>> tasks, where at = where::here()) {
  return when_all_awaiter<T>(std::move(tasks), at);
}

}  // namespace ls::coro
