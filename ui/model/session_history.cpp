// Session's time travel: back() and rewind() replay the recorded driving from the start in a fresh Loop and
// Runtime. The same advances with the same wait horizons and the same inputs at the same points give the same
// trace, console and kernel state, so the earlier state is exact, not approximated.
#include <cstdint>

#include "ui/model/session.h"

namespace ls::ui {

void Session::replay(size_t entries, size_t rows_at) {
  double t0 = clock_();
  std::vector<Driven> driven(history_.begin(), history_.begin() + static_cast<std::ptrdiff_t>(entries));
  std::vector<Input> recorded = std::move(inputs_);
  create();
  history_.clear();
  inputs_.clear();
  fds_before_step_.clear();
  for (const Driven& d : driven) {
    if (history_.size() == rows_at) fds_before_step_ = fd_rows(loop_->inspect(InspectLimits{0, 0}));
    switch (d.what) {
      case Driven::What::Advance:
        loop_->set_wait_horizon(d.horizon);
        advance(d.kind);
        break;
      case Driven::What::Input: {
        Input in = recorded[d.input];
        apply_input(*loop_, in, in.t_ns);
        history_.push_back(Driven{Driven::What::Input, StepKind::Callback, 0, inputs_.size(), ""});
        inputs_.push_back(in);
        input_since_advance_ = true;
        break;
      }
      case Driven::What::Stop:
        history_.push_back(d);
        runtime_->interrupt(d.why);
        console_ += d.why + "\n";
        break;
    }
  }
  if (history_.size() == rows_at) fds_before_step_ = fd_rows(loop_->inspect(InspectLimits{0, 0}));
  last_replay_ms_ = clock_() - t0;
}

bool Session::rewind(size_t position) {
  if (position >= starts_.size()) return false;
  Position to = starts_[position];
  starts_.resize(position);
  replay(to.history, position > 0 ? starts_.back().history : SIZE_MAX);
  mode_ = Mode::Paused;
  loop_->set_wait_horizon(Loop::kNoHorizon);
  steps_ = to.steps;
  // What the view says about "the last step" is about the step that led here.
  last_was_step_ = position > 0;
  step_from_ = position > 0 ? starts_.back().seq : 0;
  last_kind_ = position > 0 ? starts_.back().kind : StepKind::Callback;
  chunk_step_ = false;
  callbacks_last_ = 0;
  if (position == 0) fds_before_step_ = fd_rows(loop_->inspect(InspectLimits{0, 0}));
  return true;
}

bool Session::back() { return !starts_.empty() && rewind(starts_.size() - 1); }

}  // namespace ls::ui
