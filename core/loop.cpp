// The loop: uv_run as a resumable program. Read kModern / kLegacy below first — they ARE the iteration, in
// libuv's order; drive() walks them, and stepping pauses that walk after a callback, a phase or an iteration.
// run_iterations() is the same iteration written out straight, for runs nobody steps (it must follow the plans).
// Phase bodies: loop_phases.cpp (timers, pending, idle/prepare/check, closing) and loop_poll.cpp (poll).
#include "loop.h"

#include <cassert>
#include <cerrno>
#include <chrono>
#include <thread>
#include <utility>

#include "async.h"
#include "fs_watches.h"
#include "loop_inline.h"
#include "signal.h"
#include "watchers.h"

namespace ls {

// Where the run is. Begin/PreTimers/LoopTest/Finish frame the iteration; the others are its steps.
enum class Loop::Stage : uint8_t {
  Begin,       // r = alive(); if (!r) update_time()
  PreTimers,   // modern, DEFAULT mode only: update_time; run_timers, once, before the first iteration
  LoopTest,    // while (r && !stop_flag): start an iteration
  Pending,     // run_pending: I/O callbacks deferred from the previous iteration
  Idle,        // run_idle
  Prepare,     // run_prepare
  Poll,        // timeout = backend_timeout() as the mode allows; poll for I/O; I/O callbacks
  Redrain,     // up to 8 more pending passes while the queue is not empty (libuv >= 1.44.2)
  Check,       // run_check
  Closing,     // run_closing_handles: close callbacks, LIFO
  Timers,      // update_time; run_timers
  OnceTimers,  // legacy, ONCE mode only: update_time; run_timers ("forward progress")
  AliveCheck,  // r = alive(); leave unless DEFAULT
  Finish,      // clear stop_flag; return r
};

namespace {

using S = Loop::Stage;

// libuv >= 1.45 (src/unix/core.c uv_run): timers run at the END of an iteration.
constexpr S kModern[] = {S::Pending, S::Idle,    S::Prepare, S::Poll,   S::Redrain,
                         S::Check,   S::Closing, S::Timers,  S::AliveCheck};

// libuv 1.44.2: update_time + timers at the START of each iteration, and in ONCE mode once more at the end.
constexpr S kLegacy[] = {S::Timers, S::Pending, S::Idle,       S::Prepare,   S::Poll, S::Redrain,
                         S::Check,  S::Closing, S::OnceTimers, S::AliveCheck};

}  // namespace

Loop::Loop(LoopOptions options)
    : clock_(options.clock),
      order_(options.order),
      costs_(options.costs),
      backend_(options.backend ? std::move(options.backend) : make_default_backend()),
      trace_(options.trace_capacity, clock_,
             TraceHeader{to_string(options.clock), backend_->name(), to_string(options.order),
                         options.costs.ns_per_iteration, options.costs.ns_per_callback,
                         options.costs.ns_per_lua_instruction}),
      tracing_(options.trace_capacity != 0),
      charge_costs_(options.clock == ClockKind::Virtual),
      stage_(Stage::Begin),
      plan_(options.order == Order::Modern ? kModern : kLegacy) {
  trace_.phase_src_ = &phase_;
  backend_->attach(clock_);
  update_time();
}

Loop::~Loop() {
  // Handles still registered belong to their owners; cut them loose so their destructors do not touch us.
  assert(handles_.empty() && "ls::Loop destroyed with live handles");
  while (!handles_.empty()) handles_.pop_front()->loop_ = nullptr;
  fs_watches_.reset();  // closes its fd through the backend, which must still be there
  signal_teardown();
}

detail::FsWatches& Loop::fs_watches() {
  if (!fs_watches_) fs_watches_ = std::make_unique<detail::FsWatches>(*this);
  return *fs_watches_;
}

void Loop::update_time() {
  time_ms_ = clock_.now_ns() / 1000000;
  if (tracing_) [[unlikely]]
    emit_event(TraceKind::UpdateTime, static_cast<int64_t>(time_ms_));
}

void Loop::stop() { stop_flag_ = true; }

void Loop::sleep(uint64_t ms) {
  if (clock_.is_virtual()) {
    clock_.advance(ms * 1000000);
  } else {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  }
}

int Loop::close() {
  if (active_reqs_ > 0 || !handles_.empty()) {
    last_error_ = "loop.close(): handles or requests are still alive (close them and run the loop first)";
    return -EBUSY;
  }
  closed_ = true;
  return 0;
}

// --- running ---

int Loop::run(RunMode mode) {
  if (driving_) {
    last_error_ = "loop.run() called from a callback: the loop is not re-entrant";
    return -EBUSY;
  }
  if (run_active_ && mode != mode_) {
    last_error_ = std::string("loop.run(") + to_string(mode) + "): a stepped run in mode " + to_string(mode_) +
                  " is in progress";
    return -EBUSY;
  }
  if (!run_active_) begin_run(mode);
  slice_callback_ = false;
  uint64_t horizon = std::exchange(horizon_ns_, kNoHorizon);  // run() goes to the end: it never waits
  bool outside = std::exchange(outside_input_, false);
  drive(Until::End);
  horizon_ns_ = horizon;
  outside_input_ = outside;
  return run_result_;
}

StepResult Loop::step(StepKind kind, RunMode mode) {
  StepResult res;
  if (driving_) {
    last_error_ = "loop.step() called from a callback: the loop is not re-entrant";
    res.error = -EBUSY;
    return res;
  }
  if (!run_active_) begin_run(mode);
  uint64_t before = leaf_count_;
  slice_callback_ = kind == StepKind::Callback;
  cb_mark_ = leaf_count_;
  drive(kind == StepKind::Callback ? Until::Callback : kind == StepKind::Phase ? Until::Phase : Until::Iteration);
  slice_callback_ = false;
  res.waiting = poll_waiting_;
  res.waiting_for_input = waiting_for_input();
  res.callbacks = leaf_count_ - before;
  res.phase = phase_;
  res.alive = alive();
  res.run_ended = !run_active_;
  res.result = run_result_;
  res.iteration = iteration_;
  if (res.callbacks > 0) {
    res.handle_id = last_cb_id_;
    res.handle_type = last_cb_type_;
    res.cb = last_cb_kind_;
  }
  return res;
}

void Loop::begin_run(RunMode mode) {
  mode_ = mode;
  run_active_ = true;
  stalled_ = false;
  stage_ = Stage::Begin;
  if (tracing_) [[unlikely]]
    emit_event(TraceKind::RunBegin, static_cast<int64_t>(mode));
}

void Loop::finish_run() {
  if (stop_flag_) stop_flag_ = false;
  run_result_ = alive_r_ ? 1 : 0;
  run_active_ = false;
  phase_ = Phase::None;
  stage_ = Stage::Begin;
  if (tracing_) [[unlikely]]
    emit_event(TraceKind::RunEnd, run_result_, stalled_ ? 1 : 0);
}

// Walks the program until the run finishes or the step the caller asked for is complete. A run that is not
// being stepped takes the straight-line iteration (run_iterations) once it stands at an iteration boundary; the
// stage walk is what stepping needs, and what finishes a run that a step left mid-iteration.
void Loop::drive(Until until) {
  driving_ = true;
  struct Guard {
    bool& flag;
    ~Guard() { flag = false; }
  } guard{driving_};
  current_ = nullptr;
  for (;;) {
    if (until == Until::End && stage_ == Stage::LoopTest && !run_iterations()) return;
    phase_done_ = false;
    Stage s = stage_;
    if (!execute(s)) return;  // paused right after a callback
    if (s == Stage::Finish) return;
    if (until == Until::Phase && phase_done_) return;
    if (until == Until::Iteration && s == Stage::AliveCheck) return;
  }
}

// LoopTest's iteration start and AliveCheck's end, shared by the stage walk and the straight line.
void Loop::begin_iteration() {
  ++iteration_;
  clock_.advance(charge_costs_ ? costs_.ns_per_iteration : 0);
  can_sleep_ = pending_.empty() && idle_.queue.empty();
  redrain_ = 0;
  if (tracing_) [[unlikely]]
    emit_event(TraceKind::IterationBegin, static_cast<int64_t>(iteration_));
}

void Loop::end_iteration() {
  alive_r_ = alive();
  if (tracing_) [[unlikely]]
    emit_event(TraceKind::IterationEnd, static_cast<int64_t>(iteration_), alive_r_);
}

// kModern / kLegacy written out as straight code for run(): the same phase bodies in the same order, without a
// dispatch per stage, and an empty phase costs one test (with tracing off; on, every phase is entered as in the
// stage walk, so the trace is the same). stage_ names the phase that runs, as the stage walk has it, so that if
// a phase returns false (nothing pauses a run: no step by callback, no wait horizon — kept honest all the same)
// or a callback throws, the stage walk resumes exactly there (pause_at).
bool Loop::run_iterations() {
  const bool legacy = order_ == Order::Legacy;
  try {
    while (alive_r_ && !stop_flag_ && !stalled_) {
      begin_iteration();
      if (legacy && timers_begin() && !run_as(Stage::Timers)) return false;
      ran_pending_ = !pending_.empty();
      if ((ran_pending_ || tracing_) && !run_as(Stage::Pending)) return false;
      if (has_watchers(idle_) && !run_as(Stage::Idle)) return false;
      if (has_watchers(prepare_) && !run_as(Stage::Prepare)) return false;
      if (!run_as(Stage::Poll)) return false;
      while (redrain_ < 8 && !pending_.empty()) {
        ++redrain_;
        if (!run_as(Stage::Redrain)) return false;
      }
      if (has_watchers(check_) && !run_as(Stage::Check)) return false;
      if ((tracing_ || !closing_.empty()) && !run_as(Stage::Closing)) return false;
      if (!legacy) {
        if (timers_begin() && !run_as(Stage::Timers)) return false;
      } else if (mode_ == RunMode::Once && timers_begin() && !run_as(Stage::OnceTimers)) {
        return false;
      }
      end_iteration();
      if (mode_ != RunMode::Default) break;
    }
  } catch (...) {
    pause_at(stage_);  // an exception from a callback: run() again continues that phase, as after the stage walk
    throw;
  }
  stage_ = Stage::Finish;
  return true;
}

// One phase of the straight line, as stage s (timers: after timers_begin() found work). False = paused there.
inline bool Loop::run_as(Stage s) {
  stage_ = s;
  bool done;
  switch (s) {
    case Stage::Pending:
    case Stage::Redrain: done = run_pending(); break;
    case Stage::Idle: done = run_watchers(idle_, Phase::Idle, CallbackKind::Idle); break;
    case Stage::Prepare: done = run_watchers(prepare_, Phase::Prepare, CallbackKind::Prepare); break;
    case Stage::Poll: done = run_poll(); break;
    case Stage::Check: done = run_watchers(check_, Phase::Check, CallbackKind::Check); break;
    case Stage::Closing: done = run_closing(); break;
    case Stage::Timers:
    case Stage::OnceTimers: done = run_timers_pass(); break;
    default: done = true; break;
  }
  return done || pause_at(s);
}

// The stage walk continues at stage s (the position in the plan is where s is).
bool Loop::pause_at(Stage s) {
  for (pc_ = 0; plan_[pc_] != s; ++pc_) {
  }
  stage_ = s;
  return false;
}

// Runs stage `s` (or what is left of it) and moves stage_ on. False = paused mid-phase.
bool Loop::execute(Stage s) {
  switch (s) {
    case Stage::Begin:
      alive_r_ = alive();
      if (!alive_r_) update_time();
      stage_ = (order_ == Order::Modern && mode_ == RunMode::Default && alive_r_ && !stop_flag_) ? Stage::PreTimers
                                                                                                 : Stage::LoopTest;
      return true;

    case Stage::PreTimers:
      if (!run_timers()) return false;
      stage_ = Stage::LoopTest;
      return true;

    case Stage::LoopTest:
      if (!alive_r_ || stop_flag_ || stalled_) {
        stage_ = Stage::Finish;
        return true;
      }
      begin_iteration();
      pc_ = 0;
      stage_ = plan_[0];
      return true;

    case Stage::Pending:
      if (!in_phase_) ran_pending_ = !pending_.empty();
      if (!run_pending()) return false;
      break;

    case Stage::Idle:
      if (!run_watchers(idle_, Phase::Idle, CallbackKind::Idle)) return false;
      break;

    case Stage::Prepare:
      if (!run_watchers(prepare_, Phase::Prepare, CallbackKind::Prepare)) return false;
      break;

    case Stage::Poll:
      if (!run_poll()) return false;
      break;

    case Stage::Redrain:
      if (in_phase_ || (redrain_ < 8 && !pending_.empty())) {
        if (!in_phase_) ++redrain_;
        return run_pending();  // stay on Redrain: the next visit decides whether another pass runs
      }
      break;

    case Stage::Check:
      if (!run_watchers(check_, Phase::Check, CallbackKind::Check)) return false;
      break;

    case Stage::Closing:
      if (!run_closing()) return false;
      break;

    case Stage::Timers:
      if (!run_timers()) return false;
      break;

    case Stage::OnceTimers:
      if (mode_ == RunMode::Once && !run_timers()) return false;
      break;

    case Stage::AliveCheck:
      end_iteration();
      stage_ = mode_ == RunMode::Default ? Stage::LoopTest : Stage::Finish;
      return true;

    case Stage::Finish:
      finish_run();
      return true;
  }
  stage_ = plan_[++pc_];
  return true;
}

}  // namespace ls
