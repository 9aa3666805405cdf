// NativeSys's terminal and fd-kind calls: libuv's uv_guess_handle and src/unix/tty.c (set_mode, reset_mode,
// get_winsize), and chdir. As in libuv, the terminal state saved for reset_mode is per process.
#ifndef __EMSCRIPTEN__

#include <cerrno>
#include <mutex>

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "native_sys.h"

namespace ls {
namespace {

std::mutex g_term_mutex;
int g_orig_fd = -1;  // the terminal whose settings g_orig_termios holds
termios g_orig_termios{};

const char* socket_kind(int fd) {
  int type = 0;
  socklen_t len = sizeof type;
  if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0) return "unknown";
  sockaddr_storage ss{};
  socklen_t slen = sizeof ss;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &slen) != 0) return "unknown";
  if (ss.ss_family == AF_UNIX) return "pipe";
  if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6) return "unknown";
  return type == SOCK_STREAM ? "tcp" : type == SOCK_DGRAM ? "udp" : "unknown";
}

}  // namespace

const char* NativeSys::guess_handle(int fd) {
  if (fd < 0) return "unknown";
  if (isatty(fd)) return "tty";
  struct stat st{};
  if (::fstat(fd, &st) != 0) return "unknown";
  if (S_ISREG(st.st_mode) || S_ISCHR(st.st_mode)) return "file";  // libuv: a char device that is no tty
  if (S_ISFIFO(st.st_mode)) return "pipe";
  if (S_ISSOCK(st.st_mode)) return socket_kind(fd);
  return "unknown";
}

int NativeSys::tty_set_mode(int fd, int mode) {
  std::lock_guard<std::mutex> lock(g_term_mutex);
  termios now{};
  if (tcgetattr(fd, &now) != 0) return -errno;
  if (g_orig_fd < 0) {
    g_orig_fd = fd;
    g_orig_termios = now;
  }
  termios t = g_orig_termios;
  switch (mode) {
    case 0: break;  // normal: the settings found first
    case 1:         // raw, as libuv: no echo, no line editing, no signals from keys, output still \n -> \r\n
      t.c_iflag &= ~(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
      t.c_oflag |= ONLCR;
      t.c_cflag |= CS8;
      t.c_lflag &= ~(ECHO | ICANON | IEXTEN | ISIG);
      t.c_cc[VMIN] = 1;
      t.c_cc[VTIME] = 0;
      break;
    case 2: cfmakeraw(&t); break;  // io: binary-safe
    default: return -EINVAL;
  }
  if (tcsetattr(fd, TCSADRAIN, &t) != 0) return -errno;
  return 0;
}

int NativeSys::tty_reset_mode() {
  std::lock_guard<std::mutex> lock(g_term_mutex);
  if (g_orig_fd < 0) return 0;
  if (tcsetattr(g_orig_fd, TCSANOW, &g_orig_termios) != 0) return -errno;
  return 0;
}

int NativeSys::tty_winsize(int fd, int& width, int& height) {
  winsize ws{};
  if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -errno;
  width = ws.ws_col;
  height = ws.ws_row;
  return 0;
}

int NativeSys::chdir(const std::string& path) { return ::chdir(path.c_str()) == 0 ? 0 : -errno; }

}  // namespace ls

#endif
