// Loop: libuv's uv_loop_t and uv_run, with libuv's observable semantics exactly (phase order of libuv >= 1.45,
// or 1.44.2 with Order::Legacy), plus what a teaching tool needs: stepping by callback / phase / iteration over
// the very same phase code, a virtual clock, a trace and an inspection snapshot.
//
// The iteration itself is written down once, as data, in loop.cpp (kModern / kLegacy); the phase bodies live in
// loop_phases.cpp and loop_poll.cpp. Covered by tests/core/test_loop.cpp, test_run_modes.cpp, test_step.cpp.
//
// Threading: a Loop and its handles belong to one thread; only Async::send may be called from others.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "backend.h"
#include "clock.h"
#include "handle.h"
#include "inspect.h"
#include "io.h"
#include "list.h"
#include "request.h"
#include "small_function.h"
#include "timer_heap.h"
#include "trace.h"
#include "types.h"

namespace ls {

class LoopWatcherBase;
class Async;
namespace detail { class FsWatches; }
class Signal;
class Process;

// Virtual-clock costs (DESIGN §2): time also moves when the loop never blocks. Ignored on the monotonic clock.
struct CostModel {
  uint64_t ns_per_iteration = 1000;
  uint64_t ns_per_callback = 500;
  uint64_t ns_per_lua_instruction = 5;  // charged by the Lua runtime through Loop::charge()
};

struct LoopOptions {
  ClockKind clock = ClockKind::Monotonic;
  Order order = Order::Modern;
  CostModel costs;
  size_t trace_capacity = 0;         // events kept in the ring buffer; 0 = tracing off
  std::unique_ptr<Backend> backend;  // null = make_default_backend()
};

// What one Loop::step() did.
struct StepResult {
  int error = 0;             // -EBUSY when refused (called from a callback, or a run of another mode is paused)
  uint64_t callbacks = 0;    // callbacks dispatched during this step (a pending entry's frame is not one)
  Phase phase = Phase::None; // Loop::phase() after the step (None once the run ended)
  bool alive = false;        // alive() after the step
  bool run_ended = false;    // the run this step belonged to has returned; `result` is what run() would return
  bool waiting = false;      // the poll would wait past the wait horizon (set_wait_horizon): nothing ran yet
  bool waiting_for_input = false;  // ... and only outside input can end that wait (set_outside_input)
  int result = 0;
  uint64_t iteration = 0;
  // The last callback dispatched by this step (valid when callbacks > 0): whose it was and what kind.
  uint64_t handle_id = 0;
  HandleType handle_type = HandleType::Unknown;
  CallbackKind cb = CallbackKind::Timer;
};

class Loop {
 public:
  explicit Loop(LoopOptions options = {});
  ~Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  // uv_run. Returns non-zero if the loop is still alive (handles, requests, pending or closing callbacks left).
  // Refuses re-entry (from a callback) with -EBUSY, and a run of another mode while a stepped run is paused;
  // last_error() says why. A run paused by step() is continued to its end by run() with the same mode.
  int run(RunMode mode = RunMode::Default);
  // Advances the current run (starting one in `mode` if none is in progress) by one callback, one phase or one
  // iteration, over the same code as run(). Under the virtual clock, any sequence of steps dispatches exactly
  // the callbacks run() would, in the same order, at the same times.
  StepResult step(StepKind kind, RunMode mode = RunMode::Default);
  // uv_stop: the current run returns after this iteration (a poll in it does not block).
  void stop();
  // uv_loop_alive: active ref'd handles, active requests, pending callbacks or closing handles.
  bool alive() const { return active_handles_ > 0 || active_reqs_ > 0 || !pending_.empty() || closing_count_ > 0; }

  uint64_t now() const { return time_ms_; }  // cached loop time in ms since the loop was created
  void update_time();
  uint64_t hrtime() const { return clock_.now_ns(); }  // ns since the loop was created (virtual or real)
  int backend_timeout() const;                          // uv_backend_timeout (ignores the run mode)
  TimeoutReason backend_timeout_reason() const;
  int backend_timeout(TimeoutReason& reason) const;  // both at once

  void walk(const std::function<void(Handle&)>& fn);  // every handle not yet closed (closing ones included)
  // uv_loop_close: 0, or -EBUSY while any handle (closing ones included) or active request exists.
  int close();

  // The phase the loop is in, or the last one it was in while paused between phases; None outside a run.
  Phase phase() const { return phase_; }
  bool running() const { return run_active_; }  // a run is in progress (maybe paused between steps)
  bool in_callback() const { return driving_; }  // run()/step() is on the stack: the caller is a loop callback
  RunMode mode() const { return mode_; }        // meaningful while running()
  uint64_t iteration() const { return iteration_; }
  const std::string& last_error() const { return last_error_; }
  // The last run ended because nothing could ever wake the loop (a stall: see last_error()).
  bool stalled() const { return stalled_; }

  // Virtual clock: a poll that would jump time past `ns` does not; the step returns with `waiting` set and the
  // poll waits on at the next step (a paced driver moves the horizon with real time). Changes nothing in the
  // trace: the jump happens when it may, from where time stood. kNoHorizon (the default) never waits.
  static constexpr uint64_t kNoHorizon = UINT64_MAX;
  void set_wait_horizon(uint64_t ns) { horizon_ns_ = ns; }
  uint64_t wait_horizon() const { return horizon_ns_; }
  // Virtual clock: someone outside the program may still act (the playground's network client, fault switches),
  // so a wait that nothing inside can end — no timer, no scheduled kernel event — is a wait for them: step()
  // returns `waiting` and `waiting_for_input` instead of stalling. run() ignores it (a CLI run stalls).
  void set_outside_input(bool on) { outside_input_ = on; }
  bool waiting_for_input() const { return poll_waiting_ && waiting_for_input_; }
  // While the poll waits (at the horizon, or for outside input), input arrives at virtual time ns (<= the
  // horizon, so before anything the poll waits for): the clock moves there now, traced as a time_jump, so the
  // poll that resumes sees the input at that time. False if the poll is not waiting or ns is not later than now.
  bool jump_wait_to(uint64_t ns);
  // Adds ns to the virtual clock (no-op on the monotonic clock). The Lua runtime charges instruction costs here.
  void charge(uint64_t ns) { clock_.advance(ns); }
  // uv_sleep: really sleeps on the monotonic clock; advances the virtual clock by exactly ms. Does not update now().
  void sleep(uint64_t ms);

  Trace& trace() { return trace_; }
  const Trace& trace() const { return trace_; }
  Snapshot inspect(const InspectLimits& limits = {}) const;

  Backend& backend() { return *backend_; }
  const CostModel& costs() const { return costs_; }
  ClockKind clock_kind() const { return clock_.kind(); }
  Order order() const { return order_; }

  // --- for handle and request implementations (issue 4 builds streams and requests on these) ---
  void req_register() { ++active_reqs_; }
  void req_unregister() { --active_reqs_; }
  size_t active_requests() const { return active_reqs_; }
  uint64_t next_request_id() { return ++next_req_id_; }
  void feed(PendingEntry& e);    // queue for the next pending phase (no-op if already queued)
  void unfeed(PendingEntry& e);  // drop it from the pending queue (on close)
  // Sets the interest mask of a watcher for fd; the backend is told only when the mask changes. A mask of 0
  // forgets the fd and invalidates its events still queued in the current poll batch (no stale delivery).
  // -EEXIST if another watcher has the fd, -EBADF for fd < 0, or the backend's error.
  int io_set(IoWatcher& w, int fd, int mask);
  // io_set for a handle's watcher, with an io_interest trace event for each real change (what epoll_ctl calls
  // are made of). Streams and udp handles use it.
  int io_set_traced(IoWatcher& w, int fd, int mask);
  int io_start(IoWatcher& w, int fd, int events) { return io_set(w, fd, w.interest | events); }
  void io_stop(IoWatcher& w, int events) { io_set(w, w.fd, w.interest & ~events); }
  // Drops fd's events still queued in the current poll batch (a watcher restarted with new semantics).
  void io_invalidate(int fd) { invalidate_fd(fd); }
  // The loop's inotify instance, shared by its FsEvent handles (fs_watches.h); created on first use.
  detail::FsWatches& fs_watches();
  // Records a handle event (open/start/stop/close/ref) when tracing is on.
  void trace_handle(TraceKind kind, const Handle& h, int64_t a = 0, int64_t b = 0);
  // Runs `fn` as a traced callback of `h` (counts for stepping and the virtual clock's callback cost).
  template <class F>
  void dispatch(Handle* h, CallbackKind kind, F&& fn);
  template <class F>
  void dispatch_traced(Handle* h, CallbackKind kind, F& fn);
  // Batches. A handle whose one readiness event (or pending entry, close, pool wake-up) runs several callbacks
  // in a row — the accept loop, up to 32 reads, a batch of write or work completions — asks after each whether
  // a step by callback wants to stop here; if so it keeps its place, calls continue_later() and returns, and the
  // loop calls it again (same watcher, same events) before anything else, so a step runs one callback and the
  // sequence of callbacks and trace events is the same as an unbroken run's.
  bool should_pause() const { return paused(); }
  void continue_later() { continue_ = true; }
  // That protocol as a loop: advance() (one callback at most) while busy(), stopping where a step wants to.
  template <class Busy, class Advance>
  void run_batch(Busy&& busy, Advance&& advance) {
    while (busy()) {
      advance();
      if (busy() && should_pause()) {
        continue_later();
        return;
      }
    }
  }
  // A handle replacing its callback from inside that very callback (timer:start() in its own callback) must not
  // destroy the closure that is running: it is kept until the dispatch returns.
  // A timer re-armed from its own callback (a repeating sleep, a coroutine's next sleep) is the common case: its
  // SmallFunction goes into a vector that keeps its capacity, not into a std::function (a malloc per fire).
  template <class Fn>
  void retire_if_running(Handle& h, Fn& slot) {
    if (current_ == &h && slot) retire(std::move(slot));
  }
  void retire(SmallFunction<void(Timer&)>&& f) { retired_timer_cbs_.push_back(std::move(f)); }
  template <class Fn>
  void retire(Fn&& f) {
    graveyard_.emplace_back([g = std::move(f)] {});
  }

 private:
  friend class Handle;
  friend class Timer;
  friend class LoopWatcherBase;
  friend class Async;
  friend class Signal;
  friend class Process;

 public:
  enum class Stage : uint8_t;  // internal: where a run is (defined in loop.cpp)

 private:
  enum class Until : uint8_t { End, Callback, Phase, Iteration };
  struct WatcherQueue {
    detail::List<LoopWatcherBase> queue;  // started handles, most recently started first
    detail::List<LoopWatcherBase> pass;   // the current pass (moved out of `queue` when the phase began)
  };
  // 24 bytes: where a handle is in finishing its close lives in its flags (kClosed, kStepsDone), not here.
  struct Closing {
    Handle* handle;
    Handle::CloseCallback cb;
  };

  struct CallbackScope;  // dispatch()'s frame around a callback

  // loop.cpp: the run state machine.
  void begin_run(RunMode mode);
  void drive(Until until);
  bool execute(Stage s);  // false = paused after a callback (step by callback)
  bool run_iterations();  // the straight-line iterations of an unstepped run; false = paused (see pause_at)
  bool pause_at(Stage s);  // the stage walk resumes at s (false, for a return)
  bool run_as(Stage s);  // one phase of run_iterations(); false = paused (pause_at(s) done)
  void begin_iteration();
  void end_iteration();
  // A watcher phase has something to do (with tracing on, every phase is entered: its enter/leave are traced).
  bool has_watchers(const WatcherQueue& q) const { return tracing_ || !q.queue.empty(); }
  void finish_run();
  // A step by callback stops after one callback of the snippet's: pending entries only contain such callbacks
  // (their own dispatch is libuv's internal uv__io_feed call), so they do not count.
  bool paused() const { return slice_callback_ && leaf_count_ != cb_mark_; }

  // loop_phases.cpp: phase bodies; each returns false when paused mid-phase, true when the phase is done.
  void enter_phase(Phase p, size_t queue_size);
  void leave_phase();
  bool skip_phase(Phase p);
  bool run_timers();
  bool timers_begin();  // loop_inline.h
  bool run_timers_pass();
  bool run_pending();
  bool run_watchers(WatcherQueue& q, Phase p, CallbackKind kind);
  bool run_closing();
  bool finish_close(Closing& c);  // false = paused inside it
  bool run_pending_entry(PendingEntry& e);
  void begin_callback(Handle* h, CallbackKind kind);
  void end_callback();
  void count_callback(Handle* h, CallbackKind kind);
  static TraceEvent callback_event(Handle* h, CallbackKind kind);
  void arm_timer(Timer& t, uint64_t timeout, uint64_t repeat);
  void disarm_timer(Timer& t);
  // loop_poll.cpp: the poll phase and everything fd-shaped.
  int poll_timeout(TimeoutReason& reason) const;  // the poll phase's timeout, run mode included
  bool run_poll();
  bool backend_poll(int timeout);  // false = waiting at the horizon
  bool dispatch_ready();
  bool call_watcher(IoWatcher& w, int events);
  void invalidate_fd(int fd);
  void signal_read();
  static void on_signal_pipe(IoWatcher& w, int events);
  void async_added();
  int signal_added();
  void forget_signal(Signal& s);
  void signal_teardown();
  // Children (process.cpp): SIGCHLD through the signal pipe; a delivery reaps every child of this loop that
  // has ended and queues its exit callback, dispatched after the signal callbacks of the batch.
  int child_watch_start();
  void child_watch_stop();
  void reap_children();
  void stall();

  // Handle bookkeeping (handle.cpp).
  void handle_opened(Handle& h);
  void add_closing(Handle& h, Handle::CloseCallback cb);
  void drop_closing(Handle& h);
  void emit(TraceEvent ev) { trace_.emit(std::move(ev)); }
  void emit_event(TraceKind kind, int64_t a = 0, int64_t b = 0, const char* text = nullptr, Phase phase = Phase::None);

  // Configuration.
  Clock clock_;
  Order order_;
  CostModel costs_;
  std::unique_ptr<Backend> backend_;
  Trace trace_;
  bool tracing_;
  bool charge_costs_;  // virtual clock: charge the cost model

  // Time and counters of the alive rule.
  uint64_t time_ms_ = 0;
  size_t active_handles_ = 0;  // active and ref'd and not closing
  size_t active_reqs_ = 0;
  size_t closing_count_ = 0;

  // Handles.
  detail::List<Handle> handles_;
  uint64_t next_handle_id_ = 0;
  uint64_t next_req_id_ = 0;

  // Timers: the heap, and the pass' ready list (all timers due when the pass began; nullptr = stopped since).
  detail::TimerHeap timers_;
  uint64_t timer_seq_ = 0;
  detail::ReallocArray<Timer*> timer_ready_;  // trimmed when a pass begins: a burst's list is not kept
  size_t timer_ready_pos_ = 0;

  WatcherQueue idle_, prepare_, check_;

  // Async handles: all of them, and the current dispatch pass.
  detail::List<Async> asyncs_, async_pass_;
  bool wake_enabled_ = false;

  // fds: table fd -> watcher, the current poll batch and the position in it.
  std::vector<IoWatcher*> watchers_;
  size_t nfds_ = 0;
  std::vector<ReadyEvent> ready_;
  size_t ready_pos_ = 0;

  // Signals: handles of this loop, the self-pipe the process-wide handler writes to, deliveries to dispatch.
  detail::List<Signal> signals_;
  int sig_pipe_[2] = {-1, -1};
  IoWatcher sig_io_{&Loop::on_signal_pipe, nullptr};
  std::vector<Signal*> sig_ready_;
  size_t sig_ready_pos_ = 0;
  bool sig_event_ = false;  // the pipe was readable in this batch: read it after the other fds (as libuv)
  detail::List<Process> children_;  // spawned, not yet reaped
  std::unique_ptr<detail::FsWatches> fs_watches_;
  std::vector<Process*> exit_ready_;  // reaped, exit callback to run (nullptr = closed since)
  size_t exit_ready_pos_ = 0;

  // The pending queue and its current pass; the entry paused mid-batch, with its callback_begin emitted.
  detail::List<PendingEntry> pending_, pending_pass_;
  PendingEntry* pending_current_ = nullptr;
  TraceEvent pending_end_;  // the callback_end that entry will emit

  // Batches (continue_later): the flag a handle sets, and the watcher whose event is to be continued.
  bool continue_ = false;
  IoWatcher* io_resume_ = nullptr;
  int io_resume_events_ = 0;

  // Close requests (LIFO) and the current closing pass. Deques, not vectors: closing a million handles at once
  // (luv's S1 snippet does) grows them block by block, without a vector's copy to twice the size at its peak.
  std::deque<Closing> closing_, closing_pass_;
  size_t closing_pos_ = 0;

  // Run state: which stage of the program is next, and the phase-local state that makes it resumable.
  Stage stage_;
  const Stage* plan_;  // kModern or kLegacy (loop.cpp)
  size_t pc_ = 0;      // position in the iteration plan
  RunMode mode_ = RunMode::Default;
  bool run_active_ = false;
  bool driving_ = false;  // inside run()/step(): a callback is on the stack
  bool stop_flag_ = false;
  bool alive_r_ = false;  // uv_run's `r`
  bool can_sleep_ = false;
  bool ran_pending_ = false;  // legacy: the pending phase had work (1.44.2's ran_pending)
  bool stalled_ = false;
  bool in_phase_ = false;
  bool phase_done_ = false;  // a phase completed during the current execute()
  Phase phase_ = Phase::None;
  int redrain_ = 0;
  uint64_t horizon_ns_ = kNoHorizon;
  bool poll_waiting_ = false;  // the poll phase stopped at the horizon; poll_timeout_ is what it computed
  bool outside_input_ = false;
  bool waiting_for_input_ = false;  // poll_waiting_ because only outside input could end the wait
  int poll_timeout_ = 0;
  uint64_t iteration_ = 0;
  uint64_t phase_cbs_ = 0;  // cb_count_ when the current phase began
  int run_result_ = 0;
  bool closed_ = false;
  std::string last_error_;

  Handle* current_ = nullptr;  // whose callback is running
  // The last callback dispatched, for StepResult (ids, not pointers: a close callback may destroy its handle).
  CallbackKind last_cb_kind_ = CallbackKind::Timer;
  uint64_t last_cb_id_ = 0;
  HandleType last_cb_type_ = HandleType::Unknown;
  std::vector<std::function<void()>> graveyard_;
  std::vector<SmallFunction<void(Timer&)>> retired_timer_cbs_;
  void bury_retired() {
    if (!graveyard_.empty()) [[unlikely]] graveyard_.clear();
    if (!retired_timer_cbs_.empty()) retired_timer_cbs_.clear();
  }

  // Stepping: pause after the first callback dispatched since cb_mark_ (leaf_count_ skips pending entries).
  bool slice_callback_ = false;
  uint64_t cb_count_ = 0;
  uint64_t leaf_count_ = 0;
  uint64_t cb_mark_ = 0;
};

// What every callback costs and records, framed (pending entries) or not: counters, the virtual clock's
// callback cost, the StepResult fields.
inline void Loop::count_callback(Handle* h, CallbackKind kind) {
  ++cb_count_;
  last_cb_kind_ = kind;
  last_cb_id_ = h ? h->id() : 0;
  last_cb_type_ = h ? h->type() : HandleType::Unknown;
  if (charge_costs_) clock_.advance(costs_.ns_per_callback);
}

inline TraceEvent Loop::callback_event(Handle* h, CallbackKind kind) {
  TraceEvent ev;
  ev.kind = TraceKind::CallbackBegin;
  ev.cb = kind;
  if (h) {
    ev.id = h->id();
    ev.htype = h->type();
  }
  return ev;
}

// What every dispatched callback is framed by: counted, current_ = its handle, restored afterwards (also on an
// exception thrown by the callback), a callback retired during it destroyed.
struct Loop::CallbackScope {
  Loop& l;
  Handle* outer;
  CallbackScope(Loop& loop, Handle* h, CallbackKind kind) : l(loop), outer(loop.current_) {
    l.count_callback(h, kind);
    ++l.leaf_count_;
    l.current_ = h;
  }
  ~CallbackScope() {
    l.current_ = outer;
    l.bury_retired();
  }
};

// Small enough to be inlined into every phase loop (a call per callback showed in the profile): the traced
// variant, with its two events, is out of line.
template <class F>
inline void Loop::dispatch(Handle* h, CallbackKind kind, F&& fn) {
  if (tracing_) [[unlikely]]
    return dispatch_traced(h, kind, fn);
  CallbackScope scope(*this, h, kind);
  fn();
}

template <class F>
[[gnu::noinline]] void Loop::dispatch_traced(Handle* h, CallbackKind kind, F& fn) {
  CallbackScope scope(*this, h, kind);
  TraceEvent ev = callback_event(h, kind);
  TraceEvent end = ev;  // the handle may be gone after fn() (deleted in its close callback)
  end.kind = TraceKind::CallbackEnd;
  emit(std::move(ev));
  fn();
  emit(std::move(end));
}

}  // namespace ls
