// Snapshot: a copy of the loop's observable state for the UI's panels and for tests — handles, the timer heap
// in firing order, the pending queue, watched fds, the inputs of the alive rule, the current phase.
#pragma once

#include <cstdint>
#include <cstddef>
#include <string>
#include <vector>

#include "inspect_io.h"
#include "types.h"

namespace ls {

struct HandleInfo {
  uint64_t id = 0;
  HandleType type = HandleType::Unknown;
  bool active = false, ref = false, closing = false;
  int line = 0;  // the source line that created it (Handle::source_line), 0 = unknown
  // Type-specific details (0 / -1 when not applicable).
  uint64_t timer_due = 0, timer_repeat = 0;  // timer: absolute due (loop ms) and repeat
  int fd = -1, events = 0;                   // poll: fd and interest
  size_t write_queue_size = 0;               // tcp, pipe: bytes queued, not yet written
  std::string state;                         // tcp, pipe: "listening", "reading writable", ...
  int signum = 0;                            // signal
  int pid = 0;                               // process (state: "running", "exited 0", "signal 15")
};

struct TimerInfo {
  uint64_t handle_id = 0;
  uint64_t due = 0;     // loop ms
  uint64_t repeat = 0;
  uint64_t seq = 0;     // start sequence: the tie-breaker for equal due times
  int line = 0;         // the timer handle's source line
};

struct FdInfo {
  int fd = -1;
  int interest = 0;     // IoEvent bits
  uint64_t handle_id = 0;  // 0 for the loop's internal watchers
  int ready = 0;           // IoEvent bits the fd is ready for now (0 when the backend cannot tell)
};

struct AliveInputs {
  size_t active_ref_handles = 0;
  size_t active_requests = 0;
  size_t pending = 0;
  size_t closing = 0;
  bool alive = false;
};

// How much of a large loop a snapshot copies. A frame of the playground shows a few thousand rows; copying a
// million handles and sorting a million timers for it cost ~300 ms a frame. Limited, a snapshot still holds, in
// creation order: the first `handles` handles, up to `handles` more that keep the loop alive (active and ref'd,
// or closing), and every handle with an fd; and the first `timers` timers in firing order. The totals count all.
struct InspectLimits {
  size_t handles = SIZE_MAX;
  size_t timers = SIZE_MAX;
};

struct Snapshot {
  uint64_t now = 0;      // cached loop time, ms
  uint64_t hrtime = 0;   // loop clock, ns
  uint64_t iteration = 0;
  Phase phase = Phase::None;
  bool running = false;
  RunMode mode = RunMode::Default;
  bool stop_requested = false;
  std::vector<HandleInfo> handles;  // in creation order (a selection of them under InspectLimits)
  std::vector<TimerInfo> timers;    // armed timers in firing order (due, seq): the first ones under InspectLimits
  size_t handles_total = 0;         // every handle, listed or not
  size_t alive_handles_total = 0;   // handles that keep the loop alive: active and ref'd, or closing
  size_t timers_total = 0;
  std::vector<FdInfo> fds;          // ascending fd
  size_t pending = 0;
  size_t idle_active = 0, prepare_active = 0, check_active = 0;
  AliveInputs alive;
  int backend_timeout = 0;
  TimeoutReason timeout_reason = TimeoutReason::NoTimers;
  std::string backend;
  // I/O (filled by the backend's Sys, see inspect_io.h): requests in flight by id, the thread pool, and on the
  // emulated backend the kernel's fds with their buffers and the connection table.
  std::vector<RequestInfo> requests;
  PoolInfo pool;
  std::vector<KernelFdInfo> kernel_fds;
  std::vector<ConnectionInfo> connections;
  std::vector<ListenerInfo> listeners;
  std::vector<RemoteClientInfo> remote_clients;
  KernelFaultInfo faults;
};

}  // namespace ls
