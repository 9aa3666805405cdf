#include "ui/model/session.h"

#include "lua/run_config.h"

namespace ls::ui {

const char* to_string(Mode m) {
  switch (m) {
    case Mode::Paused: return "paused";
    case Mode::Paced: return "paced";
    case Mode::Instant: return "instant";
  }
  return "?";
}

Session::Session(const std::string& code, SessionOptions options, HostClock clock)
    : options_(std::move(options)), clock_(std::move(clock)), code_(code) {
  create();
}

void Session::create() {
  runtime_.reset();
  loop_.reset();
  console_.clear();
  pool_tracker_ = PoolTracker{};  // they follow the trace, which starts over with the new loop
  cycle_tracker_ = CycleTracker{};
  loop_ = std::make_unique<Loop>(lua::deterministic_loop_options(options_.order));
  loop_->set_outside_input(true);  // the page's network client can still connect to a server nobody uses yet
  lua::RuntimeOptions ro;
  ro.script_name = options_.chunk_name;
  runtime_ = std::make_unique<lua::Runtime>(*loop_, ro, [this](std::string_view s) { console_.append(s); });
  if (!runtime_->load(code_)) console_ += runtime_->error() + "\n";
}

Session::~Session() {
  runtime_.reset();  // closes the snippet's handles before the loop goes
  loop_.reset();
}

bool Session::ended() const {
  lua::RunState s = runtime_->state();
  return s == lua::RunState::Done || s == lua::RunState::Failed;
}

lua::RunState Session::advance(StepKind kind, bool callback_is_position) {
  double t0 = clock_();
  lua::RunState before = runtime_->state();
  Position start{history_.size(), steps_, loop_->trace().last_seq(), kind};
  lua::RunState s = runtime_->advance(kind);
  input_since_advance_ = false;
  bool moved = loop_->trace().last_seq() != start.seq || !runtime_->last_step().waiting;
  if (moved) history_.push_back(Driven{Driven::What::Advance, kind, loop_->wait_horizon(), 0, ""});
  if (callback_is_position && (runtime_->last_step().callbacks > 0 || before == lua::RunState::Loaded ||
                               before == lua::RunState::Chunk))
    starts_.push_back(start);
  chunk_step_ = before == lua::RunState::Loaded || before == lua::RunState::Chunk;
  callbacks_last_ += runtime_->last_step().callbacks;
  if (s == lua::RunState::Failed && before != lua::RunState::Failed) console_ += runtime_->error() + "\n";
  double took = clock_() - t0;
  if (took > longest_advance_ms_) longest_advance_ms_ = took;
  return s;
}

void Session::schedule_inputs(std::vector<Input> inputs) {
  scheduled_ = std::move(inputs);
  scheduled_next_ = 0;
}

uint64_t Session::scheduled_horizon(uint64_t horizon) const {
  if (scheduled_next_ >= scheduled_.size()) return horizon;
  uint64_t t = scheduled_[scheduled_next_].t_ns;
  return t < horizon ? t : horizon;
}

// Applies the scheduled inputs the run has reached (its trace is at or past their seq), at their times.
void Session::apply_scheduled() {
  while (scheduled_next_ < scheduled_.size() && !ended() &&
         loop_->trace().last_seq() >= scheduled_[scheduled_next_].seq &&
         runtime_->state() != lua::RunState::Loaded) {
    Input in = scheduled_[scheduled_next_++];
    uint64_t at = in.t_ns;
    in.seq = in.t_ns = 0;
    if (apply_input(*loop_, in, at).error == 0) {
      history_.push_back(Driven{Driven::What::Input, StepKind::Callback, 0, inputs_.size(), ""});
      inputs_.push_back(in);
      input_since_advance_ = true;
    }
  }
}

bool Session::step(StepKind kind) {
  if (ended()) return false;
  mode_ = Mode::Paused;
  apply_scheduled();
  // Stepping: time stands still between steps and jumps within them (up to a scheduled input's time).
  loop_->set_wait_horizon(scheduled_horizon(Loop::kNoHorizon));
  step_from_ = loop_->trace().last_seq();
  fds_before_step_ = fd_rows(loop_->inspect(InspectLimits{0, 0}));
  last_was_step_ = true;
  last_kind_ = kind;
  callbacks_last_ = 0;
  starts_.push_back(Position{history_.size(), steps_, loop_->trace().last_seq(), kind});
  advance(kind);
  ++steps_;
  return true;
}

void Session::anchor() {
  anchor_real_ms_ = clock_();
  anchor_virtual_ns_ = loop_->hrtime();
}

void Session::play() {
  mode_ = Mode::Paced;
  anchor();
}

void Session::play_instant() { mode_ = Mode::Instant; }

void Session::pause() { mode_ = Mode::Paused; }

void Session::set_speed(double speed) {
  options_.speed = speed < 0.1 ? 0.1 : speed > 16 ? 16 : speed;
  if (mode_ == Mode::Paced) anchor();  // the pace changes from now on, not retroactively
}

// How far virtual time may have got by now when paced.
uint64_t Session::horizon_ns() const {
  double real = clock_() - anchor_real_ms_;
  if (real < 0) real = 0;
  return anchor_virtual_ns_ + static_cast<uint64_t>(real * options_.speed * 1e6);
}

bool Session::frame(double view_ms) {
  if (ended() || mode_ == Mode::Paused) return !ended();
  step_from_ = loop_->trace().last_seq();
  last_was_step_ = false;
  callbacks_last_ = 0;
  double budget = options_.frame_budget_ms;
  if (mode_ == Mode::Instant && view_ms > budget) budget = view_ms < kMaxInstantBudgetMs ? view_ms : kMaxInstantBudgetMs;
  double deadline = clock_() + budget;
  do {
    apply_scheduled();
    if (mode_ == Mode::Paced) {
      uint64_t horizon = horizon_ns();
      // Also when the loop never waits (an idle handle, a busy loop): its own costs move virtual time.
      if (loop_->hrtime() > horizon) break;
      loop_->set_wait_horizon(scheduled_horizon(horizon));
    } else {
      loop_->set_wait_horizon(scheduled_horizon(Loop::kNoHorizon));
    }
    advance(StepKind::Callback, true);
    if (runtime_->last_step().waiting) break;  // the next event lies beyond what real time allows yet
  } while (!ended() && clock_() < deadline);
  return !ended();
}

uint64_t Session::virtual_now_ns() const {
  uint64_t now = loop_->hrtime();
  if (mode_ != Mode::Paced || ended() || !runtime_->last_step().waiting) return now;
  uint64_t paced = horizon_ns();
  return paced > now ? paced : now;
}

// Paced, the input arrives at the pace's time t: first the loop catches up with t (whatever is due by then runs,
// as the next frames would have run it), so the input lands where the poll waits for something later than t,
// or mid-run at the loop's own time. That point is reproducible: a replay that advances with its horizon at t
// stops at the same trace seq (inputs.h).
InputResult Session::input(Input in) {
  if (ended()) return InputResult{-EPIPE, "the run has ended", 0};
  if (runtime_->state() == lua::RunState::Loaded || runtime_->state() == lua::RunState::Idle)
    return InputResult{-EAGAIN, "the run has not started", 0};
  uint64_t at = loop_->hrtime();
  if (mode_ == Mode::Paced) {
    at = horizon_ns() > at ? horizon_ns() : at;
    double deadline = clock_() + options_.frame_budget_ms;
    loop_->set_wait_horizon(at);
    while (!ended() && loop_->hrtime() <= at && clock_() < deadline) {
      advance(StepKind::Callback, true);
      if (runtime_->last_step().waiting) break;
    }
    if (ended()) return InputResult{-EPIPE, "the run has ended", 0};
  }
  InputResult r = apply_input(*loop_, in, at);
  if (r.error == 0) {
    history_.push_back(Driven{Driven::What::Input, StepKind::Callback, 0, inputs_.size(), ""});
    inputs_.push_back(in);
    input_since_advance_ = true;
  }
  return r;
}

void Session::stop(const std::string& why) {
  if (ended()) return;
  history_.push_back(Driven{Driven::What::Stop, StepKind::Callback, 0, 0, why});
  runtime_->interrupt(why);
  console_ += why + "\n";
  mode_ = Mode::Paused;
}

}  // namespace ls::ui
