// The trace ring buffer: emit, read back, clear. Export formats are in trace_export.cpp.
#include "trace.h"

#include "clock.h"

namespace ls {

const char* to_string(TraceKind k) {
  switch (k) {
    case TraceKind::RunBegin: return "run_begin";
    case TraceKind::RunEnd: return "run_end";
    case TraceKind::IterationBegin: return "iteration_begin";
    case TraceKind::IterationEnd: return "iteration_end";
    case TraceKind::UpdateTime: return "update_time";
    case TraceKind::PhaseEnter: return "phase_enter";
    case TraceKind::PhaseLeave: return "phase_leave";
    case TraceKind::PollTimeout: return "poll_timeout";
    case TraceKind::PollReady: return "poll_ready";
    case TraceKind::TimeJump: return "time_jump";
    case TraceKind::CallbackBegin: return "callback_begin";
    case TraceKind::CallbackEnd: return "callback_end";
    case TraceKind::HandleOpen: return "handle_open";
    case TraceKind::HandleStart: return "handle_start";
    case TraceKind::HandleStop: return "handle_stop";
    case TraceKind::HandleClose: return "handle_close";
    case TraceKind::HandleRef: return "handle_ref";
    case TraceKind::RequestSubmit: return "request_submit";
    case TraceKind::RequestComplete: return "request_complete";
    case TraceKind::WorkQueue: return "work_queue";
    case TraceKind::WorkStart: return "work_start";
    case TraceKind::WorkFinish: return "work_finish";
    case TraceKind::CoroSuspend: return "coro_suspend";
    case TraceKind::CoroResume: return "coro_resume";
    case TraceKind::Output: return "output";
    case TraceKind::Stall: return "stall";
    case TraceKind::IoInterest: return "io_interest";
    case TraceKind::Input: return "input";
    case TraceKind::CoroSpawn: return "coro_spawn";
    case TraceKind::CoroDone: return "coro_done";
  }
  return "?";
}

const char* to_string(InputAction a) {
  switch (a) {
    case InputAction::Connect: return "connect";
    case InputAction::Send: return "send";
    case InputAction::Shutdown: return "shutdown";
    case InputAction::Close: return "close";
    case InputAction::Reading: return "reading";
    case InputAction::Latency: return "latency";
    case InputAction::Reset: return "reset";
    case InputAction::Refuse: return "refuse";
    case InputAction::FdLimit: return "fdlimit";
    case InputAction::SendBuffer: return "sndbuf";
  }
  return "?";
}

const char* to_string(CoroKind k) { return k == CoroKind::Task ? "task" : "coroutine"; }
const char* to_string(CoroStatus s) { return s == CoroStatus::Done ? "done" : "failed"; }

Trace::Trace(size_t capacity, const Clock& clock, TraceHeader header)
    : capacity_(capacity), clock_(&clock), header_(std::move(header)) {}

void Trace::emit(TraceEvent ev) {
  if (capacity_ == 0) return;
  ev.seq = next_seq_++;
  ev.t_ns = clock_->now_ns();
  if (ev.phase == Phase::None && phase_src_) ev.phase = *phase_src_;
  if (listener_) listener_(ev);
  if (ev.kind == TraceKind::CallbackBegin) {
    open_callbacks_.push_back(ev.seq);
  } else if (ev.kind == TraceKind::CallbackEnd && !open_callbacks_.empty()) {
    open_callbacks_.pop_back();
  }
  if (ring_.size() < capacity_) {
    ring_.push_back(std::move(ev));  // grows on demand: a large capacity costs nothing until used
    ++count_;
  } else {
    ring_[head_] = std::move(ev);  // full: overwrite the oldest
    head_ = (head_ + 1) % capacity_;
  }
}

TraceEvent* Trace::find(uint64_t seq) {
  uint64_t oldest = next_seq_ - count_;
  if (count_ == 0 || seq < oldest || seq >= next_seq_) return nullptr;
  return &ring_[(head_ + (seq - oldest)) % ring_.size()];
}

void Trace::set_callback_line(int line) {
  if (open_callbacks_.empty()) return;
  if (TraceEvent* ev = find(open_callbacks_.back())) ev->line = line;
}

void Trace::set_open_line(uint64_t handle_id, int line) {
  // The open is among the newest events: the handle was created a moment ago.
  for (uint64_t seq = next_seq_ - 1, n = 0; seq > 0 && n < 16; --seq, ++n) {
    TraceEvent* ev = find(seq);
    if (!ev) return;
    if (ev->kind == TraceKind::HandleOpen && ev->id == handle_id) {
      ev->line = line;
      return;
    }
  }
}

void Trace::output(std::string text) {
  TraceEvent ev;
  ev.kind = TraceKind::Output;
  ev.text = std::move(text);
  emit(std::move(ev));
}

// The numbered coroutine events share one shape: id, name, and two kind-specific numbers.
static TraceEvent coro_event(TraceKind kind, uint64_t id, std::string name, int64_t a, int64_t b) {
  TraceEvent ev;
  ev.kind = kind;
  ev.id = id;
  ev.text = std::move(name);
  ev.a = a;
  ev.b = b;
  return ev;
}

// The unnumbered forms (core/coro strands): the same events with id 0.
void Trace::coro_suspend(std::string name, int line) {
  emit(coro_event(TraceKind::CoroSuspend, 0, std::move(name), line, 0));
}

void Trace::coro_resume(std::string name, int line) {
  emit(coro_event(TraceKind::CoroResume, 0, std::move(name), line, 0));
}

void Trace::coro_spawn(uint64_t id, std::string name, int line, CoroKind kind) {
  emit(coro_event(TraceKind::CoroSpawn, id, std::move(name), line, static_cast<int64_t>(kind)));
}

void Trace::coro_suspend(uint64_t id, std::string name, int line, std::string_view awaiting) {
  if (!enabled()) return;  // interning costs a search: not when tracing is off
  emit(coro_event(TraceKind::CoroSuspend, id, std::move(name), line, intern(awaiting)));
}

void Trace::coro_resume(uint64_t id, std::string name, int line) {
  emit(coro_event(TraceKind::CoroResume, id, std::move(name), line, 0));
}

void Trace::coro_done(uint64_t id, std::string name, CoroStatus status) {
  emit(coro_event(TraceKind::CoroDone, id, std::move(name), static_cast<int64_t>(status), 0));
}

// A linear search from the newest: a program awaits a handful of distinct things, and the newest is the likeliest
// to repeat (a loop of sleeps, reads on one socket).
uint32_t Trace::intern(std::string_view s) {
  if (s.empty()) return 0;
  for (size_t i = interned_.size(); i-- > 1;)
    if (interned_[i] == s) return static_cast<uint32_t>(i);
  if (interned_.size() > kMaxInterned) return 0;
  interned_.emplace_back(s);
  return static_cast<uint32_t>(interned_.size() - 1);
}

const std::string& Trace::interned(uint64_t n) const { return n < interned_.size() ? interned_[n] : interned_[0]; }

std::vector<TraceEvent> Trace::events() const {
  std::vector<TraceEvent> out;
  out.reserve(count_);
  for (size_t i = 0; i < count_; ++i) out.push_back(ring_[(head_ + i) % ring_.size()]);
  return out;
}

void Trace::clear() {
  cleared_ += count_;
  ring_.clear();
  head_ = 0;
  count_ = 0;
}

}  // namespace ls
