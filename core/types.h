// Small vocabulary types shared by every core header: run modes, phases, handle and callback kinds, the reason
// a poll timeout has its value. Kept apart so trace.h and inspect.h need not include loop.h.
#pragma once

#include <cstdint>

namespace ls {

// uv_run_mode. The numeric values are relied on by bindings (index into {"default","once","nowait"}).
enum class RunMode : uint8_t { Default, Once, NoWait };

// Phase order: Modern = libuv >= 1.45 (timers at the end of an iteration); Legacy = libuv 1.44.2.
enum class Order : uint8_t { Modern, Legacy };

enum class ClockKind : uint8_t { Monotonic, Virtual };

// The phases of one loop iteration, libuv's names. None = no run in progress.
enum class Phase : uint8_t { None, Timers, Pending, Idle, Prepare, Poll, Check, Closing };

enum class HandleType : uint8_t { Unknown, Timer, Idle, Prepare, Check, Async, Poll, Signal, Tcp, Pipe, Tty, Udp, Process,
                                  FsEvent, FsPoll };

// What kind of callback a dispatch is (trace "cb" field).
enum class CallbackKind : uint8_t { Timer, Idle, Prepare, Check, Async, Io, Signal, Close, Pending, Request, Work, Exit };

// Granularity of Loop::step().
enum class StepKind : uint8_t { Callback, Phase, Iteration };

// Why the poll timeout has its value (uv__backend_timeout's conditions, in libuv's order, plus the run mode).
enum class TimeoutReason : uint8_t {
  Timer,            // time until the earliest timer (clamped to INT_MAX)
  TimerDue,         // 0: the earliest timer is already due
  NoTimers,         // -1: nothing scheduled, block until I/O
  Stopped,          // 0: stop() was called
  NoActiveHandles,  // 0: no active ref'd handles and no active requests
  Pending,          // 0: the pending queue is not empty
  Idle,             // 0: an idle handle is active
  Closing,          // 0: handles are waiting for their close callbacks
  ModeNoWait,       // 0: run(NoWait)
  ModeOnceBusy,     // 0: run(Once) and the iteration had pending callbacks or idle handles at its start
};

const char* to_string(RunMode);
const char* to_string(Order);
const char* to_string(ClockKind);
const char* to_string(Phase);
const char* to_string(HandleType);
const char* to_string(CallbackKind);
const char* to_string(StepKind);
const char* to_string(TimeoutReason);

}  // namespace ls
