// CycleTracker: the ring's view of the current iteration, read incrementally from a trace. Synthetic traces
// here; the gallery's runs check the ring through the view model (test_view_model.cpp).
#include "core/clock.h"
#include "core/trace.h"
#include "ui/model/cycle_tracker.h"
#include "ui_support.h"

using ls::Phase;
using ls::TraceKind;
using ls::ui::CycleTracker;

namespace {

void emit(ls::Trace& t, TraceKind kind, Phase phase = Phase::None, int64_t a = 0,
          ls::CallbackKind cb = ls::CallbackKind::Timer) {
  ls::TraceEvent ev;
  ev.kind = kind;
  ev.phase = phase;
  ev.a = a;
  ev.cb = cb;
  t.emit(ev);
}

// One legacy-order iteration of run('once'): timers, pending (with a re-drain after the poll), poll, closing,
// then timers again.
void once_iteration(ls::Trace& t) {
  emit(t, TraceKind::IterationBegin);
  emit(t, TraceKind::PhaseEnter, Phase::Timers, 2);
  emit(t, TraceKind::CallbackBegin, Phase::Timers);
  emit(t, TraceKind::CallbackBegin, Phase::Timers);
  emit(t, TraceKind::PhaseLeave, Phase::Timers);
  emit(t, TraceKind::PhaseEnter, Phase::Pending, 1);
  emit(t, TraceKind::CallbackBegin, Phase::Pending, 0, ls::CallbackKind::Pending);  // a pending dispatch: not counted
  emit(t, TraceKind::PhaseLeave, Phase::Pending);
  emit(t, TraceKind::PhaseEnter, Phase::Poll, 0);
  emit(t, TraceKind::PhaseLeave, Phase::Poll);
  emit(t, TraceKind::PhaseEnter, Phase::Pending, 3);
  emit(t, TraceKind::PhaseLeave, Phase::Pending);
  emit(t, TraceKind::PhaseEnter, Phase::Closing, 0);
  emit(t, TraceKind::PhaseLeave, Phase::Closing);
  emit(t, TraceKind::PhaseEnter, Phase::Timers, 0);
}

}  // namespace

TEST_CASE("cycle tracker: counts of the current iteration, re-drains, timers again, reset at the next iteration") {
  ls::Clock clock(ls::ClockKind::Virtual);
  ls::Trace trace(1000, clock, ls::TraceHeader{});
  CycleTracker seen;
  emit(trace, TraceKind::RunBegin);
  emit(trace, TraceKind::PhaseEnter, Phase::Timers, 1);
  seen.follow(trace);
  CHECK(seen.pre_loop());
  CHECK(seen.phase(Phase::Timers).visited);
  CHECK(seen.phase(Phase::Timers).ran == 0);
  CHECK(seen.phase(Phase::Poll).queue == -1);

  once_iteration(trace);
  seen.follow(trace);
  CHECK_FALSE(seen.pre_loop());
  CHECK(seen.phase(Phase::Timers).queue == 0);  // the second entry's queue
  CHECK(seen.phase(Phase::Timers).ran == 2);
  CHECK(seen.phase(Phase::Pending).queue == 3);
  CHECK(seen.phase(Phase::Pending).ran == 0);
  CHECK(seen.redrains() == 1);
  CHECK(seen.timers_again());
  CHECK_FALSE(seen.phase(Phase::Idle).visited);

  // Read all at once, the same as read event by event.
  CycleTracker at_once;
  at_once.follow(trace);
  CHECK(at_once.redrains() == seen.redrains());
  CHECK(at_once.phase(Phase::Timers).ran == seen.phase(Phase::Timers).ran);

  emit(trace, TraceKind::IterationBegin);
  seen.follow(trace);
  CHECK_FALSE(seen.phase(Phase::Timers).visited);
  CHECK(seen.redrains() == 0);
  CHECK_FALSE(seen.timers_again());

  // A new trace (a replay's fresh loop) starts the tracker over.
  trace.clear();
  ls::Trace fresh(1000, clock, ls::TraceHeader{});
  emit(fresh, TraceKind::RunBegin);
  seen.follow(fresh);
  CHECK(seen.pre_loop());
}

TEST_CASE("cycle tracker: events the ring dropped before they were read start the count at the oldest kept") {
  ls::Clock clock(ls::ClockKind::Virtual);
  ls::Trace trace(8, clock, ls::TraceHeader{});
  CycleTracker seen;
  emit(trace, TraceKind::RunBegin);
  seen.follow(trace);
  for (int i = 0; i < 20; ++i) emit(trace, TraceKind::CallbackBegin, Phase::Check, 0, ls::CallbackKind::Check);
  seen.follow(trace);
  CHECK_FALSE(seen.pre_loop());  // the RunBegin's iteration is no longer known to be the first
  CHECK(seen.phase(Phase::Check).ran == 8);
}
