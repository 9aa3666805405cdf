// One run of a snippet in the playground: a loop on the virtual clock, a runtime and the console they write to,
// advanced a little every frame so the page never blocks. Virtual time is paced by real time (speed x), so a
// 500 ms timer fires half a second after Run, and everything stays deterministic (same trace as the CLI's
// `--clock virtual`). The UI reads the run only through this, the trace and the inspection snapshot.
#pragma once
#include <chrono>
#include <memory>
#include <string>

#include "core/loop.h"
#include "lua/runtime.h"

namespace ls::ui {

struct SessionOptions {
  double frame_budget_ms = 8.0;  // loop work per frame; the rest of the frame belongs to drawing
  double speed = 1.0;            // virtual ms per real ms
};

class Session {
 public:
  explicit Session(const std::string& code, SessionOptions options = {});
  ~Session();

  // Advances the run for at most the frame budget. Returns true while the run is unfinished.
  bool pump();
  void stop(const std::string& why);

  lua::RunState state() const { return runtime_->state(); }
  bool finished() const { return state() == lua::RunState::Done || state() == lua::RunState::Failed; }
  const std::string& console() const { return console_; }
  const std::string& error() const { return runtime_->error(); }
  Loop& loop() { return *loop_; }

 private:
  bool must_wait_for_pace() const;

  SessionOptions options_;
  std::unique_ptr<Loop> loop_;
  std::unique_ptr<lua::Runtime> runtime_;
  std::string console_;
  std::chrono::steady_clock::time_point started_;
  double paced_ms_ = 0;  // how far the virtual clock may have got by now
};

}  // namespace ls::ui
