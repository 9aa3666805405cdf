// NativeSys: sockets, pipes and the fd calls streams make, as Linux system calls (libuv's uv__socket,
// uv__accept, uv__nonblock, ... in spirit). Every fd is created with SOCK_NONBLOCK|SOCK_CLOEXEC (or O_*), EINTR
// is retried, and SIGPIPE is ignored once the first stream fd exists, so a write to a closed peer fails with
// EPIPE in the write callback instead of killing the process (the handler is left alone if the program
// installed one). Files: native_fs.cpp; worker threads: native_workers.cpp.
#ifndef __EMSCRIPTEN__

#include "native_sys.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "backend.h"

namespace ls {

namespace {

void ignore_sigpipe_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction old{};
    if (sigaction(SIGPIPE, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) signal(SIGPIPE, SIG_IGN);
  });
}

int err() { return -errno; }

using Addr = NativeAddr;

}  // namespace

int make_inet(std::string_view host, uint16_t port, NativeAddr& a) {
  std::string h(host == "localhost" ? "127.0.0.1" : host);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&a.ss);
  if (inet_pton(AF_INET, h.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    a.len = sizeof(sockaddr_in);
    return 0;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.ss);
  if (inet_pton(AF_INET6, h.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    a.len = sizeof(sockaddr_in6);
    return 0;
  }
  return -EINVAL;
}

namespace {

int make_unix(std::string_view path, Addr& a) {
  auto* un = reinterpret_cast<sockaddr_un*>(&a.ss);
  if (path.empty()) return -EINVAL;
  if (path.size() >= sizeof(un->sun_path)) return -ENAMETOOLONG;
  un->sun_family = AF_UNIX;
  std::memcpy(un->sun_path, path.data(), path.size());
  a.len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + 1);
  return 0;
}

// The address for fd's own family (SO_DOMAIN tells AF_UNIX sockets from TCP ones).
int make_addr(int fd, std::string_view host, uint16_t port, Addr& a) {
  int domain = 0;
  socklen_t len = sizeof domain;
  if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) != 0) return err();
  return domain == AF_UNIX ? make_unix(host, a) : make_inet(host, port, a);
}

}  // namespace

int to_name(const sockaddr_storage& ss, socklen_t len, SockName& out) {
  char buf[INET6_ADDRSTRLEN] = {};
  switch (ss.ss_family) {
    case AF_INET: {
      const auto* v4 = reinterpret_cast<const sockaddr_in*>(&ss);
      inet_ntop(AF_INET, &v4->sin_addr, buf, sizeof buf);
      out = SockName{AddrFamily::Inet, buf, ntohs(v4->sin_port)};
      return 0;
    }
    case AF_INET6: {
      const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&ss);
      inet_ntop(AF_INET6, &v6->sin6_addr, buf, sizeof buf);
      out = SockName{AddrFamily::Inet6, buf, ntohs(v6->sin6_port)};
      return 0;
    }
    case AF_UNIX: {
      const auto* un = reinterpret_cast<const sockaddr_un*>(&ss);
      size_t n = len > offsetof(sockaddr_un, sun_path) ? len - offsetof(sockaddr_un, sun_path) : 0;
      out = SockName{AddrFamily::Unix, std::string(un->sun_path, strnlen(un->sun_path, n)), 0};
      return 0;
    }
  }
  return -EAFNOSUPPORT;
}

namespace {

template <class F>
auto retry(F&& f) {
  decltype(f()) r;
  do {
    r = f();
  } while (r < 0 && errno == EINTR);
  return r;
}

}  // namespace

NativeSys::NativeSys() : workers_(threadpool_size()) {}

NativeSys::~NativeSys() { release_spare_fd(); }

int NativeSys::parse_address(std::string_view host, AddrFamily& family) {
  Addr a;
  if (make_inet(host, 0, a) < 0) return -EINVAL;
  family = a.ss.ss_family == AF_INET6 ? AddrFamily::Inet6 : AddrFamily::Inet;
  return 0;
}

int NativeSys::socket(AddrFamily family) {
  ignore_sigpipe_once();
  int domain = family == AddrFamily::Inet6 ? AF_INET6 : family == AddrFamily::Unix ? AF_UNIX : AF_INET;
  int fd = ::socket(domain, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  return fd < 0 ? err() : fd;
}

int NativeSys::bind(int fd, std::string_view host, uint16_t port) {
  Addr a;
  int r = make_addr(fd, host, port, a);
  if (r < 0) return r;
  if (a.ss.ss_family != AF_UNIX) {
    int on = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0) return err();
  }
  return ::bind(fd, reinterpret_cast<sockaddr*>(&a.ss), a.len) == 0 ? 0 : err();
}

int NativeSys::listen(int fd, int backlog) { return ::listen(fd, backlog) == 0 ? 0 : err(); }

int NativeSys::accept(int fd) {
  int r = retry([&] { return ::accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC); });
  return r < 0 ? (errno == EWOULDBLOCK ? -EAGAIN : err()) : r;
}

int NativeSys::connect(int fd, std::string_view host, uint16_t port) {
  Addr a;
  int r = make_addr(fd, host, port, a);
  if (r < 0) return r;
  r = retry([&] { return ::connect(fd, reinterpret_cast<sockaddr*>(&a.ss), a.len); });
  return r == 0 ? 0 : err();
}

int NativeSys::socket_error(int fd) {
  int e = 0;
  socklen_t len = sizeof e;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) != 0) return err();
  return -e;
}

int64_t NativeSys::read(int fd, void* buf, size_t len) {
  ssize_t n = retry([&] { return ::read(fd, buf, len); });
  return n < 0 ? (errno == EWOULDBLOCK ? -EAGAIN : err()) : n;
}

int64_t NativeSys::writev(int fd, const ConstBuf* bufs, int count) {
  ssize_t n;
  if (count == 1) {
    n = retry([&] { return ::write(fd, bufs[0].base, bufs[0].len); });
  } else {
    iovec iov[64];
    int cnt = std::min(count, 64);
    for (int i = 0; i < cnt; ++i) iov[i] = iovec{const_cast<void*>(bufs[i].base), bufs[i].len};
    n = retry([&] { return ::writev(fd, iov, cnt); });
  }
  return n < 0 ? (errno == EWOULDBLOCK ? -EAGAIN : err()) : n;
}

int NativeSys::shutdown_write(int fd) { return ::shutdown(fd, SHUT_WR) == 0 ? 0 : err(); }

int NativeSys::close(int fd) {
  // Linux releases the fd even when close() reports EINTR: never retry.
  return ::close(fd) == 0 || errno == EINTR ? 0 : err();
}

int NativeSys::close_reset(int fd) {
  linger l{1, 0};
  if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l) != 0) {
    int e = err();
    ::close(fd);
    return e;
  }
  return close(fd);
}

int NativeSys::sockname(int fd, SockName& out) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return err();
  return to_name(ss, len, out);
}

int NativeSys::peername(int fd, SockName& out) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return err();
  return to_name(ss, len, out);
}

int NativeSys::set_nodelay(int fd, bool on) {
  int v = on ? 1 : 0;
  return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v) == 0 ? 0 : err();
}

// uv__tcp_keepalive: probes every second, ten of them, after `delay_s` idle seconds.
int NativeSys::set_keepalive(int fd, bool on, unsigned delay_s) {
  int v = on ? 1 : 0;
  if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof v) != 0) return err();
  if (!on) return 0;
  int idle = static_cast<int>(delay_s < 1 ? 1 : delay_s), intvl = 1, cnt = 10;
  if (setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle) != 0) return err();
  if (setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof intvl) != 0) return err();
  if (setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt) != 0) return err();
  return 0;
}

int NativeSys::pipe(int fds[2]) {
  ignore_sigpipe_once();
  return ::pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0 ? 0 : err();
}

int NativeSys::socketpair(int fds[2]) {
  ignore_sigpipe_once();
  return ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0 ? 0 : err();
}

int NativeSys::adopt(int fd, int& directions) {
  ignore_sigpipe_once();
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0) return err();
  if (!(fl & O_NONBLOCK) && fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0) return err();
  int acc = fl & O_ACCMODE;
  directions = (acc == O_RDONLY ? kReadable : acc == O_WRONLY ? kWritable : kReadable | kWritable);
  return 0;
}

int NativeSys::open_spare() {
  int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (fd < 0) fd = ::open("/", O_RDONLY | O_CLOEXEC);  // /dev/null may not be mounted (libuv's fallback)
  return fd;
}

int NativeSys::readiness(int fd) {
  pollfd p{fd, POLLIN | POLLOUT | POLLRDHUP | POLLPRI, 0};
  if (::poll(&p, 1, 0) != 1) return 0;
  int ev = 0;
  if (p.revents & POLLIN) ev |= kReadable;
  if (p.revents & POLLOUT) ev |= kWritable;
  if (p.revents & POLLRDHUP) ev |= kDisconnect;
  if (p.revents & POLLPRI) ev |= kPrioritized;
  if (p.revents & POLLERR) ev |= kError;
  if (p.revents & POLLHUP) ev |= kHangup;
  return ev;
}

std::unique_ptr<Sys> make_native_sys() { return std::make_unique<NativeSys>(); }

}  // namespace ls

#endif  // __EMSCRIPTEN__
