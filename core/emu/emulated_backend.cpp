// EmulatedBackend: the Backend calls as emulated-kernel calls. See emulated_backend.h.
#include "emulated_backend.h"

#include <cerrno>
#include <chrono>
#include <thread>

#include "../clock.h"
#include "../loop.h"
#include "emu_sys.h"

namespace ls {

EmulatedBackend::EmulatedBackend(EmulatedOptions options)
    : options_(std::move(options)),
      kernel_(options_.kernel),
      sys_(std::make_unique<EmuSys>(kernel_, options_.work_ns, options_.fs_ns)),
      events_(1024) {
  epfd_ = kernel_.epoll_create();
}

EmulatedBackend::~EmulatedBackend() = default;

void EmulatedBackend::attach(const Clock& clock) {
  clock_ = &clock;
  sys_->attach(clock);
}

Sys* EmulatedBackend::sys() { return sys_.get(); }

void EmulatedBackend::sync_time() {
  if (!clock_) return;
  uint64_t t = clock_->now_ns();
  if (t > kernel_.now_ns()) kernel_.advance_to(t);
}

int EmulatedBackend::add(int fd, int events) {
  sync_time();
  int r = kernel_.epoll_ctl(epfd_, emu::kEpollCtlAdd, fd, EmuSys::to_epoll(events), static_cast<uint64_t>(fd));
  if (r == -EEXIST)
    r = kernel_.epoll_ctl(epfd_, emu::kEpollCtlMod, fd, EmuSys::to_epoll(events), static_cast<uint64_t>(fd));
  return r;
}

int EmulatedBackend::modify(int fd, int events) {
  sync_time();
  int r = kernel_.epoll_ctl(epfd_, emu::kEpollCtlMod, fd, EmuSys::to_epoll(events), static_cast<uint64_t>(fd));
  if (r == -ENOENT)
    r = kernel_.epoll_ctl(epfd_, emu::kEpollCtlAdd, fd, EmuSys::to_epoll(events), static_cast<uint64_t>(fd));
  return r;
}

int EmulatedBackend::remove(int fd) {
  int r = kernel_.epoll_ctl(epfd_, emu::kEpollCtlDel, fd, 0, 0);
  // A closed fd has already left the set (the kernel forgets it at close).
  return (r == -ENOENT || r == -EBADF) ? 0 : r;
}

int EmulatedBackend::collect(std::vector<ReadyEvent>& out) {
  int added = 0;
  if (woken_.exchange(false, std::memory_order_acq_rel)) {
    out.push_back(ReadyEvent{kWakeFd, 0});
    ++added;
  }
  int n;
  for (;;) {
    n = kernel_.epoll_wait(epfd_, events_.data(), static_cast<int>(events_.size()));
    if (n != -EINTR) break;
    ++eintr_retries_;  // an injected EINTR: poll again, as the epoll backend does
  }
  for (int i = 0; i < n; ++i) {
    const emu::EpollEvent& e = events_[static_cast<size_t>(i)];
    if (e.generation != kernel_.generation(e.fd)) continue;  // the fd was closed (and maybe reused) since
    out.push_back(ReadyEvent{e.fd, EmuSys::from_epoll(e.events)});
    ++added;
  }
  return added;
}

int EmulatedBackend::poll(int timeout_ms, std::vector<ReadyEvent>& out) {
  sync_time();
  int n = collect(out);
  if (n > 0 || timeout_ms == 0) return n;
  // Only a real wait gets here: the monotonic clock, or a virtual-clock loop that can only be woken by another
  // thread. Sleep until the kernel's next event, the timeout or a wake-up, then look again.
  uint64_t deadline = timeout_ms < 0 ? kNever : clock_->now_ns() + static_cast<uint64_t>(timeout_ms) * 1000000;
  for (;;) {
    uint64_t next = next_event_ns();
    wait_until(next < deadline ? next : deadline);
    sync_time();
    n = collect(out);
    if (n > 0 || clock_->now_ns() >= deadline) return n;
  }
}

void EmulatedBackend::wait_until(uint64_t when_ns) {
  uint64_t now = clock_->now_ns();
  if (when_ns <= now) return;
#ifdef __EMSCRIPTEN__
  if (when_ns != kNever) std::this_thread::sleep_for(std::chrono::nanoseconds(when_ns - now));
#else
  std::unique_lock<std::mutex> lock(mu_);
  auto woken = [this] { return woken_.load(std::memory_order_acquire); };
  if (when_ns == kNever) {
    cv_.wait(lock, woken);
  } else {
    cv_.wait_for(lock, std::chrono::nanoseconds(when_ns - now), woken);
  }
#endif
}

void EmulatedBackend::wakeup() {
#ifdef __EMSCRIPTEN__
  woken_.store(true);
#else
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_.store(true, std::memory_order_release);
  }
  cv_.notify_one();
#endif
}

uint64_t EmulatedBackend::next_event_ns() const {
  std::optional<emu::Nanos> t = kernel_.next_event_time();
  return t ? *t : kNever;
}

bool EmulatedBackend::can_block() const {
#ifdef __EMSCRIPTEN__
  return false;  // no other thread could ever wake it
#else
  return wake_enabled_;
#endif
}

std::unique_ptr<EmulatedBackend> make_emulated_backend(EmulatedOptions options) {
  return std::make_unique<EmulatedBackend>(std::move(options));
}

emu::Kernel* emulated_kernel(Loop& loop) {
  auto* b = dynamic_cast<EmulatedBackend*>(&loop.backend());
  return b ? &b->kernel() : nullptr;
}

}  // namespace ls
