// Socket: a TCP-like stream socket fd of the virtual loopback network — the per-socket half of the emulation
// (states, binding, listen queue, connect handshake, options). Once connected, data calls go to its side of a
// Connection (connection.h). States and what the fd reports, after Linux's tcp_poll:
//   fresh / bound  : OUT|HUP (an unconnected socket polls writable and hung up, as on Linux)
//   listening      : IN while the accept queue is not empty
//   connecting     : nothing until the handshake ends, `latency` after connect(): then OUT (connected) or
//                    IN|OUT|HUP|RDHUP|ERR with SO_ERROR = ECONNREFUSED (nobody listens, backlog full, or the
//                    port is refused by a fault)
//   connected      : the connection's readiness
// AF_UNIX sockets (uv_pipe_bind/connect) are the same object with a path for an address: bind creates a socket
// node in the file system (-EADDRINUSE if the path exists); connect is immediate — 0, -ENOENT (no such path),
// -ECONNREFUSED (not a listening socket), -EAGAIN (backlog full, Linux's answer for a non-blocking unix
// connect) — and the connection has no latency. Closing the listener leaves the node (libuv unlinks it).
// Sizes of the send and receive buffers are per socket (Kernel config gives the defaults); accepted sockets
// inherit them from their listener, as on Linux. Unlike Linux, set values are not doubled.
// Tests: tests/core/emu/test_emu_tcp.cpp, test_emu_socket_opts.cpp, test_emu_local.cpp (AF_UNIX)
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string_view>

#include "address.h"
#include "object.h"

namespace ls::emu {

class Connection;
struct LinkParams;

class Socket final : public Object {
 public:
  enum class State : std::uint8_t { Fresh, Bound, Listening, Connecting, Connected, Failed };

  Socket(Kernel& k, int family);
  // The accepted side of conn, configured like its listener.
  Socket(Kernel& k, const Socket& listener, std::shared_ptr<Connection> conn);

  int bind(std::string_view host, std::uint16_t port);
  int listen(int backlog);
  int connect(std::string_view host, std::uint16_t port);  // -EINPROGRESS on success
  int shutdown(int how);
  int take_error();  // SO_ERROR: the pending error (negative) or 0; clears it
  int local_name(SockAddr& out) const;
  int peer_name(SockAddr& out) const;

  void set_nodelay(bool on) { nodelay_ = on; }
  void set_keepalive(bool on, unsigned delay_s) { keepalive_ = on, keepalive_delay_ = delay_s; }
  void set_linger0() { linger0_ = true; }  // the next close sends RST
  int set_buffer(bool send, std::size_t bytes);
  std::size_t buffer(bool send) const;
  bool nodelay() const { return nodelay_; }
  bool keepalive() const { return keepalive_; }

  // Listener side.
  bool listening() const { return state_ == State::Listening; }
  bool has_room() const { return accept_q_.size() < static_cast<std::size_t>(backlog_); }
  void enqueue(std::shared_ptr<Connection> conn);
  std::shared_ptr<Connection> dequeue();
  std::size_t queued() const { return accept_q_.size(); }
  int backlog() const { return backlog_; }

  State state() const { return state_; }
  Connection* connection() const { return conn_.get(); }

  std::uint32_t poll() const override;
  std::int64_t read(void* buf, std::size_t len) override;
  std::int64_t writev(const IoVec* iov, int iovcnt) override;
  void on_close() override;
  void describe(FdView& v) const override;

 private:
  void syn_arrived(std::uint64_t attempt);
  // Becomes the connected client of listener l (TCP after the handshake, AF_UNIX at once): the connection's
  // server side is at server_local; `local` marks an AF_UNIX connection (no link timing). Queues it on l.
  void join(Socket& l, const SockAddr& server_local, const LinkParams& link, bool local);
  int bind_addr(SockAddr addr);
  int bind_unix(std::string_view path);
  int connect_unix(std::string_view path);

  int family_;
  State state_ = State::Fresh;
  SockAddr bound_;  // the reserved address (may be a wildcard)
  SockAddr local_;  // the address getsockname reports
  SockAddr peer_;
  int err_ = 0;     // pending error while not connected (ECONNREFUSED)
  std::uint64_t unix_ino_ = 0;  // AF_UNIX: the socket node this socket is bound to
  std::uint64_t attempts_ = 0;  // connect attempt number: a handshake of an older attempt is ignored
  int backlog_ = 0;
  std::deque<std::shared_ptr<Connection>> accept_q_;
  std::shared_ptr<Connection> conn_;
  int side_ = 0;
  std::size_t sndbuf_, rcvbuf_;
  bool nodelay_ = false, keepalive_ = false, linger0_ = false;
  unsigned keepalive_delay_ = 0;
};

}  // namespace ls::emu
