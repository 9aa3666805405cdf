// Timer handle (uv_timer_t): one-shot or repeating, due = loop.now() + timeout with the *cached* now, ordered in
// the loop's heap by (due, start sequence) so equal due times fire in start order. Repeat timers are re-armed
// (relative to the cached now) before their callback runs. Covered by tests/core/test_timer.cpp.
#pragma once

#include <cstdint>

#include "handle.h"

namespace ls {

namespace detail { class TimerHeap; }

class Timer final : public Handle {
 public:
  using Callback = SmallFunction<void(Timer&)>;  // 16 bytes, one pointer of state inline

  explicit Timer(Loop& loop);
  ~Timer() override;

  // (Re)starts the timer. timeout and repeat are in ms; now + timeout saturates at UINT64_MAX.
  // -EINVAL if the handle is closing or cb is empty.
  int start(Callback cb, uint64_t timeout_ms, uint64_t repeat_ms = 0);
  // Restarts it with the callback it already has (-EINVAL if it never had one, or is closing). From its own
  // callback this replaces nothing, so nothing is retired: ls::coro's sleep re-arms a strand's timer this way.
  int start(uint64_t timeout_ms, uint64_t repeat_ms = 0);
  int stop();
  // Restarts a repeating timer with its repeat as timeout; no-op if repeat is 0. -EINVAL if never started.
  int again();
  void set_repeat(uint64_t repeat_ms) { repeat_ = repeat_ms; }
  uint64_t repeat() const { return repeat_; }
  // ms until due relative to the cached now; 0 if due or overdue (uv_timer_get_due_in).
  uint64_t due_in() const;
  // Absolute due time in loop ms (the value the heap is ordered by).
  uint64_t due() const { return due_; }

 private:
  friend class Loop;
  friend class detail::TimerHeap;
  static constexpr uint32_t kNone = UINT32_MAX;

  void on_close() override;
  void describe(HandleInfo&) const override;

  Callback cb_;
  uint64_t due_ = 0;
  uint64_t repeat_ = 0;
  uint32_t heap_pos_ = kNone;   // index in the loop's heap while armed
  uint32_t ready_pos_ = kNone;  // index in the timers pass' ready list while collected but not yet run
};

}  // namespace ls
