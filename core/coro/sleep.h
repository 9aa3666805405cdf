// co_await sleep(loop, ms): the coroutine is suspended for ms on the loop's clock — one Timer, exactly as a
// callback program would arm it, so the trace and the virtual clock see the same thing in both styles.
// Covered by tests/core/coro/test_sleep.cpp.
//
//  - sleep(loop, ms) re-arms its strand's own timer (strand.h): no handle is created per sleep. Awaited from a
//    coroutine that is not an ls::coro task, it makes a timer for the occasion and closes it afterwards.
//  - sleep(timer, ms) arms a timer you own; closing it with ls::coro::close() resumes the sleeper with
//    error{-ECANCELED}. Stopping it (timer.stop()) leaves the sleeper suspended, as it would leave a callback
//    uncalled.
// sleep(loop, 0) still goes round the loop once (a 0 ms timer fires in the next timers phase), like
// asyncio.sleep(0): the way to let other strands run.
#pragma once

#include <cstdint>

#include "strand.h"

namespace ls {
class Timer;
}

namespace ls::coro {

class [[nodiscard]] sleep_awaiter {
 public:
  sleep_awaiter(Loop& loop, Timer* timer, uint64_t ms, where at) noexcept
      : wait_(loop, at), user_timer_(timer), ms_(ms) {}
  // Inline for the common case (resumed by its timer: nothing to undo), as it runs once per sleep.
  ~sleep_awaiter() {
    if (timer_ && (own_timer_ || wait_.suspended())) abandon();
  }
  sleep_awaiter(const sleep_awaiter&) = delete;
  sleep_awaiter& operator=(const sleep_awaiter&) = delete;

  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(stdco::coroutine_handle<P> h) {
    strand* s = detail::owner_of(h);
    return wait_.suspend_if_started(h, !user_timer_ && s ? start_on(*s) : start_other(), user_timer_);
  }
  void await_resume() const { wait_.throw_if_failed(); }

 private:
  // The common case, inline (it runs once per sleep): the strand's own timer, whose callback resumes this wait.
  int start_on(strand& s) {
    int r = s.sleep_for(ms_);
    timer_ = s.timer();
    return r == -EINVAL ? cancelled_if_closed(r) : r;
  }
  // Any other timer: the user's, or one made for a coroutine that is not an ls::coro task.
  int start_other();
  int cancelled_if_closed(int r) const;
  void abandon();

  detail::waiter wait_;
  Timer* user_timer_;         // sleep(timer, ms)
  Timer* timer_ = nullptr;    // the timer armed: the user's, the strand's, or an own one
  bool own_timer_ = false;
  uint64_t ms_;
};

inline sleep_awaiter sleep(Loop& loop, uint64_t ms, where at = where::here()) {
  return sleep_awaiter(loop, nullptr, ms, at);
}
sleep_awaiter sleep(Timer& timer, uint64_t ms, where at = where::here());

}  // namespace ls::coro
