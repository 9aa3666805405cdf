// EpollBackend: Linux epoll, level-triggered, plus an eventfd for cross-thread wake-ups (added to the epoll set
// only once the loop has an Async handle). Avoids syscalls that cannot matter: no epoll_wait for a zero timeout
// when nothing is watched; the loop only calls modify() when a mask really changed.
#pragma once

#include <array>

#include <sys/epoll.h>

#include "../backend.h"
#include "../sys.h"

namespace ls {

class EpollBackend final : public Backend {
 public:
  EpollBackend();
  ~EpollBackend() override;

  const char* name() const override { return "epoll"; }
  int add(int fd, int events) override;
  int modify(int fd, int events) override;
  int remove(int fd) override;
  int poll(int timeout_ms, std::vector<ReadyEvent>& out) override;
  void wakeup() override;
  void enable_wakeup() override;
  bool can_block() const override { return watched_ > 0; }
  // The host's system calls and worker threads (core/native_sys.h), created when first asked for.
  Sys* sys() override {
    if (!sys_) sys_ = make_native_sys();
    return sys_.get();
  }

  int epoll_fd() const { return epfd_; }
  uint64_t wait_calls() const { return wait_calls_; }  // epoll_wait syscalls made (tests check the skips)
  uint64_t ctl_calls() const { return ctl_calls_; }    // epoll_ctl syscalls made

 private:
  int ctl(int op, int fd, int events);
  int collect(int n, std::vector<ReadyEvent>& out);  // the n events of the last epoll_wait, converted

  int epfd_ = -1;
  int wakefd_ = -1;
  size_t watched_ = 0;  // fds in the epoll set, the eventfd included
  uint64_t wait_calls_ = 0;
  uint64_t ctl_calls_ = 0;
  std::array<epoll_event, 1024> events_{};
  std::unique_ptr<Sys> sys_;
};

}  // namespace ls
