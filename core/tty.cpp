// Tty handle. See tty.h; libuv's src/unix/tty.c is the model.
#include "tty.h"

#include <cerrno>
#include <string_view>

#include "loop.h"

namespace ls {

Tty::Tty(Loop& loop) : Stream(loop, HandleType::Tty) {}

int Tty::open(int tty_fd, bool readable) {
  if (is_closing()) return -EINVAL;
  if (!sys()) return -ENOSYS;
  std::string_view kind = sys()->guess_handle(tty_fd);
  if (kind == "file" || kind == "unknown") return -EINVAL;
  int directions = 0;
  int r = sys()->adopt(tty_fd, directions);
  if (r < 0) return r;
  return open_fd(tty_fd, readable ? kReadable : kWritable);
}

int Tty::set_mode(TtyMode mode) {
  if (fd() < 0) return -EBADF;
  return sys()->tty_set_mode(fd(), static_cast<int>(mode));
}

int Tty::get_winsize(int& width, int& height) const {
  if (fd() < 0) return -EBADF;
  return sys()->tty_winsize(fd(), width, height);
}

int reset_tty_mode(Loop& loop) {
  Sys* sys = loop.backend().sys();
  return sys ? sys->tty_reset_mode() : -ENOSYS;
}

}  // namespace ls
