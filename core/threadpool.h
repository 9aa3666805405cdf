// The thread pool, libuv's way (src/threadpool.c): work queued from the loop thread runs on a worker; its
// completion reaches the loop through a wake-up fd watched in the poll phase — an internal watcher that does not
// keep the loop alive (libuv's unref'd wq_async) — and the after callback runs there, in the poll phase. What
// keeps the loop alive is the request itself (an active request). cancel(): a queued job never runs and its after
// callback gets -ECANCELED; a running or finished one cannot be cancelled (-EBUSY), as uv_cancel.
//
// Two parts: Workers (per backend, the executing side: real threads natively, the emulated kernel's virtual
// workers) and WorkQueue (per loop, generic: requests, the wake-up watcher, trace events, callbacks).
// Emulated backend rule (deterministic): a job's function runs on the loop thread at the moment its virtual
// worker finishes it (when the loop takes the completion, in completion order), right before its after callback.
// fs requests (fs.h) are jobs too. Covered by tests/core/io/test_work.cpp and test_fs.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "inspect_io.h"
#include "io.h"
#include "requests.h"

namespace ls {

class Loop;
class Sys;

struct WorkEvent {
  uint64_t id = 0;
  bool started = false;  // false: finished
  int worker = -1;
};

struct WorkDone {
  uint64_t id = 0;
  int status = 0;  // 0 or -ECANCELED
};

// The executing side. Only WorkQueue calls it, from the loop thread.
class Workers {
 public:
  virtual ~Workers() = default;
  // The fd that turns readable while completions wait (created on first use), or a negative errno.
  virtual int notify_fd() = 0;
  virtual void drain_notify() = 0;
  // Runs `job` on a worker. virtual_ns: the job's duration on virtual workers (0 = the backend's default).
  // at_start: virtual workers run the function when the job starts rather than when it finishes (see PoolReq).
  virtual int submit(uint64_t id, std::function<void()> job, uint64_t virtual_ns, bool at_start) = 0;
  // 0 if the job was still queued (a -ECANCELED completion follows); -EBUSY once it started.
  virtual int cancel(uint64_t id) = 0;
  // Completions since the last call, in completion order (virtual workers run the job's function here).
  virtual void take_done(std::vector<WorkDone>& done) = 0;
  // Worker start/finish events since the last call, oldest first. Taken after take_done(), it includes the
  // finish event of every completion that call returned.
  virtual void take_events(std::vector<WorkEvent>& events) = 0;
  virtual void describe(PoolInfo& out) const = 0;
};

// A request that runs on the pool.
class PoolReq : public Req {
 public:
  using Req::Req;
  // On a worker (natively another thread): must not touch the loop or anything it shares without locking.
  virtual void run() = 0;
  // On the loop thread, in the poll phase: the after callback with 0 or -ECANCELED.
  virtual void done(int status) = 0;
  // For virtual workers, which run the function on the loop thread at one instant of the job: at its start when
  // what it does must be seen while the job runs (a work function's async sends arrive before its after
  // callback, as natively), else at its finish (an fs request takes effect when its result is reported).
  virtual bool runs_at_start() const { return false; }
};

class WorkQueue {
 public:
  WorkQueue(Loop& loop, Workers& workers);
  ~WorkQueue();  // never touches the loop (it may be gone): requests left are dropped without callbacks
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // The request's id, or a negative errno (then the request was dropped).
  int64_t submit(std::unique_ptr<PoolReq> req, uint64_t virtual_ns);
  // 0, -EBUSY (running or finished), -ENOENT (no such request in flight on this loop).
  int cancel(uint64_t id);
  size_t in_flight() const { return reqs_.size(); }
  void describe(PoolInfo& out) const { workers_.describe(out); }

 private:
  struct Watcher : IoWatcher {
    explicit Watcher(WorkQueue* q) : IoWatcher(&WorkQueue::on_notify, nullptr), queue(q) {}
    WorkQueue* queue;
  };
  static void on_notify(IoWatcher& w, int events);
  void deliver();
  void trace_events();
  void watch(bool on);

  Loop& loop_;
  Workers& workers_;
  Watcher io_{this};
  std::map<uint64_t, std::unique_ptr<PoolReq>> reqs_;
  std::vector<WorkEvent> events_;  // scratch, reused
  std::vector<WorkDone> done_;     // the completions of one wake-up, delivered from done_pos_ on
  size_t done_pos_ = 0;
};

// uv_queue_work: `work` runs on the pool, then `after(status)` on the loop (status 0 or -ECANCELED; `after` may
// be empty). Returns the request id, or -EINVAL (no work), -ENOSYS (a backend without a pool).
// virtual_ns: the job's duration on the emulated backend's virtual workers (0 = EmulatedOptions::work_ns).
// type: the request type the trace shows ("work"; libuv's uv_getaddrinfo is a pool job too: "getaddrinfo").
int64_t queue_work(Loop& loop, std::function<void()> work, std::function<void(int status)> after,
                   uint64_t virtual_ns = 0, const char* type = "work");
// uv_cancel for work and fs requests: 0 (its callback gets -ECANCELED), -EBUSY (already running or done),
// -ENOENT (no such request in flight).
int cancel(Loop& loop, uint64_t req_id);

}  // namespace ls
