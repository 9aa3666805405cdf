// Strands and waiters: the bookkeeping every loop awaitable shares. Covered by tests/core/coro/test_trace.cpp and
// test_cancel.cpp.
//
// A strand is one chain of tasks awaiting each other, started by spawn(), run() or as one branch of when_all().
// Only one await of a strand is pending at any time, which is what lets a strand
//  - name the coroutine in the trace (coro_suspend / coro_resume carry the strand's name and the awaiting line),
//  - own the one timer every sleep() of the chain re-arms (no handle per sleep, so a coroutine costs the loop
//    what the equivalent callback code costs it),
//  - be listed by inspect() with the line it is suspended at and the handle it waits on,
//  - be found when that handle is closed through ls::coro::close(), to resume it with ECANCELED.
// The strands of a loop are kept in a per-thread registry keyed by the loop; a loop's entry exists only while
// it has strands, so a later loop at the same address never sees stale ones.
//
// A waiter is one suspension: an awaitable embeds one, calls suspend() from await_suspend and resume() from the
// loop callback that completes the wait.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../list.h"
#include "../loop.h"
#include "../timer.h"
#include "compat.h"
#include "error.h"
#include "task.h"

namespace ls::coro {

namespace detail {
class waiter;
}

class strand {
 public:
  strand(Loop& loop, std::string name);
  // Closes the strand's timer (its close callback frees it), so a strand leaves no handle behind.
  ~strand();
  strand(const strand&) = delete;
  strand& operator=(const strand&) = delete;

  Loop& loop() const noexcept { return *loop_; }
  const std::string& name() const noexcept { return name_; }
  // Arms the strand's timer for sleep(): created on first use, with one callback for the strand's life that
  // resumes whatever sleep is pending (a sleep re-arms it without a new callable). Returns Timer::start's result.
  int sleep_for(uint64_t ms) { return timer_ ? timer_->start(ms) : first_sleep(ms); }
  // That timer, or nullptr before the first sleep.
  Timer* timer() const noexcept { return timer_; }
  // The pending await, or nullptr while the strand runs (or between awaits).
  detail::waiter* waiting() const noexcept { return waiting_; }

 private:
  friend class detail::waiter;
  friend std::vector<strand*> strands_of(const Loop& loop);
  int first_sleep(uint64_t ms);
  Loop* loop_;
  std::string name_;
  Timer* timer_ = nullptr;
  detail::waiter* waiting_ = nullptr;
  ls::detail::Link<strand> node_{this};
};

// Every strand of `loop`, oldest first.
std::vector<strand*> strands_of(const Loop& loop);

// A snapshot line per strand, for the UI's coroutine panel and for tests.
struct coro_info {
  std::string name;
  bool suspended = false;  // false: running (its code is on the stack right now)
  int line = 0;            // where it is suspended (0 while running)
  std::string func;        // the function containing that co_await
  uint64_t handle_id = 0;  // the handle it waits on, when there is one (0 for requests, timers it owns, ...)
};
std::vector<coro_info> inspect(const Loop& loop);

namespace detail {

class waiter {
 public:
  waiter(Loop& loop, where at) noexcept : loop_(&loop), at_(at) {}
  // An awaitable destroyed while still suspended (its frame destroyed by its owner) leaves the strand clean.
  // Inline, with suspend and resume: they run once per await (per sleep), so their calls show in the
  // coroutines-vs-callbacks ratio (coro_bench).
  ~waiter() {
    if (strand_ && strand_->waiting_ == this) strand_->waiting_ = nullptr;
  }
  waiter(const waiter&) = delete;
  waiter& operator=(const waiter&) = delete;

  // From await_suspend, once the operation is started: who waits, and on which handle (`on` makes the wait
  // cancellable by ls::coro::close(*on); pass nullptr when the core itself completes the operation on close,
  // as it does for write, connect and shutdown requests). Records coro_suspend.
  template <class P>
  void suspend(stdco::coroutine_handle<P> h, const Handle* on) {
    suspend_as(h, owner_of(h), on);
  }
  // From the loop callback that completes the wait: keeps the status, records coro_resume, resumes the coroutine
  // (which runs until its next suspension before this returns).
  void resume(int status) {
    status_ = status;
    stdco::coroutine_handle<> h = std::exchange(coro_, {});
    if (!h) return;  // not suspended (already resumed, e.g. cancelled before its own callback came)
    if (strand_ && strand_->waiting_ == this) strand_->waiting_ = nullptr;
    if (loop_->trace().enabled()) [[unlikely]] trace(true);
    h.resume();  // may destroy *this: nothing below touches it
  }
  // From await_suspend, when the operation could not even start: no suspension happens, await_resume throws.
  void fail(int status) noexcept { status_ = status; }
  // What every await_suspend does with the result of starting its operation (an id, 0, or a negative errno):
  // suspends h (suspend) and returns true once it started, or records the error (fail) and returns false, so
  // the coroutine goes on at once and its await_resume throws.
  template <class P>
  bool suspend_if_started(stdco::coroutine_handle<P> h, int64_t started, const Handle* on) {
    if (started < 0) {
      fail(static_cast<int>(started));
      return false;
    }
    suspend(h, on);
    return true;
  }

  bool suspended() const noexcept { return static_cast<bool>(coro_); }
  int status() const noexcept { return status_; }
  void throw_if_failed() const {
    if (status_ < 0) throw error(status_);
  }
  Loop& loop() const noexcept { return *loop_; }
  strand* owner() const noexcept { return strand_; }
  const Handle* on() const noexcept { return on_; }
  const where& at() const noexcept { return at_; }

  // For events found through the registry rather than through a callback of the awaitable's own (a connection
  // for accept()): called with the event's status instead of resume(status); it finishes the operation, then
  // resumes. nullptr: resume directly.
  void (*notify)(waiter&, int status) = nullptr;

 private:
  void suspend_as(stdco::coroutine_handle<> h, strand* s, const Handle* on) {
    coro_ = h;
    strand_ = s;
    on_ = on;
    if (s) s->waiting_ = this;
    if (loop_->trace().enabled()) [[unlikely]] trace(false);
  }
  void trace(bool resume) const;

  Loop* loop_;
  where at_;
  strand* strand_ = nullptr;
  stdco::coroutine_handle<> coro_;
  const Handle* on_ = nullptr;
  int status_ = 0;
};

// The waiters of `loop` suspended on `h`, oldest strand first.
std::vector<waiter*> waiters_on(const Loop& loop, const Handle& h);
// Resumes them with -ECANCELED (ls::coro::close does this from the close callback). Returns how many.
int cancel_waiters(Loop& loop, const Handle& h);

}  // namespace detail

}  // namespace ls::coro
