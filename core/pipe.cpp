// Pipe handle. See pipe.h; libuv's src/unix/pipe.c is the model.
#include "pipe.h"

#include <cerrno>

#include "loop.h"

namespace ls {

Pipe::Pipe(Loop& loop) : Stream(loop, HandleType::Pipe) {}

int Pipe::open(int pipe_fd) {
  if (is_closing()) return -EINVAL;
  if (!sys()) return -ENOSYS;
  int directions = 0;
  int r = sys()->adopt(pipe_fd, directions);
  if (r < 0) return r;
  return open_fd(pipe_fd, directions);
}

int Pipe::bind(std::string_view path) {
  if (is_closing()) return -EINVAL;
  if (!sys()) return -ENOSYS;
  if (fd() >= 0 || path.empty()) return -EINVAL;  // already bound or open
  int sock = sys()->socket(AddrFamily::Unix);
  if (sock < 0) return sock;
  int r = sys()->bind(sock, path, 0);
  if (r < 0) {
    sys()->close(sock);
    return r == -ENOENT ? -EACCES : r;  // libuv's choice, for Windows compatibility
  }
  bound_path_ = std::string(path);
  return open_fd(sock, 0);
}

int Pipe::listen(int backlog, ConnectionCallback cb) {
  if (is_closing() || !cb) return -EINVAL;
  if (fd() < 0) return -EINVAL;  // uv_pipe_listen needs bind() first
  int r = sys()->listen(fd(), backlog);
  if (r < 0) return r;
  return start_listening(std::move(cb));
}

int64_t Pipe::connect(std::string_view path, ConnectCallback cb) {
  if (is_closing() || is_listening()) return -EINVAL;
  if (!sys()) return -ENOSYS;
  if (connecting()) return -EALREADY;
  int err = 0;
  if (fd() < 0) {
    int sock = sys()->socket(AddrFamily::Unix);
    if (sock < 0) {
      err = sock;
    } else {
      open_fd(sock, kReadable | kWritable);
    }
  }
  if (err == 0) {
    int r = sys()->connect(fd(), path, 0);
    if (r < 0 && r != -EINPROGRESS) err = r;
  }
  return start_connect(err, std::move(cb));
}

int Pipe::getsockname(std::string& path) const {
  if (fd() < 0) return -EBADF;
  SockName name;
  int r = sys()->sockname(fd(), name);
  if (r == 0) path = name.host;
  return r;
}

int Pipe::getpeername(std::string& path) const {
  if (fd() < 0) return -EBADF;
  SockName name;
  int r = sys()->peername(fd(), name);
  if (r == 0) path = name.host;
  return r;
}

void Pipe::on_close() {
  Stream::on_close();
  if (!bound_path_.empty() && sys()) sys()->unlink(bound_path_);
  bound_path_.clear();
}

int make_pipe(Loop& loop, int fds[2]) {
  Sys* sys = loop.backend().sys();
  return sys ? sys->pipe(fds) : -ENOSYS;
}

int make_socketpair(Loop& loop, int fds[2]) {
  Sys* sys = loop.backend().sys();
  return sys ? sys->socketpair(fds) : -ENOSYS;
}

}  // namespace ls
