#include "ui/session.h"

#include "core/emu/emulated_backend.h"

namespace ls::ui {

namespace {
using host_clock = std::chrono::steady_clock;
}

Session::Session(const std::string& code, SessionOptions options) : options_(options) {
  LoopOptions lo;
  lo.clock = ClockKind::Virtual;
  lo.backend = make_emulated_backend();  // sockets, pipes and files in memory: what a browser can have
  loop_ = std::make_unique<Loop>(std::move(lo));
  lua::RuntimeOptions ro;
  ro.script_name = "snippet.lua";
  runtime_ = std::make_unique<lua::Runtime>(*loop_, ro, [this](std::string_view s) { console_.append(s); });
  if (!runtime_->load(code)) console_ += runtime_->error() + "\n";
  started_ = host_clock::now();
}

Session::~Session() {
  runtime_.reset();  // closes the snippet's handles before the loop goes
  loop_.reset();
}

// The loop is about to poll and the poll would move virtual time past what real time allows so far.
bool Session::must_wait_for_pace() const {
  lua::RunState s = state();
  if (s != lua::RunState::Looping && s != lua::RunState::Draining) return false;
  if (!loop_->running() || loop_->phase() != Phase::Poll) return false;
  int timeout = loop_->backend_timeout();
  if (timeout <= 0) return false;
  double wake_ms = double(loop_->hrtime()) / 1e6 + timeout;
  return wake_ms > paced_ms_;
}

bool Session::pump() {
  auto now = host_clock::now();
  paced_ms_ = std::chrono::duration<double, std::milli>(now - started_).count() * options_.speed;
  auto deadline = now + std::chrono::duration<double, std::milli>(options_.frame_budget_ms);
  while (!finished() && host_clock::now() < deadline && !must_wait_for_pace()) {
    if (runtime_->advance(StepKind::Phase) == lua::RunState::Failed) console_ += runtime_->error() + "\n";
  }
  return !finished();
}

void Session::stop(const std::string& why) {
  if (finished()) return;
  runtime_->interrupt(why);
  console_ += why + "\n";
}

}  // namespace ls::ui
