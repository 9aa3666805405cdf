// Poll handle (uv_poll_t, luv's new_poll/new_socket_poll): readiness of a file descriptor the user owns.
// Events are Poll::READABLE | WRITABLE | DISCONNECT | PRIORITIZED. Only one active poll handle per fd
// (-EEXIST otherwise). Stop (or close) the handle before closing the fd. Covered by tests/core/test_native.cpp.
#pragma once

#include <functional>

#include "backend.h"
#include "handle.h"
#include "io.h"

namespace ls {

class Poll final : public Handle {
 public:
  enum : int { READABLE = kReadable, WRITABLE = kWritable, DISCONNECT = kDisconnect, PRIORITIZED = kPrioritized };
  // status is 0, or a negative errno (then events is 0) when the backend reported an error on the fd.
  using Callback = std::function<void(Poll&, int status, int events)>;

  Poll(Loop& loop, int fd);
  ~Poll() override;

  // events == 0 stops the handle. -EINVAL if closing, cb empty or bad events; -EEXIST if another watcher has
  // the fd; a backend error otherwise (the null backend has no fds: -ENOSYS).
  int start(int events, Callback cb);
  int stop();
  int fileno() const override;

 private:
  void on_close() override;
  void describe(HandleInfo&) const override;
  static void on_io(IoWatcher& w, int events);

  int fd_;
  Callback cb_;
  IoWatcher io_;
};

}  // namespace ls
