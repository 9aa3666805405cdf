// The thread pool panel's view model: the queue, every worker (idle, or running which request and for how long
// in virtual time), the completions waiting for the loop, and each recent completion linked to the callback it
// became. From the snapshot (Snapshot::pool: queue, busy workers, completions the loop has not woken up for) and
// the trace (work_queue / work_start / work_finish / request_complete / callback_begin).
//
// The trace part is incremental: a PoolTracker (one per run, kept by the Session) reads only the events recorded
// since it last looked, so a frame's cost does not grow with the length of the run; it keeps the requests in
// flight and the newest kKeepLinks completions, nothing else.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "core/inspect.h"
#include "core/trace.h"
#include "ui/model/words.h"

namespace ls::ui {

struct PoolWorkerRow {
  int id = 0;
  bool busy = false;
  uint64_t req = 0;       // the request it runs (0 = idle)
  std::string type;       // "fs_read", "work", ...
  uint64_t for_ns = 0;    // how long it has run it, in the loop's (virtual) time
};

struct PoolQueuedRow {
  uint64_t req = 0;
  std::string type;
};

// One completion and the callback it became on the loop thread.
struct PoolLink {
  uint64_t req = 0;
  std::string type;
  int worker = -1;
  uint64_t finished_ns = 0;  // the loop took the completion (work_finish)
  uint64_t callback_ns = 0;  // its callback began (0 = not yet)
  uint64_t callback_seq = 0; // the callback_begin event
  int line = 0;              // the callback's definition line in the snippet
  std::string status;        // "ok", "ECANCELED", ...
  bool delivered = false;    // request_complete seen (the callback follows at once)
};

struct PoolView {
  bool used = false;   // the pool was ever used in this run
  int size = 0;        // workers
  std::vector<PoolWorkerRow> workers;  // every worker, by id
  std::vector<PoolQueuedRow> queue;    // FIFO
  size_t wakeup_waiting = 0;           // finished on a worker; the loop has not woken up for them yet
  std::vector<uint64_t> delivering;    // taken by the loop, their callbacks not run yet (in order)
  std::vector<PoolLink> links;         // the newest completions, oldest first
  std::string summary;                 // "2 of 4 workers busy, 3 queued, 1 completion waiting"
};

class PoolTracker {
 public:
  static constexpr size_t kKeepLinks = 12;
  // Reads the events since the last call. A ring that dropped events it had not read is noted, not fatal.
  void follow(const Trace& trace);
  struct Request {
    std::string type;
    int worker = -1;
    uint64_t started_ns = 0;
    bool started = false, finished = false;
  };
  const std::map<uint64_t, Request>& in_flight() const { return reqs_; }
  const std::deque<PoolLink>& links() const { return links_; }
  uint64_t seen() const { return seen_; }
  bool lost_events() const { return lost_; }

 private:
  void take(const TraceEvent& ev);
  uint64_t seen_ = 0;
  bool lost_ = false;
  std::map<uint64_t, std::string> submitted_;  // request id -> type, until it completes (any request)
  std::map<uint64_t, Request> reqs_;           // pool requests in flight
  std::deque<PoolLink> links_;
  uint64_t awaiting_callback_ = 0;             // the request whose callback_begin comes next (0 = none)
};

PoolView build_pool(const Snapshot& snap, PoolTracker& tracker, const Trace& trace, Lang lang = Lang::en);

}  // namespace ls::ui
