// The poll phase: compute the timeout (with its reason), ask the backend (or, on the virtual clock, jump time
// instead of sleeping), then dispatch what is ready — async handles on a wake-up, poll handles per fd, signals
// last — one callback at a time so stepping can pause anywhere. Also the fd table (io_set) and the rule that
// keeps stale events away from a watcher: events of an fd that stopped or closed are invalidated in the batch.
#include "async.h"
#include "loop.h"
#include "loop_inline.h"
#include "process.h"
#include "signal.h"

namespace ls {

bool Loop::run_poll() {
  if (!in_phase_ || poll_waiting_) {
    if (!poll_waiting_) {
      enter_phase(Phase::Poll, nfds_);
      TimeoutReason reason;
      poll_timeout_ = poll_timeout(reason);
      if (tracing_) [[unlikely]]
        emit_event(TraceKind::PollTimeout, poll_timeout_, 0, to_string(reason));
    }
    ready_.clear();
    ready_pos_ = 0;
    // Nothing watched, no async handle, no wait: nothing can be ready (libuv 1.44 makes the syscall anyway).
    if (poll_timeout_ != 0 || nfds_ != 0 || wake_enabled_ || tracing_) {
      if (!clock_.is_virtual() && poll_timeout_ >= 0) {
        backend_->poll(poll_timeout_, ready_);  // backend_poll's real-clock case, the one of every busy iteration
      } else {
        poll_waiting_ = !backend_poll(poll_timeout_);
        if (poll_waiting_) return false;
      }
    }
    if (tracing_) [[unlikely]]
      for (const ReadyEvent& ev : ready_) emit_event(TraceKind::PollReady, ev.fd, ev.events);
  }
  // Most polls find nothing: then dispatch_ready() would only walk its empty queues.
  bool nothing = ready_pos_ == ready_.size() && !io_resume_ && async_pass_.empty() &&
                 sig_ready_pos_ == sig_ready_.size() && !sig_event_;
  if (!nothing && !dispatch_ready()) return false;
  leave_phase();
  return true;
}

// uv__io_poll's waiting part. On the virtual clock nothing sleeps: if nothing is ready now, time jumps to the
// earliest of the next due timer and the backend's next event; only when neither exists does it really wait
// (for a real fd or another thread's Async::send), and when nothing at all could end that wait, the run stalls.
bool Loop::backend_poll(int timeout) {
  if (!clock_.is_virtual()) {
    // Nothing could end an unbounded wait (no other thread, no scheduled event): what is ready now, or a stall.
    if (timeout < 0 && !backend_->can_block() && backend_->next_event_ns() == Backend::kNever) {
      if (backend_->poll(0, ready_) == 0) stall();
      return true;
    }
    backend_->poll(timeout, ready_);
    return true;
  }
  if (backend_->poll(0, ready_) > 0 || timeout == 0) return true;
  uint64_t target = Backend::kNever;
  if (timeout > 0) {
    uint64_t due_ms = time_ms_ + static_cast<uint64_t>(timeout);
    target = due_ms > UINT64_MAX / 1000000 ? Backend::kNever - 1 : due_ms * 1000000;
  }
  uint64_t next = backend_->next_event_ns();
  if (next < target) target = next;
  waiting_for_input_ = false;
  if (target == Backend::kNever) {
    if (!backend_->can_block()) {
      if (!outside_input_) return stall(), true;
      waiting_for_input_ = true;  // only someone outside can end this wait: wait for them, as at a horizon
      return false;
    }
    backend_->poll(-1, ready_);
    return true;
  }
  uint64_t from = clock_.now_ns();
  if (target > horizon_ns_ && target > from) return false;  // a paced driver's real time has not got there yet
  if (target > from) {
    clock_.advance_to(target);
    if (tracing_) [[unlikely]]
      emit_event(TraceKind::TimeJump, static_cast<int64_t>(from), static_cast<int64_t>(target));
  }
  backend_->poll(0, ready_);
  return true;
}

bool Loop::jump_wait_to(uint64_t ns) {
  uint64_t from = clock_.now_ns();
  if (!poll_waiting_ || !clock_.is_virtual() || ns <= from) return false;
  clock_.advance_to(ns);
  if (tracing_) [[unlikely]]
    emit_event(TraceKind::TimeJump, static_cast<int64_t>(from), static_cast<int64_t>(ns));
  return true;
}

void Loop::stall() {
  stalled_ = true;
  last_error_ = "the loop would wait forever: handles are alive but nothing can ever wake it (no timer is armed and no event can arrive)";
  if (tracing_) [[unlikely]]
    emit_event(TraceKind::Stall);
}

// Calls a watcher; false when it paused mid-batch (continue_later) and is to be called again first.
bool Loop::call_watcher(IoWatcher& w, int events) {
  continue_ = false;
  w.cb(w, events);
  if (!continue_) return true;
  continue_ = false;
  io_resume_ = &w;
  io_resume_events_ = events;
  return false;
}

bool Loop::dispatch_ready() {
  if (IoWatcher* w = io_resume_) {  // a watcher paused between the callbacks of one event continues first
    io_resume_ = nullptr;
    if (!call_watcher(*w, io_resume_events_) || paused()) return false;
  }
  for (;;) {
    // uv__async_io: every async handle whose flag is set gets one callback, in creation order.
    while (!async_pass_.empty()) {
      Async* a = async_pass_.pop_front();
      asyncs_.push_back(a->node_);
      if (!a->pending_.exchange(false, std::memory_order_acq_rel)) continue;
      dispatch(a, CallbackKind::Async, [a] { a->cb_(*a); });
      if (paused()) return false;
    }
    while (sig_ready_pos_ < sig_ready_.size()) {
      Signal* s = sig_ready_[sig_ready_pos_++];
      if (!s) continue;  // stopped or closed since the signal was read
      dispatch(s, CallbackKind::Signal, [s] { s->cb_(*s, s->signum_); });
      if (paused()) return false;
    }
    while (exit_ready_pos_ < exit_ready_.size()) {
      Process* p = exit_ready_[exit_ready_pos_++];
      if (!p || !p->cb_) continue;  // closed since it was reaped, or nobody asked
      dispatch(p, CallbackKind::Exit, [p] { p->cb_(*p, p->exit_status_, p->term_signal_); });
      if (paused()) return false;
    }
    if (ready_pos_ == ready_.size()) {
      if (!sig_event_) break;
      sig_event_ = false;
      signal_read();
      continue;
    }
    ReadyEvent ev = ready_[ready_pos_++];
    if (ev.fd == Backend::kWakeFd) {
      async_pass_.take_all(asyncs_);
      continue;
    }
    if (ev.fd < 0 || static_cast<size_t>(ev.fd) >= watchers_.size()) continue;  // invalidated
    IoWatcher* w = watchers_[ev.fd];
    if (!w) continue;  // nobody watches this fd any more
    if (w == &sig_io_) {
      sig_event_ = true;
      continue;
    }
    // Only what the watcher asked for; a bare error/hang-up is widened to its interest so it hears of it
    // (libuv's epoll quirk workaround in uv__io_poll).
    int events = ev.events & (w->interest | kError | kHangup);
    if ((events & w->interest) == 0 && events != 0) events |= w->interest;
    if (events == 0) continue;
    if (!call_watcher(*w, events) || paused()) return false;
  }
  sig_ready_.clear();
  sig_ready_pos_ = 0;
  exit_ready_.clear();
  exit_ready_pos_ = 0;
  return true;
}

int Loop::io_set(IoWatcher& w, int fd, int mask) {
  if (mask == 0) {
    if (w.interest == 0) return 0;
    backend_->remove(w.fd);
    watchers_[w.fd] = nullptr;
    --nfds_;
    invalidate_fd(w.fd);
    w.interest = 0;
    return 0;
  }
  if (fd < 0) return -EBADF;
  if (static_cast<size_t>(fd) >= watchers_.size()) watchers_.resize(static_cast<size_t>(fd) + 1, nullptr);
  if (watchers_[fd] && watchers_[fd] != &w) return -EEXIST;
  if (mask == w.interest) return 0;  // no redundant epoll_ctl
  int r = w.interest == 0 ? backend_->add(fd, mask) : backend_->modify(fd, mask);
  if (r < 0) return r;
  if (!watchers_[fd]) {
    watchers_[fd] = &w;
    ++nfds_;
  }
  w.fd = fd;
  w.interest = mask;
  return 0;
}

int Loop::io_set_traced(IoWatcher& w, int fd, int mask) {
  if (mask == w.interest) return 0;
  int r = io_set(w, fd, mask);
  if (r == 0 && trace().enabled() && w.owner) [[unlikely]] {
    TraceEvent ev;
    ev.kind = TraceKind::IoInterest;
    ev.id = w.owner->id();
    ev.htype = w.owner->type();
    ev.a = fd;
    ev.b = mask;
    trace().emit(std::move(ev));
  }
  return r;
}

// uv__platform_invalidate_fd: the rest of the current batch must not reach whoever watches this fd next.
void Loop::invalidate_fd(int fd) {
  for (size_t i = ready_pos_; i < ready_.size(); ++i)
    if (ready_[i].fd == fd) ready_[i].fd = -1;
}

}  // namespace ls
