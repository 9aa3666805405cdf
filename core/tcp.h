// Tcp handle (uv_tcp_t, src/unix/tcp.c): a TCP stream or server on the backend's network — real sockets on
// epoll, the virtual loopback network on the emulated backend. The socket is created lazily by bind/connect/
// listen, in the family of the address given. Semantics kept from libuv:
//  - bind() to a port in use returns 0 and the EADDRINUSE comes from listen() (or connect's callback);
//    port 0 picks an ephemeral port (getsockname tells which); SO_REUSEADDR is set, as libuv does.
//  - connect() -> cb(0), cb(-ECONNREFUSED) (always through the callback), cb(-ECANCELED) if closed first.
//  - close_reset(): the peer's next read fails with ECONNRESET.
//  - nodelay()/keepalive() before the socket exists are applied when it is created.
// Covered by tests/core/io/test_stream.cpp and test_stream_faults.cpp.
#pragma once

#include <string_view>

#include "stream.h"

namespace ls {

class Tcp final : public Stream {
 public:
  explicit Tcp(Loop& loop);

  // uv_tcp_open: adopts a connected socket fd (made non-blocking).
  int open(int fd);
  // -EINVAL for an address that does not parse.
  int bind(std::string_view host, uint16_t port);
  int listen(int backlog, ConnectionCallback cb) override;
  // Request id, or -EALREADY (a connect is pending), -EINVAL (bad address), or an immediate error.
  int64_t connect(std::string_view host, uint16_t port, ConnectCallback cb);
  int getsockname(SockName& out) const;
  int getpeername(SockName& out) const;
  int nodelay(bool on);
  int keepalive(bool on, unsigned delay_s = 60);
  // uv_tcp_close_reset: close() with SO_LINGER 0. -EINVAL while a shutdown is pending.
  int close_reset(CloseCallback cb = {});

 private:
  int maybe_new_socket(AddrFamily family, int directions);
  void on_opened() override;

  bool nodelay_ = false;
  bool keepalive_ = false;
  unsigned keepalive_delay_ = 60;
};

}  // namespace ls
