// ThreadPool: N virtual workers. It models only *when* work happens: a job has an id and a duration in virtual
// time; jobs start FIFO on the lowest-numbered free worker, at submission if one is free, else the instant a
// worker finishes its previous job; a job finishes `duration` after it started. The work function itself is run
// by the caller (the backend adapter), e.g. when the completion is taken — the emulation never runs user code.
// Completion times are scheduler actions, so Kernel::next_event_time() includes them.
// cancel(): a queued job completes at once with -ECANCELED (libuv calls after_work with UV_ECANCELED); a running
// or finished-but-not-taken job cannot be cancelled (-EBUSY, as uv_cancel).
// Tests: tests/core/emu/test_emu_threadpool.cpp
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <set>
#include <vector>

#include "inspect.h"
#include "scheduler.h"

namespace ls::emu {

struct Completion {
  std::uint64_t job = 0;
  int status = 0;  // 0, or -ECANCELED
  int worker = -1;  // -1 when cancelled before it ran
  Nanos queued = 0, started = 0, finished = 0;
};

// A journal entry, for the trace's thread-pool queue/start/finish events.
struct PoolEvent {
  enum class What : std::uint8_t { Queued, Started, Finished, Cancelled };
  Nanos time = 0;
  std::uint64_t job = 0;
  What what = What::Queued;
  int worker = -1;
};

class ThreadPool {
 public:
  ThreadPool(Scheduler& sched, int workers);

  // 0; -EEXIST while a job with this id is queued, running or waiting to be taken.
  int submit(std::uint64_t job, Nanos duration);
  // 0 (queued: completes now with -ECANCELED), -EBUSY (running or finished), -ENOENT (unknown or taken).
  int cancel(std::uint64_t job);
  // Completions so far (finish time <= now), in completion order; they are forgotten afterwards.
  std::vector<Completion> take_completed();
  std::size_t completed_waiting() const { return done_.size(); }
  // The journal since the last call (bounded: the oldest entries go first past kJournalMax).
  std::vector<PoolEvent> take_events();

  // Changes the worker count; only while idle (-EBUSY otherwise), 1..kMaxWorkers (-EINVAL otherwise).
  int set_workers(int n);
  int workers() const { return static_cast<int>(workers_.size()); }
  std::size_t queued() const { return queue_.size(); }
  int busy() const;
  // Called whenever a completion becomes available (the Kernel signals an eventfd with it).
  void set_on_complete(std::function<void()> fn) { on_complete_ = std::move(fn); }
  PoolView view() const;

  static constexpr int kMaxWorkers = 1024;
  static constexpr std::size_t kJournalMax = 4096;

 private:
  struct Job {
    std::uint64_t id;
    Nanos duration;
    Nanos queued_at;
  };
  struct Worker {
    bool busy = false;
    std::uint64_t job = 0;
    Nanos queued_at = 0, started = 0, finishes = 0;
  };
  void dispatch();
  void finish(int worker);
  void log(PoolEvent::What what, std::uint64_t job, int worker);

  Scheduler& sched_;
  std::vector<Worker> workers_;
  std::deque<Job> queue_;
  std::vector<Completion> done_;
  std::set<std::uint64_t> known_;  // ids queued, running or done-not-taken
  std::deque<PoolEvent> journal_;
  std::function<void()> on_complete_;
};

}  // namespace ls::emu
