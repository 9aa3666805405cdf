// One run of a snippet in the playground, and the driver that advances it: paused (nothing moves), stepped by
// callback / phase / iteration, paced (virtual time follows real time x speed: a callback due at virtual T runs T
// / speed real ms after Run), or instant (to the end, a frame's work budget at a time). The run is exactly the
// CLI's `loopscope run --deterministic` (lua/run_config.h), so its trace equals the CLI's.
//
// Plain C++ (no ImGui, no browser): the host passes its clock in, which is how tests/ui drives it natively.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/emu/inputs.h"
#include "core/loop.h"
#include "lua/runtime.h"
#include "ui/model/cycle_tracker.h"
#include "ui/model/network.h"
#include "ui/model/pool.h"

namespace ls::ui {

enum class Mode { Paused, Paced, Instant };
const char* to_string(Mode);

struct SessionOptions {
  Order order = Order::Modern;
  double speed = 1.0;                       // virtual ms per real ms when paced (0.1 ... 16)
  std::string chunk_name = "snippet.lua";   // the CLI's name for the file: NAME.lua for a gallery example
  double frame_budget_ms = 8.0;             // loop work per frame when paced or instant
};

class Session {
 public:
  using HostClock = std::function<double()>;  // real milliseconds, monotonic
  Session(const std::string& code, SessionOptions options, HostClock clock);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // --- driving ---
  void play();           // paced from now on
  void play_instant();   // as fast as the frame budget allows
  void pause();
  // One step of `kind` (a resumption of the main chunk is a step of its own). False if the run has ended.
  bool step(StepKind kind);
  // What a frame does: advance as the mode says, within the frame budget. Returns true while the run goes on.
  // view_ms: what the host's last view of the run cost; an instant run gets at least that much loop work (up to
  // kMaxInstantBudgetMs), so a view made slow by a million live handles does not starve the run it shows.
  bool frame(double view_ms = 0);
  static constexpr double kMaxInstantBudgetMs = 50.0;
  void stop(const std::string& why);  // the run fails with `why` ("stopped by the user")
  void set_speed(double speed);
  // Outside input (the network client, a fault), applied now, between two advances: while a paced run waits,
  // at the pace's virtual time (the poll's wait ends there with a time_jump); otherwise at the loop's time.
  // Recorded (inputs()) unless it failed; the run must have started (a run that ended takes none).
  InputResult input(Input in);

  // --- time travel. Lua states, handles and the emulated kernel cannot be copied, but the run is deterministic:
  // an earlier state is the same driving (every advance with its wait horizon, every input, a stop) replayed
  // from the start in a fresh Loop and Runtime (session_history.cpp). A position is the state before a step:
  // each step() call, and each callback a paced or instant run ran. ---
  // Inputs recorded elsewhere (a share link) to apply in this run, each once the trace reaches its seq and at its
  // time: while any is left, the loop's wait horizon stops at the next one's t_ns, so the run waits there.
  void schedule_inputs(std::vector<Input> inputs);
  size_t scheduled_inputs() const { return scheduled_.size() - scheduled_next_; }
  bool back();                   // to the position before the last step; false at the start
  bool rewind(size_t position);  // to positions()[position] (0: the run's start); false if out of range
  size_t positions() const { return starts_.size(); }
  double last_replay_ms() const { return last_replay_ms_; }  // what the last back()/rewind() took

  // --- reading ---
  Mode mode() const { return mode_; }
  bool ended() const;
  lua::Runtime& runtime() { return *runtime_; }
  const lua::Runtime& runtime() const { return *runtime_; }
  Loop& loop() { return *loop_; }
  const Loop& loop() const { return *loop_; }
  const std::string& console() const { return console_; }
  const SessionOptions& options() const { return options_; }
  uint64_t steps() const { return steps_; }             // step() calls that advanced the run
  uint64_t step_from_seq() const { return step_from_; } // trace seq before the last step or frame
  bool last_was_step() const { return last_was_step_; }
  StepKind last_kind() const { return last_kind_; }
  bool chunk_step() const { return chunk_step_; }       // the last step resumed the main chunk
  uint64_t callbacks_last_step() const { return callbacks_last_; }
  // The longest a single advance (one callback, at most one instruction budget) took, in real ms.
  double longest_advance_ms() const { return longest_advance_ms_; }
  const std::vector<Input>& inputs() const { return inputs_; }
  // The loop waits and only outside input can end the wait (a server nobody has connected to yet).
  // (Not once input has arrived: the next advance ends that wait.)
  bool waiting_for_input() const {
    return runtime_->last_step().waiting_for_input && !input_since_advance_ && !ended();
  }
  // Virtual time as the driver sees it: the loop's clock, or while a paced run waits, how far the pace has got.
  uint64_t virtual_now_ns() const;
  const std::vector<FdRow>& fds_before_step() const { return fds_before_step_; }
  // The thread pool panel's reader of this run's trace: it remembers where it stopped (ui/model/pool.h).
  PoolTracker& pool_tracker() const { return pool_tracker_; }
  // The current iteration's phases as the ring shows them, caught up with the trace on each call.
  const CycleTracker& cycle_tracker() const {
    cycle_tracker_.follow(loop_->trace());
    return cycle_tracker_;
  }

 private:
  lua::RunState advance(StepKind kind, bool callback_is_position = false);
  void create();  // a fresh Loop and Runtime with the code loaded
  // Replays the first `history_entries` of the driving; the fd rows as they stood before entry `rows_at` (the step
  // that led to the target) become fds_before_step_, so the marks of "changed in the last step" come back too.
  void replay(size_t history_entries, size_t rows_at);
  uint64_t horizon_ns() const;
  void anchor();

  SessionOptions options_;
  HostClock clock_;
  std::unique_ptr<Loop> loop_;
  std::unique_ptr<lua::Runtime> runtime_;
  std::string console_;
  Mode mode_ = Mode::Paused;
  double anchor_real_ms_ = 0;     // paced: real time and virtual time at the last play() or speed change
  uint64_t anchor_virtual_ns_ = 0;
  uint64_t steps_ = 0;
  uint64_t step_from_ = 0;
  bool last_was_step_ = false;
  StepKind last_kind_ = StepKind::Callback;
  bool chunk_step_ = false;
  uint64_t callbacks_last_ = 0;
  double longest_advance_ms_ = 0;
  std::vector<Input> inputs_;
  bool input_since_advance_ = false;
  std::vector<Input> scheduled_;
  size_t scheduled_next_ = 0;
  void apply_scheduled();
  uint64_t scheduled_horizon(uint64_t horizon) const;  // horizon, or the next scheduled input's time if earlier
  std::vector<FdRow> fds_before_step_;

  // What drove the run, in order (replay() repeats it). Advances that waited without moving the run are left out.
  struct Driven {
    enum class What : uint8_t { Advance, Input, Stop } what = What::Advance;
    StepKind kind = StepKind::Callback;
    uint64_t horizon = Loop::kNoHorizon;
    size_t input = 0;  // index into inputs_
    std::string why;   // Stop
  };
  struct Position {
    size_t history = 0;  // history_ entries before the step
    uint64_t steps = 0;  // steps_ before it
    uint64_t seq = 0;    // the trace's last seq before it
    StepKind kind = StepKind::Callback;
  };
  std::string code_;
  std::vector<Driven> history_;
  std::vector<Position> starts_;
  double last_replay_ms_ = 0;
  mutable PoolTracker pool_tracker_;
  mutable CycleTracker cycle_tracker_;
};

}  // namespace ls::ui
