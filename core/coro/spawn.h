// Starting tasks on a loop: spawn() for a detached strand, run() to drive a loop until a task's result is known.
// Covered by tests/core/coro/test_spawn.cpp.
//
// Ownership: a spawned task owns itself — its frame (and its strand) is freed when it completes. Nobody awaits
// it, so its result is dropped and an exception that escapes it is *reported*, never lost: to the handler given
// to spawn(), or else to the default reporter, which prints `loopscope: task "NAME" failed: WHAT` on stderr,
// records it as trace output, and keeps it for unhandled_failures().
// A strand must end before its loop is destroyed: one still suspended then is leaked, frame and timer (there is
// nothing left to resume it). Closing what it waits on with ls::coro::close() ends it with ECANCELED.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "../loop.h"
#include "strand.h"
#include "task.h"

namespace ls::coro {

struct failure {
  std::string task;          // the strand's name
  std::string message;       // what() of the exception (or "unknown exception")
  std::exception_ptr error;  // the exception itself, to rethrow or inspect
};
using failure_handler = std::function<void(const failure&)>;

// Starts `t` as a detached strand named `name`: it runs now, until its first suspension, then on the loop.
// `on_failure` (optional) receives an exception that escapes the task; it must not throw.
void spawn(Loop& loop, task<void> t, std::string name = "task", failure_handler on_failure = {});

// Failures that reached the default reporter on this thread, oldest first (tests and the CLI read them).
const std::vector<failure>& unhandled_failures();
void clear_unhandled_failures();

namespace detail {

// The detached frame: starts at once and frees itself at the end (nothing awaits it).
struct detached {
  struct promise_type {
    detached get_return_object() const noexcept { return {}; }
    stdco::suspend_never initial_suspend() const noexcept { return {}; }
    stdco::suspend_never final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    void unhandled_exception() const noexcept { std::terminate(); }  // drive() catches everything
  };
};

// Makes `s` the strand of `t`, then awaits it. Every driver goes through here.
template <class T>
task<T>&& on_strand(task<T>& t, strand& s) {
  if (t.valid()) t.handle().promise().set_owner(&s);
  return std::move(t);
}

void report(const strand& s, std::exception_ptr error, const failure_handler& on_failure) noexcept;

template <class T>
struct run_state {
  std::optional<T> value;
  std::exception_ptr error;
  bool done = false;
};
template <>
struct run_state<void> {
  std::exception_ptr error;
  bool done = false;
};

// run()'s strand: awaits the task and leaves its outcome in `out`.
// Shared, so that a strand still suspended when run() gives up never writes into a dead stack frame.
template <class T>
detached run_main(Loop& loop, std::string name, task<T> t, std::shared_ptr<run_state<T>> out) {
  strand s(loop, std::move(name));
  try {
    if constexpr (std::is_void_v<T>) {
      co_await on_strand(t, s);
    } else {
      out->value.emplace(co_await on_strand(t, s));
    }
  } catch (...) {
    out->error = std::current_exception();
  }
  out->done = true;
}

}  // namespace detail

// Runs `loop` (RunMode::Default: until nothing is left, as uv_run) with `t` started as the strand `name`, then
// returns t's result or rethrows its exception. If the loop runs out of work before t completes — t waits for
// something that can never happen — throws std::runtime_error. Call it from outside the loop (not a callback).
template <class T>
T run(Loop& loop, task<T> t, std::string name = "main") {
  auto state = std::make_shared<detail::run_state<T>>();
  detail::run_main(loop, std::move(name), std::move(t), state);
  int r = loop.run();
  if (r < 0) throw error(r);
  if (!state->done) throw std::runtime_error("ls::coro::run: the loop ran out of work before the task completed");
  if (state->error) std::rethrow_exception(state->error);
  if constexpr (!std::is_void_v<T>) return std::move(*state->value);
}

}  // namespace ls::coro
