// EmuSys's terminal and fd-kind calls. The emulated console (fds 0-2, kernel Stdio objects) is a terminal of 80
// columns by 24 rows whose modes are accepted and change nothing (the console has no line discipline). The
// emulated file system has one working directory, its root: chdir("/") succeeds, any other directory is
// ENOSYS (relative paths always start at /).
#include <cerrno>

#include "emu_sys.h"
#include "object.h"

namespace ls {

const char* EmuSys::guess_handle(int fd) {
  const emu::Object* o = k_.object(fd);
  if (!o) return "unknown";
  switch (o->kind()) {
    case emu::Kind::Stdio: return "tty";
    case emu::Kind::Pipe:
    case emu::Kind::Unix: return "pipe";
    case emu::Kind::Socket: return "tcp";
    case emu::Kind::Udp: return "udp";
    case emu::Kind::File: return "file";
    default: return "unknown";
  }
}

namespace {
int console_check(const emu::Object* o) {
  if (!o) return -EBADF;
  return o->kind() == emu::Kind::Stdio ? 0 : -ENOTTY;
}
}  // namespace

int EmuSys::tty_set_mode(int fd, int mode) {
  if (mode < 0 || mode > 2) return -EINVAL;
  return console_check(k_.object(fd));
}

int EmuSys::tty_reset_mode() { return 0; }

int EmuSys::tty_winsize(int fd, int& width, int& height) {
  int r = console_check(k_.object(fd));
  if (r < 0) return r;
  width = 80;
  height = 24;
  return 0;
}

int EmuSys::chdir(const std::string& path) {
  emu::Stat st;
  int r = sync().stat(path, st);
  if (r < 0) return r;
  if ((st.mode & emu::kSIfMt) != emu::kSIfDir) return -ENOTDIR;
  return path.find_first_not_of('/') == std::string::npos ? 0 : -ENOSYS;
}

}  // namespace ls
