// Phase bookkeeping shared by loop_phases.cpp and loop_poll.cpp, inline because every phase of every iteration
// goes through it. Internal: included by the loop's own .cpp files only.
#pragma once

#include "loop.h"

namespace ls {

inline void Loop::enter_phase(Phase p, size_t queue_size) {
  in_phase_ = true;
  phase_ = p;
  phase_cbs_ = cb_count_;
  if (tracing_) [[unlikely]]
    emit_event(TraceKind::PhaseEnter, static_cast<int64_t>(queue_size), 0, nullptr, p);
}

// An empty phase with tracing off: the same observable effect as enter + leave (a step by phase still stops
// here), minus the bookkeeping. Most phases of most iterations are empty.
inline bool Loop::skip_phase(Phase p) {
  phase_ = p;
  phase_done_ = true;
  return true;
}

// The timers phase's start: update_time, then whether a pass has anything to do (with tracing off, only when a
// timer is due). Inline: it runs every iteration, and most find no timer due.
inline bool Loop::timers_begin() {
  phase_ = Phase::Timers;
  update_time();
  return tracing_ || (!timers_.empty() && timers_.top().due <= time_ms_);
}

inline void Loop::leave_phase() {
  in_phase_ = false;
  phase_done_ = true;
  if (tracing_) [[unlikely]]
    emit_event(TraceKind::PhaseLeave, static_cast<int64_t>(cb_count_ - phase_cbs_), 0, nullptr, phase_);
}

}  // namespace ls
