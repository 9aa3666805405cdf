// The loop side of the thread pool (see threadpool.h): requests in flight, the wake-up watcher, trace events
// and after callbacks. The executing side is the backend's Workers.
#include "threadpool.h"

#include <cerrno>

#include "loop.h"
#include "sys.h"

namespace ls {

WorkQueue::WorkQueue(Loop& loop, Workers& workers) : loop_(loop), workers_(workers) {}

WorkQueue::~WorkQueue() {
  for (auto& [id, req] : reqs_) req->abandon();
}

// The wake-up fd is watched only while requests are in flight: an idle pool costs the loop nothing (no fd in
// its set, no poll syscall), which libuv's always-registered wq_async does not manage.
void WorkQueue::watch(bool on) {
  if (!on) {
    loop_.io_set(io_, io_.fd, 0);
    return;
  }
  int fd = workers_.notify_fd();
  if (fd >= 0) loop_.io_set(io_, fd, kReadable);
}

int64_t WorkQueue::submit(std::unique_ptr<PoolReq> req, uint64_t virtual_ns) {
  uint64_t id = req->id();
  if (int fd = workers_.notify_fd(); fd < 0) {
    req->finish(fd);
    return fd;
  }
  PoolReq* raw = req.get();
  int r = workers_.submit(id, [raw] { raw->run(); }, virtual_ns, raw->runs_at_start());
  if (r < 0) {
    req->finish(r);
    return r;
  }
  reqs_.emplace(id, std::move(req));
  if (loop_.trace().enabled()) [[unlikely]] {
    TraceEvent ev;
    ev.kind = TraceKind::WorkQueue;
    ev.id = id;
    loop_.trace().emit(std::move(ev));
  }
  if (reqs_.size() == 1) watch(true);
  trace_events();  // virtual workers start a job at submission when one is free: report it at its true time
  return static_cast<int64_t>(id);
}

int WorkQueue::cancel(uint64_t id) {
  if (reqs_.find(id) == reqs_.end()) return -ENOENT;
  return workers_.cancel(id);
}

// Worker events are recorded as the loop learns of them: at submission (a virtual worker starting at once)
// and when completions are delivered. Natively that is when the loop wakes, not the instant a thread moved.
void WorkQueue::trace_events() {
  events_.clear();
  workers_.take_events(events_);
  if (!loop_.trace().enabled()) [[likely]] return;
  for (const WorkEvent& e : events_) {
    TraceEvent ev;
    ev.kind = e.started ? TraceKind::WorkStart : TraceKind::WorkFinish;
    ev.id = e.id;
    ev.a = e.worker;
    loop_.trace().emit(std::move(ev));
  }
}

void WorkQueue::on_notify(IoWatcher& w, int) { static_cast<Watcher&>(w).queue->deliver(); }

// uv__work_done: every completion taken now gets its after callback, in completion order. A step by callback
// may stop between two of them (Loop::continue_later): the rest of this wake-up's batch comes first next time.
void WorkQueue::deliver() {
  if (done_pos_ == done_.size()) {
    workers_.drain_notify();
    done_.clear();
    done_pos_ = 0;
    workers_.take_done(done_);
    trace_events();
  }
  while (done_pos_ < done_.size()) {
    WorkDone d = done_[done_pos_++];
    auto it = reqs_.find(d.id);
    if (it == reqs_.end()) continue;
    std::unique_ptr<PoolReq> req = std::move(it->second);
    reqs_.erase(it);
    req->finish(d.status);
    loop_.dispatch(nullptr, CallbackKind::Work, [&] { req->done(d.status); });
    if (done_pos_ < done_.size() && loop_.should_pause()) {
      loop_.continue_later();
      return;
    }
  }
  if (reqs_.empty()) watch(false);
}

// ---- the public API ----

namespace {

class WorkReq final : public PoolReq {
 public:
  WorkReq(Loop& loop, const char* type, std::function<void()> work, std::function<void(int)> after)
      : PoolReq(loop, type, nullptr), work_(std::move(work)), after_(std::move(after)) {}
  void run() override { work_(); }
  bool runs_at_start() const override { return true; }
  void done(int status) override {
    if (after_) after_(status);
  }

 private:
  std::function<void()> work_;
  std::function<void(int)> after_;
};

}  // namespace

int64_t queue_work(Loop& loop, std::function<void()> work, std::function<void(int status)> after,
                   uint64_t virtual_ns, const char* type) {
  if (!work) return -EINVAL;
  Sys* sys = loop.backend().sys();
  if (!sys) return -ENOSYS;
  auto req = std::make_unique<WorkReq>(loop, type, std::move(work), std::move(after));
  return sys->work_queue(loop).submit(std::move(req), virtual_ns);
}

int cancel(Loop& loop, uint64_t req_id) {
  Sys* sys = loop.backend().sys();
  WorkQueue* q = sys ? sys->work_queue_if_any() : nullptr;
  return q ? q->cancel(req_id) : -ENOENT;
}

}  // namespace ls
