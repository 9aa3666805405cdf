// See threadpool.h.
#include "threadpool.h"

#include <cerrno>

namespace ls::emu {

ThreadPool::ThreadPool(Scheduler& sched, int workers) : sched_(sched), workers_(workers < 1 ? 1 : workers) {}

void ThreadPool::log(PoolEvent::What what, std::uint64_t job, int worker) {
  if (journal_.size() == kJournalMax) journal_.pop_front();
  journal_.push_back(PoolEvent{sched_.now(), job, what, worker});
}

int ThreadPool::submit(std::uint64_t job, Nanos duration) {
  if (known_.count(job)) return -EEXIST;
  known_.insert(job);
  queue_.push_back(Job{job, duration, sched_.now()});
  log(PoolEvent::What::Queued, job, -1);
  dispatch();
  return 0;
}

void ThreadPool::dispatch() {
  for (int w = 0; w < workers() && !queue_.empty(); ++w) {
    Worker& wk = workers_[static_cast<std::size_t>(w)];
    if (wk.busy) continue;
    Job j = queue_.front();
    queue_.pop_front();
    wk = Worker{true, j.id, j.queued_at, sched_.now(), sched_.now() + j.duration};
    log(PoolEvent::What::Started, j.id, w);
    sched_.at(wk.finishes, [this, w] { finish(w); });
  }
}

void ThreadPool::finish(int w) {
  Worker& wk = workers_[static_cast<std::size_t>(w)];
  done_.push_back(Completion{wk.job, 0, w, wk.queued_at, wk.started, sched_.now()});
  log(PoolEvent::What::Finished, wk.job, w);
  wk = Worker{};
  dispatch();  // the freed worker takes the next job at this very instant
  if (on_complete_) on_complete_();
}

int ThreadPool::cancel(std::uint64_t job) {
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (it->id != job) continue;
    done_.push_back(Completion{job, -ECANCELED, -1, it->queued_at, 0, sched_.now()});
    queue_.erase(it);
    log(PoolEvent::What::Cancelled, job, -1);
    if (on_complete_) on_complete_();
    return 0;
  }
  return known_.count(job) ? -EBUSY : -ENOENT;
}

std::vector<Completion> ThreadPool::take_completed() {
  std::vector<Completion> out;
  out.swap(done_);
  for (const Completion& c : out) known_.erase(c.job);
  return out;
}

std::vector<PoolEvent> ThreadPool::take_events() {
  std::vector<PoolEvent> out(journal_.begin(), journal_.end());
  journal_.clear();
  return out;
}

int ThreadPool::busy() const {
  int n = 0;
  for (const Worker& w : workers_) n += w.busy ? 1 : 0;
  return n;
}

int ThreadPool::set_workers(int n) {
  if (n < 1 || n > kMaxWorkers) return -EINVAL;
  if (busy() || !queue_.empty()) return -EBUSY;
  workers_.assign(static_cast<std::size_t>(n), Worker{});
  return 0;
}

PoolView ThreadPool::view() const {
  PoolView v;
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    const Worker& w = workers_[i];
    v.workers.push_back(WorkerView{static_cast<int>(i), w.busy, w.job, w.started, w.finishes});
  }
  for (const Job& j : queue_) v.queue.push_back(JobView{j.id, j.duration, j.queued_at});
  v.completed_waiting = done_.size();
  return v;
}

}  // namespace ls::emu
