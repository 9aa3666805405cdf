// Kernel: the socket calls. Each checks the fd (-EBADF, -ENOTSOCK) and hands over to Socket (socket.h) or,
// for socketpair ends, to LocalEnd (pipe.h).
#include <cerrno>

#include "dgram.h"
#include "kernel.h"
#include "pipe.h"
#include "socket.h"

namespace ls::emu {

int Kernel::socket(int domain) {
  sync();
  if (domain != kAfInet && domain != kAfInet6 && domain != kAfUnix) return -EAFNOSUPPORT;
  return install(std::make_shared<Socket>(*this, domain));
}

int Kernel::bind(int fd, std::string_view host, std::uint16_t port) {
  sync();
  int err = 0;
  Socket* s = sock(fd, err);
  return s ? s->bind(host, port) : err;
}

int Kernel::listen(int fd, int backlog) {
  sync();
  int err = 0;
  Socket* s = sock(fd, err);
  return s ? s->listen(backlog) : err;
}

int Kernel::connect(int fd, std::string_view host, std::uint16_t port) {
  sync();
  int err = 0;
  Socket* s = sock(fd, err);
  return s ? s->connect(host, port) : err;
}

int Kernel::accept(int fd, SockAddr* peer) {
  sync();
  int err = 0;
  Socket* l = sock(fd, err);
  if (!l) return err;
  if (!l->listening()) return -EINVAL;
  if (l->queued() == 0) return -EAGAIN;
  // Checked before dequeuing: on EMFILE the connection stays queued and the listener stays readable, which is
  // exactly the level-triggered busy-loop hazard libuv's EMFILE trick exists for.
  if (!fds_.can_install()) return -EMFILE;
  std::shared_ptr<Connection> conn = l->dequeue();
  int nfd = install(std::make_shared<Socket>(*this, *l, conn));
  conn->attach(Connection::kServer, nfd, fds_.generation(nfd));
  if (peer) *peer = conn->end(Connection::kServer).peer;
  return nfd;
}

int Kernel::shutdown(int fd, int how) {
  sync();
  Object* o = fds_.get(fd);
  if (!o) return -EBADF;
  if (auto* s = dynamic_cast<Socket*>(o)) return s->shutdown(how);
  if (auto* e = dynamic_cast<LocalEnd*>(o); e && e->is_socket()) return e->shutdown(how);
  return -ENOTSOCK;
}

int Kernel::close_reset(int fd) {
  sync();
  int err = 0;
  Socket* s = sock(fd, err);
  if (!s) return err;
  s->set_linger0();
  return close(fd);
}

int Kernel::getsockopt_error(int fd) {
  sync();
  Object* o = fds_.get(fd);
  if (!o) return -EBADF;
  if (auto* s = dynamic_cast<Socket*>(o)) return s->take_error();
  if (auto* e = dynamic_cast<LocalEnd*>(o); e && e->is_socket()) return e->take_error();
  return -ENOTSOCK;
}

int Kernel::getsockname(int fd, SockAddr& out) {
  sync();
  Object* o = fds_.get(fd);
  if (!o) return -EBADF;
  if (auto* s = dynamic_cast<Socket*>(o)) return s->local_name(out);
  if (auto* d = dynamic_cast<DgramSocket*>(o)) return d->local_name(out);
  if (auto* e = dynamic_cast<LocalEnd*>(o); e && e->is_socket()) {
    out = SockAddr{kAfUnix, "", 0};  // an unnamed AF_UNIX socket
    return 0;
  }
  return -ENOTSOCK;
}

int Kernel::getpeername(int fd, SockAddr& out) {
  sync();
  Object* o = fds_.get(fd);
  if (!o) return -EBADF;
  if (auto* s = dynamic_cast<Socket*>(o)) return s->peer_name(out);
  if (auto* d = dynamic_cast<DgramSocket*>(o)) return d->peer_name(out);
  if (auto* e = dynamic_cast<LocalEnd*>(o); e && e->is_socket()) {
    out = SockAddr{kAfUnix, "", 0};
    return 0;
  }
  return -ENOTSOCK;
}

int Kernel::set_nodelay(int fd, bool on) {
  sync();
  int err = 0;
  Socket* s = sock(fd, err);
  if (!s) return err;
  s->set_nodelay(on);  // recorded only: there is no Nagle delay to switch off
  return 0;
}

int Kernel::set_keepalive(int fd, bool on, unsigned delay_s) {
  sync();
  int err = 0;
  Socket* s = sock(fd, err);
  if (!s) return err;
  s->set_keepalive(on, delay_s);  // recorded only: idle connections never die here
  return 0;
}

int Kernel::set_send_buffer(int fd, std::size_t bytes) {
  sync();
  int err = 0;
  Socket* s = sock(fd, err);
  return s ? s->set_buffer(true, bytes) : err;
}

int Kernel::set_recv_buffer(int fd, std::size_t bytes) {
  sync();
  int err = 0;
  Socket* s = sock(fd, err);
  return s ? s->set_buffer(false, bytes) : err;
}

std::int64_t Kernel::send_buffer(int fd) {
  int err = 0;
  Socket* s = sock(fd, err);
  return s ? static_cast<std::int64_t>(s->buffer(true)) : err;
}

std::int64_t Kernel::recv_buffer(int fd) {
  int err = 0;
  Socket* s = sock(fd, err);
  return s ? static_cast<std::int64_t>(s->buffer(false)) : err;
}

int Kernel::set_link(int fd, const LinkParams& link) {
  sync();
  int err = 0;
  Socket* s = sock(fd, err);
  if (!s) return err;
  if (!s->connection()) return -ENOTCONN;
  s->connection()->set_link(link);
  return 0;
}

std::uint64_t Kernel::connection_id(int fd) const {
  auto* s = dynamic_cast<Socket*>(fds_.get(fd));
  return s && s->connection() ? s->connection()->id() : 0;
}

}  // namespace ls::emu
