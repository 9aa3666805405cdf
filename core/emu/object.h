// Object: an open file description of the emulated kernel — what an fd points at (socket, pipe end, file,
// readiness set, eventfd, stdio). The fd table owns objects through shared_ptr; an object knows its own fd and
// generation so that it can wake the readiness sets watching it. Operations an object does not support keep the
// defaults below, which fail the way Linux does for that fd type.
// Tests: tests/core/emu/test_emu_local.cpp (fstat types), test_emu_determinism.cpp (describe)
#pragma once

#include <cerrno>
#include <cstdint>
#include <functional>
#include <memory>

#include "inspect.h"
#include "types.h"

namespace ls::emu {

class Kernel;

enum class Kind : std::uint8_t { Stdio, Socket, Pipe, Unix, File, Epoll, EventFd, Udp, Inotify };
const char* kind_name(Kind k);

class Object : public std::enable_shared_from_this<Object> {
 public:
  Object(Kernel& k, Kind kind) : k_(k), kind_(kind) {}
  virtual ~Object() = default;
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  Kind kind() const { return kind_; }
  int fd() const { return fd_; }
  std::uint32_t generation() const { return gen_; }
  void set_fd(int fd, std::uint32_t gen) { fd_ = fd, gen_ = gen; }  // by the fd table; (-1, 0) when released
  // An object no fd refers to, used from outside the program (the playground's remote clients, remote.h), is
  // told of its changes through this instead of readiness sets. Called from inside kernel actions: it must only
  // schedule work, never make socket calls itself.
  void set_outside_watcher(std::function<void()> fn) { outside_ = std::move(fn); }
  const std::function<void()>& outside_watcher() const { return outside_; }

  // Readiness right now, as the fd's poll method would report it (kEpoll* bits).
  virtual std::uint32_t poll() const = 0;
  // Whether a readiness set may watch it (regular files: no, EPERM as on Linux).
  virtual bool pollable() const { return true; }
  virtual std::int64_t read(void*, std::size_t) { return -EINVAL; }
  virtual std::int64_t writev(const IoVec*, int) { return -EINVAL; }
  virtual void fstat(Stat& st) const;
  // The fd is being released (close); the object may live on (an orphaned TCP side still sending its FIN).
  virtual void on_close() {}
  virtual void describe(FdView&) const {}

 protected:
  // Wakes the readiness sets watching this fd. `mask` is what changed (kEpollIn for new data, kEpollOut for new
  // space); 0 means a state change that wakes every watcher, as Linux's sk_state_change does.
  void notify(std::uint32_t mask) const;

  Kernel& k_;

 private:
  Kind kind_;
  std::function<void()> outside_;
  int fd_ = -1;
  std::uint32_t gen_ = 0;
};

// fds 0-2 of a fresh process. Reading finds nothing (-EAGAIN); writes go to the kernel's console sink (dropped without one). A console is a terminal: fstat says char device. They exist so
// the first fd a program opens is 3, as natively, and so the fd limit counts them as RLIMIT_NOFILE does.
class Stdio final : public Object {
 public:
  explicit Stdio(Kernel& k) : Object(k, Kind::Stdio) {}
  std::uint32_t poll() const override { return kEpollOut; }
  std::int64_t read(void*, std::size_t) override { return -EAGAIN; }
  std::int64_t writev(const IoVec* iov, int iovcnt) override;
  void fstat(Stat& st) const override;
  void describe(FdView& v) const override;
};

}  // namespace ls::emu
