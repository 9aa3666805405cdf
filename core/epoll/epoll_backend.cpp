// Linux epoll backend. See epoll_backend.h.
#include "epoll_backend.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include <sys/eventfd.h>
#include <unistd.h>

#include "../clock.h"

namespace ls {
namespace {

uint32_t to_epoll(int events) {
  uint32_t e = 0;
  if (events & kReadable) e |= EPOLLIN;
  if (events & kWritable) e |= EPOLLOUT;
  if (events & kDisconnect) e |= EPOLLRDHUP;
  if (events & kPrioritized) e |= EPOLLPRI;
  return e;
}

int from_epoll(uint32_t e) {
  int events = 0;
  if (e & EPOLLIN) events |= kReadable;
  if (e & EPOLLOUT) events |= kWritable;
  if (e & EPOLLRDHUP) events |= kDisconnect;
  if (e & EPOLLPRI) events |= kPrioritized;
  if (e & EPOLLERR) events |= kError;
  if (e & EPOLLHUP) events |= kHangup;
  return events;
}

}  // namespace

EpollBackend::EpollBackend() {
  epfd_ = epoll_create1(EPOLL_CLOEXEC);
  wakefd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epfd_ < 0 || wakefd_ < 0) {
    std::perror("loopscope: epoll backend");
    std::abort();  // no loop can run without them; libuv's uv_loop_init fails the same way
  }
}

EpollBackend::~EpollBackend() {
  ::close(wakefd_);
  ::close(epfd_);
}

int EpollBackend::ctl(int op, int fd, int events) {
  epoll_event ev{};
  ev.events = to_epoll(events);
  ev.data.fd = fd;
  ++ctl_calls_;
  return epoll_ctl(epfd_, op, fd, &ev) == 0 ? 0 : -errno;
}

int EpollBackend::add(int fd, int events) {
  int r = ctl(EPOLL_CTL_ADD, fd, events);
  if (r == -EEXIST) r = ctl(EPOLL_CTL_MOD, fd, events);  // a previous owner never removed it
  if (r == 0) ++watched_;
  return r;
}

int EpollBackend::modify(int fd, int events) {
  int r = ctl(EPOLL_CTL_MOD, fd, events);
  if (r == -ENOENT) r = ctl(EPOLL_CTL_ADD, fd, events);  // the fd was closed and reopened: the kernel dropped it
  return r;
}

int EpollBackend::remove(int fd) {
  int r = ctl(EPOLL_CTL_DEL, fd, 0);
  --watched_;
  // A closed fd has already left the set: nothing to undo.
  return (r == -ENOENT || r == -EBADF) ? 0 : r;
}

int EpollBackend::poll(int timeout_ms, std::vector<ReadyEvent>& out) {
  // Nothing watched and no wait wanted: the syscall could not return anything (libuv 1.44 makes it anyway).
  if (timeout_ms == 0 && watched_ == 0) return 0;

  // The clock is read only for a wait that may be interrupted and resumed (a zero timeout just polls again).
  uint64_t start = timeout_ms > 0 ? Clock::monotonic_ns() : 0;
  int n;
  for (;;) {
    ++wait_calls_;
    n = epoll_wait(epfd_, events_.data(), static_cast<int>(events_.size()), timeout_ms);
    if (n >= 0) break;
    if (errno != EINTR) return -errno;
    // Interrupted (a signal): poll again with what is left of the timeout, as libuv does.
    if (timeout_ms > 0) {
      uint64_t now = Clock::monotonic_ns();
      uint64_t spent_ms = (now - start) / 1000000;
      if (spent_ms >= static_cast<uint64_t>(timeout_ms)) return 0;
      timeout_ms -= static_cast<int>(spent_ms);
      start = now;
    }
  }

  return n > 0 ? collect(n, out) : 0;
}

// Out of line: poll() is called every iteration and mostly finds nothing; this loop's registers and calls would
// make every call of it pay a longer prologue.
[[gnu::noinline]] int EpollBackend::collect(int n, std::vector<ReadyEvent>& out) {
  int added = 0;
  for (int i = 0; i < n; ++i) {
    int fd = events_[i].data.fd;
    if (fd == wakefd_) {
      uint64_t v;
      while (::read(wakefd_, &v, sizeof v) > 0) {
      }
      out.push_back(ReadyEvent{kWakeFd, 0});
    } else {
      out.push_back(ReadyEvent{fd, from_epoll(events_[i].events)});
    }
    ++added;
  }
  return added;
}

void EpollBackend::wakeup() {
  uint64_t one = 1;
  // EAGAIN means the counter is saturated: a wake-up is pending anyway.
  ssize_t r = ::write(wakefd_, &one, sizeof one);
  (void)r;
}

void EpollBackend::enable_wakeup() {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wakefd_;
  ++ctl_calls_;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, wakefd_, &ev) == 0) ++watched_;
}

}  // namespace ls
