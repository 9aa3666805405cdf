// The loop cycle as a ring: the seven phases of the trace in the order the iteration runs them (libuv >= 1.45:
// pending ... closing, timers; legacy 1.44: timers first), each with its queue and callbacks of the current
// iteration, as the session's CycleTracker read them from the trace. Geometry in radians, clockwise from 12 o'clock.
#include <cmath>

#include "core/loop.h"
#include "ui/model/view_model.h"

namespace ls::ui {

namespace {

constexpr float kPi = 3.14159265358979f;

const char* tooltip(Phase p) {  // the phase names stay libuv's; the words around them are translated
  switch (p) {
    case Phase::Timers: return N_("timers: update_time, then every timer due by now runs (repeat timers are re-armed first)");
    case Phase::Pending: return N_("pending: I/O callbacks deferred from the last iteration (finished writes, connect errors)");
    case Phase::Idle: return N_("idle: idle handles run every iteration, and make the poll not wait");
    case Phase::Prepare: return N_("prepare: runs right before the loop polls for I/O");
    case Phase::Poll: return N_("poll: waits for I/O up to the computed timeout, then runs the I/O callbacks");
    case Phase::Check: return N_("check: runs right after the poll (setImmediate in Node)");
    case Phase::Closing: return N_("closing: close callbacks, newest close() first");
    default: return "";
  }
}

}  // namespace

CycleView build_cycle(const Session* s, Order order, Lang lang) {
  if (s) order = s->loop().order();
  static const Phase kModern[] = {Phase::Pending, Phase::Idle,    Phase::Prepare, Phase::Poll,
                                  Phase::Check,   Phase::Closing, Phase::Timers};
  static const Phase kLegacy[] = {Phase::Timers, Phase::Pending, Phase::Idle,   Phase::Prepare,
                                  Phase::Poll,   Phase::Check,   Phase::Closing};
  const Phase* plan = order == Order::Modern ? kModern : kLegacy;
  CycleView cv;
  float step = 2 * kPi / 7;
  for (int i = 0; i < 7; ++i) {
    PhaseSlot slot;
    slot.phase = plan[i];
    slot.name = to_string(plan[i]);
    slot.label = slot.name;
    slot.tooltip = tr(lang, tooltip(plan[i]));
    slot.angle0 = i * step;
    slot.angle1 = (i + 1) * step;
    cv.ring.push_back(slot);
  }
  if (!s) {
    cv.header = tr(lang, "no run yet");
    return cv;
  }
  const Loop& loop = s->loop();
  const lua::Runtime& rt = s->runtime();
  bool looping = loop.running() && (rt.state() == lua::RunState::Looping || rt.state() == lua::RunState::Draining);
  cv.header = fmt(lang, "iteration {0} \xc2\xb7 loop time {1} ms", {std::to_string(loop.iteration()), std::to_string(loop.now())});
  auto slot_of = [&](Phase p) -> PhaseSlot* {
    for (PhaseSlot& sl : cv.ring)
      if (sl.phase == p) return &sl;
    return nullptr;
  };

  const CycleTracker& seen = s->cycle_tracker();
  for (PhaseSlot& sl : cv.ring) {
    const CycleTracker::PhaseCount& c = seen.phase(sl.phase);
    sl.visited = c.visited;
    sl.queue = c.queue;
    sl.ran = c.ran;
  }
  bool pre_loop = seen.pre_loop(), again = seen.timers_again() && order == Order::Legacy;
  int redrains = seen.redrains();
  if (looping) {
    if (PhaseSlot* sl = slot_of(loop.phase())) sl->lit = true;
  }
  cv.pre_loop_timers = looping && pre_loop && loop.phase() == Phase::Timers;
  if (PhaseSlot* t = slot_of(Phase::Timers)) {
    if (cv.pre_loop_timers) t->label = tr(lang, "timers (iteration 0)");
    if (again) t->label = tr(lang, "timers (again: run('once'))");
  }
  if (PhaseSlot* p = slot_of(Phase::Pending); p && redrains > 0)
    p->label = fmt(lang, "pending (re-drain {0}/8)", {std::to_string(redrains)});
  return cv;
}

}  // namespace ls::ui
