// Kernel: the datagram socket calls. Each checks the fd (-EBADF, -ENOTSOCK) and hands over to DgramSocket
// (dgram.h); getsockname/getpeername (kernel_net.cpp) answer for both socket kinds.
#include <cerrno>

#include "dgram.h"
#include "kernel.h"

namespace ls::emu {

DgramSocket* Kernel::dgram(int fd, int& err) { return lookup<DgramSocket>(fd, err, -ENOTSOCK); }

int Kernel::udp_socket(int domain) {
  sync();
  if (domain != kAfInet && domain != kAfInet6) return -EAFNOSUPPORT;
  return install(std::make_shared<DgramSocket>(*this, domain));
}

int Kernel::udp_bind(int fd, std::string_view host, std::uint16_t port, bool reuseaddr) {
  sync();
  int err = 0;
  DgramSocket* d = dgram(fd, err);
  return d ? d->bind(host, port, reuseaddr) : err;
}

int Kernel::udp_connect(int fd, std::string_view host, std::uint16_t port) {
  sync();
  int err = 0;
  DgramSocket* d = dgram(fd, err);
  return d ? d->connect(host, port) : err;
}

std::int64_t Kernel::sendto(int fd, const IoVec* iov, int iovcnt, std::string_view host, std::uint16_t port) {
  sync();
  int err = 0;
  DgramSocket* d = dgram(fd, err);
  return d ? d->sendto(iov, iovcnt, host, port) : err;
}

std::int64_t Kernel::recvfrom(int fd, void* buf, std::size_t len, SockAddr& from, bool& truncated) {
  sync();
  int err = 0;
  DgramSocket* d = dgram(fd, err);
  return d ? d->recvfrom(buf, len, from, truncated) : err;
}

int Kernel::udp_setopt(int fd, int option, int value) {
  sync();
  int err = 0;
  DgramSocket* d = dgram(fd, err);
  if (!d) return err;
  d->set_option(option, value);
  return 0;
}

}  // namespace ls::emu
