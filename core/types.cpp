// Names of the vocabulary enums. These strings appear in traces and in the Lua API; changing one is a trace
// format change (docs/trace-format.md).
#include "types.h"

namespace ls {

const char* to_string(RunMode m) {
  switch (m) {
    case RunMode::Default: return "default";
    case RunMode::Once: return "once";
    case RunMode::NoWait: return "nowait";
  }
  return "?";
}

const char* to_string(Order o) { return o == Order::Modern ? "modern" : "legacy"; }

const char* to_string(ClockKind c) { return c == ClockKind::Virtual ? "virtual" : "monotonic"; }

const char* to_string(Phase p) {
  switch (p) {
    case Phase::None: return "none";
    case Phase::Timers: return "timers";
    case Phase::Pending: return "pending";
    case Phase::Idle: return "idle";
    case Phase::Prepare: return "prepare";
    case Phase::Poll: return "poll";
    case Phase::Check: return "check";
    case Phase::Closing: return "closing";
  }
  return "?";
}

const char* to_string(HandleType t) {
  switch (t) {
    case HandleType::Unknown: return "unknown";
    case HandleType::Timer: return "timer";
    case HandleType::Idle: return "idle";
    case HandleType::Prepare: return "prepare";
    case HandleType::Check: return "check";
    case HandleType::Async: return "async";
    case HandleType::Poll: return "poll";
    case HandleType::Signal: return "signal";
    case HandleType::Tcp: return "tcp";
    case HandleType::Pipe: return "pipe";
    case HandleType::Tty: return "tty";
    case HandleType::Udp: return "udp";
    case HandleType::Process: return "process";
    case HandleType::FsEvent: return "fs_event";
    case HandleType::FsPoll: return "fs_poll";
  }
  return "?";
}

const char* to_string(CallbackKind k) {
  switch (k) {
    case CallbackKind::Timer: return "timer";
    case CallbackKind::Idle: return "idle";
    case CallbackKind::Prepare: return "prepare";
    case CallbackKind::Check: return "check";
    case CallbackKind::Async: return "async";
    case CallbackKind::Io: return "io";
    case CallbackKind::Signal: return "signal";
    case CallbackKind::Close: return "close";
    case CallbackKind::Pending: return "pending";
    case CallbackKind::Request: return "request";
    case CallbackKind::Work: return "work";
    case CallbackKind::Exit: return "exit";
  }
  return "?";
}

const char* to_string(StepKind k) {
  switch (k) {
    case StepKind::Callback: return "callback";
    case StepKind::Phase: return "phase";
    case StepKind::Iteration: return "iteration";
  }
  return "?";
}

const char* to_string(TimeoutReason r) {
  switch (r) {
    case TimeoutReason::Timer: return "timer";
    case TimeoutReason::TimerDue: return "timer_due";
    case TimeoutReason::NoTimers: return "no_timers";
    case TimeoutReason::Stopped: return "stopped";
    case TimeoutReason::NoActiveHandles: return "no_active_handles";
    case TimeoutReason::Pending: return "pending";
    case TimeoutReason::Idle: return "idle";
    case TimeoutReason::Closing: return "closing";
    case TimeoutReason::ModeNoWait: return "nowait";
    case TimeoutReason::ModeOnceBusy: return "once_busy";
  }
  return "?";
}

}  // namespace ls
