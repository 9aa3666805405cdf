// One line saying what the last step did, read off the trace events the step produced:
// "timers: ran timer #3's callback (line 12), due at 200 ms, repeats every 100 ms".
#include <vector>

#include "core/loop.h"
#include "ui/model/view_model.h"

namespace ls::ui {

namespace {

constexpr uint64_t kLookBack = 4096;  // how far back a timer's start is searched for (events)

const char* callback_words(CallbackKind k) {
  switch (k) {
    case CallbackKind::Io: return "I/O callback";
    case CallbackKind::Request: return "request callback";
    case CallbackKind::Work: return "after-work callback";
    case CallbackKind::Close: return "close callback";
    case CallbackKind::Exit: return "exit callback";
    default: return "callback";
  }
}

std::string who(const TraceEvent& ev) {
  if (ev.id == 0) return "the thread pool's";
  return std::string(to_string(ev.htype)) + " #" + std::to_string(ev.id) + "'s";
}

// "due at 200 ms, repeats every 100 ms": the timer's start before the timers pass that ran it.
std::string timer_words(const Trace& trace, const TraceEvent& begin) {
  bool passed_phase_enter = false;
  uint64_t stop = begin.seq > kLookBack ? begin.seq - kLookBack : 0;
  for (uint64_t seq = begin.seq - 1; seq > stop; --seq) {
    const TraceEvent* ev = trace.event(seq);
    if (!ev) break;
    if (ev->kind == TraceKind::PhaseEnter && ev->phase == Phase::Timers) passed_phase_enter = true;
    if (ev->kind != TraceKind::HandleStart || ev->id != begin.id || !passed_phase_enter) continue;
    std::string s = ", due at " + std::to_string(ev->a) + " ms";
    if (ev->b > 0) s += ", repeats every " + std::to_string(ev->b) + " ms";
    return s;
  }
  return "";
}

std::string chunk_words(const Session& s) {
  const lua::Runtime& rt = s.runtime();
  int line = rt.chunk_line();
  switch (rt.state()) {
    case lua::RunState::Looping:
      return "main chunk: ran to uv.run()" + (line ? " at line " + std::to_string(line) : std::string()) +
             "; the loop runs now";
    case lua::RunState::Draining: return "main chunk: finished; the loop runs until nothing keeps it alive";
    case lua::RunState::Done: return "main chunk: finished, and nothing keeps the loop alive: the run is over";
    case lua::RunState::Failed: return "main chunk: failed (see the console)";
    default: return "main chunk: resumed";
  }
}

}  // namespace

std::string narrate_last_step(const Session& s) {
  if (s.steps() == 0 && !s.last_was_step() && s.loop().trace().last_seq() == 0) return "";
  if (s.chunk_step()) return chunk_words(s);
  const Trace& trace = s.loop().trace();
  std::vector<const TraceEvent*> evs;
  for (uint64_t seq = s.step_from_seq() + 1; seq <= trace.last_seq(); ++seq)
    if (const TraceEvent* ev = trace.event(seq)) evs.push_back(ev);

  const TraceEvent* last_cb = nullptr;
  const TraceEvent* last_leave = nullptr;
  int callbacks = 0;
  bool ended = false, stalled = false;
  for (const TraceEvent* ev : evs) {
    if (ev->kind == TraceKind::CallbackBegin && ev->cb != CallbackKind::Pending) {
      last_cb = ev;
      ++callbacks;
    }
    if (ev->kind == TraceKind::PhaseLeave) last_leave = ev;
    if (ev->kind == TraceKind::RunEnd) {
      ended = true;
      stalled = ev->b != 0;
    }
  }
  std::string out;
  if (s.last_was_step() && s.last_kind() == StepKind::Phase && last_leave) {
    out = std::string(to_string(last_leave->phase)) + ": " +
          (last_leave->a == 0 ? std::string("nothing to run")
                              : "ran " + std::to_string(last_leave->a) + (last_leave->a == 1 ? " callback" : " callbacks"));
  } else if (s.last_was_step() && s.last_kind() == StepKind::Iteration) {
    out = "iteration " + std::to_string(s.loop().iteration()) + ": " + std::to_string(callbacks) +
          (callbacks == 1 ? " callback ran" : " callbacks ran");
  } else if (last_cb) {
    out = std::string(to_string(last_cb->phase)) + ": ran " + who(*last_cb) + " " + callback_words(last_cb->cb);
    if (last_cb->line > 0) out += " (line " + std::to_string(last_cb->line) + ")";
    if (last_cb->htype == HandleType::Timer && last_cb->cb == CallbackKind::Timer) out += timer_words(trace, *last_cb);
    if (!s.last_was_step() && callbacks > 1) out += " (and " + std::to_string(callbacks - 1) + " before it this frame)";
  }
  if (s.waiting_for_input()) {
    std::string wait = "poll: waiting for a client; nothing inside the program can wake the loop (connect with the "
                       "Network client)";
    out = out.empty() ? wait : out + "; " + wait;
  }
  if (ended) {
    std::string end = stalled ? "the run ended stalled: nothing could ever wake the loop"
                              : "the run ended: nothing keeps the loop alive";
    out = out.empty() ? end : out + "; " + end;
  }
  return out;
}

}  // namespace ls::ui
