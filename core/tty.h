// Tty handle (uv_tty_t, src/unix/tty.c): a stream over a terminal fd — the host's terminal natively, the
// emulated console (fds 0-2, which write to the program's output) on the emulated backend.
//  - open(fd, readable): as uv_tty_init, refuses fds that are files or unknown (EINVAL) but takes pipes and
//    sockets too; a readable tty reads, an unreadable one writes.
//  - set_mode / get_winsize: -ENOTTY when the fd is not a terminal. reset_tty_mode() restores the settings the
//    first set_mode found (process-wide, as libuv's uv_tty_reset_mode).
// Covered by tests/core/io/test_tty.cpp.
#pragma once

#include "stream.h"

namespace ls {

enum class TtyMode : int { Normal = 0, Raw = 1, Io = 2 };

class Tty final : public Stream {
 public:
  explicit Tty(Loop& loop);

  int open(int fd, bool readable);
  int set_mode(TtyMode mode);
  int get_winsize(int& width, int& height) const;
  int listen(int, ConnectionCallback) override { return -ENOTSUP; }
};

int reset_tty_mode(Loop& loop);

}  // namespace ls
