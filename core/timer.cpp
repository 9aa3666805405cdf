// Timer handle: start/stop/again and the loop's arming of the heap (uv_timer_* in libuv's src/timer.c).
#include "timer.h"

#include "loop.h"

namespace ls {

Timer::Timer(Loop& loop) : Handle(loop, HandleType::Timer) {}

Timer::~Timer() {
  if (needs_detach()) loop().disarm_timer(*this);
}

int Timer::start(Callback cb, uint64_t timeout_ms, uint64_t repeat_ms) {
  if (is_closing() || !cb) return -EINVAL;
  loop().disarm_timer(*this);
  loop().retire_if_running(*this, cb_);
  cb_ = std::move(cb);
  loop().arm_timer(*this, timeout_ms, repeat_ms);
  return 0;
}

int Timer::start(uint64_t timeout_ms, uint64_t repeat_ms) {
  if (is_closing() || !cb_) return -EINVAL;
  loop().disarm_timer(*this);
  loop().arm_timer(*this, timeout_ms, repeat_ms);
  return 0;
}

int Timer::stop() {
  bool was_active = is_active();
  loop().disarm_timer(*this);
  if (was_active) loop().trace_handle(TraceKind::HandleStop, *this);
  return 0;
}

int Timer::again() {
  if (!cb_) return -EINVAL;
  if (repeat_ != 0) {
    loop().disarm_timer(*this);
    loop().arm_timer(*this, repeat_, repeat_);
  }
  return 0;
}

uint64_t Timer::due_in() const {
  uint64_t now = loop().now();
  return now >= due_ ? 0 : due_ - now;
}

void Timer::on_close() { stop(); }

void Timer::describe(HandleInfo& info) const {
  info.timer_due = due_;
  info.timer_repeat = repeat_;
}

// uv_timer_start's arithmetic: due is relative to the cached now and saturates instead of wrapping.
void Loop::arm_timer(Timer& t, uint64_t timeout, uint64_t repeat) {
  uint64_t due = time_ms_ + timeout;
  if (due < timeout) due = UINT64_MAX;
  t.due_ = due;
  t.repeat_ = repeat;
  timers_.push(&t, due, ++timer_seq_);
  t.activate();
  trace_handle(TraceKind::HandleStart, t, static_cast<int64_t>(due), static_cast<int64_t>(repeat));
}

// Takes the timer out of the heap, or out of the current timers pass if it was collected but has not run yet.
void Loop::disarm_timer(Timer& t) {
  if (t.heap_pos_ != Timer::kNone) {
    timers_.remove(&t);
  } else if (t.ready_pos_ != Timer::kNone) {
    timer_ready_[t.ready_pos_] = nullptr;
    t.ready_pos_ = Timer::kNone;
  }
  t.deactivate();
}

}  // namespace ls
