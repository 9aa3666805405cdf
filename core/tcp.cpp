// Tcp handle. See tcp.h; libuv's src/unix/tcp.c is the model.
#include "tcp.h"

#include <cerrno>

#include "loop.h"

namespace ls {

Tcp::Tcp(Loop& loop) : Stream(loop, HandleType::Tcp) {}

// maybe_new_socket: the socket exists once; later calls only add directions (connect makes a bound socket
// readable and writable).
int Tcp::maybe_new_socket(AddrFamily family, int directions) {
  if (!sys()) return -ENOSYS;
  if (fd() >= 0) {
    add_directions(directions);
    return 0;
  }
  int sock = sys()->socket(family);
  if (sock < 0) return sock;
  int r = open_fd(sock, directions);
  if (r < 0) sys()->close(sock);
  return r;
}

void Tcp::on_opened() {
  if (nodelay_) sys()->set_nodelay(fd(), true);
  if (keepalive_) sys()->set_keepalive(fd(), true, keepalive_delay_);
}

int Tcp::open(int sock) {
  if (is_closing()) return -EINVAL;
  if (!sys()) return -ENOSYS;
  int directions = 0;
  int r = sys()->adopt(sock, directions);
  if (r < 0) return r;
  return open_fd(sock, kReadable | kWritable);
}

int Tcp::bind(std::string_view host, uint16_t port) {
  if (is_closing()) return -EINVAL;
  if (!sys()) return -ENOSYS;
  AddrFamily family;
  int r = sys()->parse_address(host, family);
  if (r < 0) return r;
  r = maybe_new_socket(family, 0);
  if (r < 0) return r;
  r = sys()->bind(fd(), host, port);
  if (r == -EADDRINUSE) {
    delayed_error_ = r;  // libuv reports it from listen() (or connect), not here
    return 0;
  }
  return r;
}

int Tcp::listen(int backlog, ConnectionCallback cb) {
  if (is_closing() || !cb) return -EINVAL;
  if (delayed_error_) return delayed_error_;
  int r = maybe_new_socket(AddrFamily::Inet, 0);
  if (r < 0) return r;
  r = sys()->listen(fd(), backlog);
  if (r < 0) return r;
  return start_listening(std::move(cb));
}

int64_t Tcp::connect(std::string_view host, uint16_t port, ConnectCallback cb) {
  if (is_closing() || is_listening()) return -EINVAL;
  if (!sys()) return -ENOSYS;
  if (connecting()) return -EALREADY;
  if (delayed_error_) return start_connect(delayed_error_, std::move(cb));
  AddrFamily family;
  int r = sys()->parse_address(host, family);
  if (r < 0) return r;
  r = maybe_new_socket(family, kReadable | kWritable);
  if (r < 0) return r;
  r = sys()->connect(fd(), host, port);
  int delayed = 0;
  if (r == -ECONNREFUSED) {
    delayed = r;  // some systems refuse at once; report it the way the others do, through the callback
  } else if (r < 0 && r != -EINPROGRESS) {
    return r;
  }
  return start_connect(delayed, std::move(cb));
}

int Tcp::getsockname(SockName& out) const {
  if (delayed_error_) return delayed_error_;
  if (fd() < 0) return -EBADF;
  return sys()->sockname(fd(), out);
}

int Tcp::getpeername(SockName& out) const {
  if (delayed_error_) return delayed_error_;
  if (fd() < 0) return -EBADF;
  return sys()->peername(fd(), out);
}

int Tcp::nodelay(bool on) {
  if (fd() >= 0) {
    int r = sys()->set_nodelay(fd(), on);
    if (r < 0) return r;
  }
  nodelay_ = on;
  return 0;
}

int Tcp::keepalive(bool on, unsigned delay_s) {
  if (fd() >= 0) {
    int r = sys()->set_keepalive(fd(), on, delay_s);
    if (r < 0) return r;
  }
  keepalive_ = on;
  keepalive_delay_ = delay_s;
  return 0;
}

int Tcp::close_reset(CloseCallback cb) {
  if (shutting()) return -EINVAL;  // libuv refuses SO_LINGER 0 after a shutdown request
  if (is_closing()) return -EINVAL;
  if (fd() < 0) return -EBADF;
  close_with_reset_ = true;
  return close(std::move(cb));
}

}  // namespace ls
