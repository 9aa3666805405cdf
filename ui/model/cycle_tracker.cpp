#include "ui/model/cycle_tracker.h"

namespace ls::ui {

void CycleTracker::follow(const Trace& trace) {
  uint64_t last = trace.last_seq();
  if (last < seen_) *this = CycleTracker();
  for (uint64_t seq = seen_ + 1; seq <= last; ++seq) {
    const TraceEvent* ev = trace.event(seq);
    // Events the ring dropped before we looked: what is known starts at the oldest one kept.
    if (!ev) {
      begin(false);
      continue;
    }
    take(*ev);
  }
  seen_ = last;
}

void CycleTracker::begin(bool pre_loop) {
  phases_ = {};
  pre_loop_ = pre_loop;
  after_poll_ = after_closing_ = again_ = false;
  redrains_ = 0;
}

void CycleTracker::take(const TraceEvent& ev) {
  switch (ev.kind) {
    case TraceKind::IterationBegin: begin(false); break;
    case TraceKind::RunBegin: begin(true); break;
    case TraceKind::PhaseEnter: {
      if (ev.phase == Phase::None) break;
      PhaseCount& p = phases_[static_cast<size_t>(ev.phase)];
      if (ev.phase == Phase::Pending && after_poll_) ++redrains_;
      if (ev.phase == Phase::Timers && after_closing_) again_ = true;
      p.visited = true;
      p.queue = static_cast<int>(ev.a);
      if (p.ran < 0) p.ran = 0;
      break;
    }
    case TraceKind::PhaseLeave:
      if (ev.phase == Phase::Poll) after_poll_ = true;
      if (ev.phase == Phase::Closing) after_closing_ = true;
      break;
    case TraceKind::CallbackBegin:
      if (ev.cb != CallbackKind::Pending && ev.phase != Phase::None) {
        PhaseCount& p = phases_[static_cast<size_t>(ev.phase)];
        p.ran = p.ran < 0 ? 1 : p.ran + 1;
      }
      break;
    default: break;
  }
}

}  // namespace ls::ui
