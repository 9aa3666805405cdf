// NativeWorkers: libuv's thread pool (src/threadpool.c) — threads started on first use, one FIFO queue, and per
// completion one count on an eventfd that the loop watches (uv_async_send on wq_async). Cancelling a queued job
// removes it and reports -ECANCELED the same way; a started job cannot be cancelled (-EBUSY).
#ifndef __EMSCRIPTEN__

#include <cerrno>

#include <sys/eventfd.h>
#include <unistd.h>

#include "native_sys.h"

namespace ls {

NativeWorkers::~NativeWorkers() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) t.join();
  if (efd_ >= 0) ::close(efd_);
}

int NativeWorkers::notify_fd() {
  if (efd_ < 0) {
    efd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (efd_ < 0) return -errno;
  }
  return efd_;
}

void NativeWorkers::drain_notify() {
  uint64_t v;
  while (::read(efd_, &v, sizeof v) > 0) {
  }
}

void NativeWorkers::signal_loop() {
  uint64_t one = 1;
  ssize_t r = ::write(efd_, &one, sizeof one);  // EAGAIN: the counter is saturated, a wake-up is pending anyway
  (void)r;
}

int NativeWorkers::submit(uint64_t id, std::function<void()> job, uint64_t, bool) {
  std::lock_guard<std::mutex> lock(mu_);
  if (threads_.empty()) {
    running_.assign(static_cast<size_t>(size_), 0);
    try {
      for (int i = 0; i < size_; ++i) threads_.emplace_back(&NativeWorkers::worker_main, this, i);
    } catch (...) {
      if (threads_.empty()) return -EAGAIN;  // no thread at all: nothing could run the job
    }
  }
  queue_.push_back(Job{id, std::move(job)});
  cv_.notify_one();
  return 0;
}

int NativeWorkers::cancel(uint64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (it->id != id) continue;
    queue_.erase(it);
    done_.push_back(WorkDone{id, -ECANCELED});
    signal_loop();
    return 0;
  }
  return -EBUSY;
}

void NativeWorkers::worker_main(int index) {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    running_[static_cast<size_t>(index)] = job.id;
    events_.push_back(WorkEvent{job.id, true, index});
    lock.unlock();
    job.fn();
    job.fn = nullptr;  // whatever the job captured dies on this thread, outside the lock
    lock.lock();
    running_[static_cast<size_t>(index)] = 0;
    // The finish event and the completion are published together (see Workers::take_events).
    events_.push_back(WorkEvent{job.id, false, index});
    done_.push_back(WorkDone{job.id, 0});
    signal_loop();
  }
}

void NativeWorkers::take_done(std::vector<WorkDone>& done) {
  std::lock_guard<std::mutex> lock(mu_);
  done.insert(done.end(), done_.begin(), done_.end());
  done_.clear();
}

void NativeWorkers::take_events(std::vector<WorkEvent>& events) {
  std::lock_guard<std::mutex> lock(mu_);
  events.insert(events.end(), events_.begin(), events_.end());
  events_.clear();
}

void NativeWorkers::describe(PoolInfo& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  out.workers = threads_.empty() ? size_ : static_cast<int>(threads_.size());
  for (size_t i = 0; i < running_.size(); ++i)
    if (running_[i] != 0) out.busy.push_back(WorkerInfo{static_cast<int>(i), true, running_[i]});
  for (const Job& j : queue_) out.queue.push_back(j.id);
  out.completed_waiting = done_.size();
}

}  // namespace ls

#endif  // __EMSCRIPTEN__
