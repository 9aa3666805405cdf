// Phase bodies that run queued callbacks: timers, pending, idle/prepare/check, closing — plus the poll timeout
// rule. Each body is resumable: on its first call it takes its snapshot (the due timers, the moved queue, the
// closing list), then dispatches one callback at a time; when the caller steps by callback it returns false
// right after one, and the next call continues from the same snapshot. That is what makes stepping and running
// dispatch the same callbacks in the same order.
#include <climits>

#include "loop.h"
#include "loop_inline.h"
#include "timer.h"
#include "watchers.h"

namespace ls {

// uv__update_time + uv__run_timers (libuv >= 1.48): every timer due at the start of the pass is moved to a ready
// list first, then they run; a timer started by one of them waits for the next pass, so a 0 ms timer re-armed in
// its own callback cannot spin (libuv #4245). Repeat timers are re-armed before their callback.
bool Loop::run_timers() {
  if (!in_phase_ && !timers_begin()) return skip_phase(Phase::Timers);
  return run_timers_pass();
}

// After timers_begin() said there is work (or a pass is under way).
bool Loop::run_timers_pass() {
  if (!in_phase_) {
    timer_ready_.clear(/*keep=*/4096);
    timer_ready_pos_ = 0;
    while (!timers_.empty() && timers_.top().due <= time_ms_) {
      Timer* t = timers_.pop();
      t->deactivate();
      t->ready_pos_ = static_cast<uint32_t>(timer_ready_.size());
      timer_ready_.push_back(t);
    }
    enter_phase(Phase::Timers, timer_ready_.size());
  }
  while (timer_ready_pos_ < timer_ready_.size()) {
    Timer* t = timer_ready_[timer_ready_pos_++];
    if (!t) continue;  // stopped, restarted or closed by an earlier callback of this pass
    t->ready_pos_ = Timer::kNone;
    if (t->repeat_ != 0) arm_timer(*t, t->repeat_, t->repeat_);
    dispatch(t, CallbackKind::Timer, [t] { t->cb_(*t); });
    if (paused()) return false;
  }
  leave_phase();
  return true;
}

// uv__run_pending: the queue is moved aside, so entries fed by these callbacks wait for the next pass.
bool Loop::run_pending() {
  if (!in_phase_) {
    if (!tracing_ && pending_.empty()) return skip_phase(Phase::Pending);
    pending_pass_.take_all(pending_);
    enter_phase(Phase::Pending, tracing_ ? pending_pass_.size() : 0);
  }
  while (pending_current_ || !pending_pass_.empty()) {
    PendingEntry* e = pending_current_ ? pending_current_ : pending_pass_.pop_front();
    if (!run_pending_entry(*e)) return false;
    if (paused()) return false;
  }
  leave_phase();
  return true;
}

// A pending entry is one traced callback (libuv's uv__io_feed'ed watcher callback) around the snippet's
// callbacks it runs — write completions, a delayed connect error. When a step pauses between those, the entry
// stays current: its callback_begin has been emitted, its callback_end comes when it really ends.
bool Loop::run_pending_entry(PendingEntry& e) {
  bool resumed = pending_current_ == &e;
  pending_current_ = nullptr;
  if (!resumed) begin_callback(e.handle, e.kind);
  Handle* outer = current_;
  current_ = e.handle;
  continue_ = false;
  e.run(e);  // may delete e (a reaper entry frees itself): e is touched again only if it asked to continue
  current_ = outer;
  bury_retired();
  if (continue_) {
    continue_ = false;
    pending_current_ = &e;
    return false;
  }
  end_callback();
  return true;
}

// dispatch()'s bookkeeping split in two, for a callback that may pause in the middle (run_pending_entry).
void Loop::begin_callback(Handle* h, CallbackKind kind) {
  count_callback(h, kind);
  if (!tracing_) [[likely]] return;
  TraceEvent ev = callback_event(h, kind);
  pending_end_ = ev;  // the handle may be gone by the end (deleted in its close callback)
  pending_end_.kind = TraceKind::CallbackEnd;
  emit(std::move(ev));
}

void Loop::end_callback() {
  if (tracing_) [[unlikely]]
    emit(pending_end_);
}

// uv__run_idle / prepare / check (loop-watcher.c): each handle goes back to the queue's tail before its callback.
bool Loop::run_watchers(WatcherQueue& q, Phase p, CallbackKind kind) {
  if (!in_phase_) {
    if (!has_watchers(q)) return skip_phase(p);
    q.pass.take_all(q.queue);
    enter_phase(p, tracing_ ? q.pass.size() : 0);
  }
  while (!q.pass.empty()) {
    LoopWatcherBase* h = q.pass.pop_front();
    q.queue.push_back(h->node_);
    dispatch(h, kind, [h] { h->fire(); });
    if (paused()) return false;
  }
  leave_phase();
  return true;
}

// uv__run_closing_handles: the list is taken whole; handles closed by these callbacks wait for the next pass.
// Newest close() first (libuv pushes onto the head of a singly linked list).
bool Loop::run_closing() {
  if (!in_phase_) {
    if (!tracing_ && closing_.empty()) return skip_phase(Phase::Closing);
    closing_pass_.swap(closing_);
    closing_pos_ = closing_pass_.size();
    enter_phase(Phase::Closing, closing_pos_);
  }
  while (closing_pos_ > 0) {
    if (!finish_close(closing_pass_[closing_pos_ - 1])) return false;
    --closing_pos_;
    if (paused()) return false;
  }
  closing_pass_.clear();
  leave_phase();
  return true;
}

void Loop::feed(PendingEntry& e) {
  if (!e.queued()) pending_.push_back(e.node);
}

void Loop::unfeed(PendingEntry& e) { e.node.unlink(); }

// uv__backend_timeout's conditions, in its order (each tested only when the ones before it did not decide), then
// uv__next_timeout.
int Loop::backend_timeout(TimeoutReason& reason) const {
  if (stop_flag_) return reason = TimeoutReason::Stopped, 0;
  if (active_handles_ == 0 && active_reqs_ == 0) return reason = TimeoutReason::NoActiveHandles, 0;
  if (!pending_.empty()) return reason = TimeoutReason::Pending, 0;
  if (!idle_.queue.empty() || !idle_.pass.empty()) return reason = TimeoutReason::Idle, 0;
  if (closing_count_ > 0) return reason = TimeoutReason::Closing, 0;
  if (timers_.empty()) return reason = TimeoutReason::NoTimers, -1;
  uint64_t due = timers_.top().due;
  if (due <= time_ms_) return reason = TimeoutReason::TimerDue, 0;
  uint64_t diff = due - time_ms_;
  reason = TimeoutReason::Timer;
  return diff > INT_MAX ? INT_MAX : static_cast<int>(diff);
}

int Loop::backend_timeout() const {
  TimeoutReason r;
  return backend_timeout(r);
}

TimeoutReason Loop::backend_timeout_reason() const {
  TimeoutReason r;
  backend_timeout(r);
  return r;
}

// The poll phase's timeout: uv_run only asks backend_timeout() in DEFAULT mode, or in ONCE mode when the
// iteration may sleep (modern: no pending and no idle at its start; legacy: the pending phase ran nothing).
int Loop::poll_timeout(TimeoutReason& reason) const {
  if (mode_ == RunMode::NoWait) return reason = TimeoutReason::ModeNoWait, 0;
  if (mode_ == RunMode::Once && (order_ == Order::Modern ? !can_sleep_ : ran_pending_))
    return reason = TimeoutReason::ModeOnceBusy, 0;
  return backend_timeout(reason);
}

}  // namespace ls
