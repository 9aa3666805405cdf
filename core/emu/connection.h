// Connection: one TCP-like connection of the virtual loopback network, both sides and both directions.
//
// Model (deliberately simple, fully deterministic):
//  - Each side has a send buffer (sndbuf) and a receive buffer (rcvbuf). write() copies into the send buffer
//    as far as it has room (partial write), or fails with -EAGAIN when it is full.
//  - Bytes leave the send buffer as segments when the receiver has window: window = rcvbuf - bytes waiting in
//    the receiver's buffer - bytes in flight. So a writer can get ahead of a slow reader by exactly
//    sndbuf + rcvbuf bytes, then back-pressure (EAGAIN) sets in. The sender learns of window instantly (no ACK
//    model): latency delays data, it does not throttle throughput; bandwidth does.
//  - A segment arrives after link latency plus its transmission time at the link's bandwidth (bytes/s;
//    unlimited: one segment per pump, instant). Arrivals keep send order, FIN and RST included.
//  - FIN follows the last byte; the reader sees EOF (0) after all data. close() with unread data, close_reset()
//    (SO_LINGER 0) and data arriving at a closed side send RST, as Linux does. An RST reaching a side discards
//    its unsent data; bytes already received stay readable, then read/write report the error once
//    (ECONNRESET; EPIPE if the side had already received FIN, Linux's CLOSE_WAIT rule), then EOF / EPIPE.
//  - Readiness follows Linux's tcp_poll, writability with its hysteresis (free space >= half the used space).
// A side whose fd was closed lives on here as an orphan until its FIN or RST is out; the Network drops the
// connection once both sides are done (finished()).
// Tests: tests/core/emu/test_emu_tcp.cpp, test_emu_faults.cpp, test_emu_socket_opts.cpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "address.h"
#include "byte_queue.h"
#include "inspect.h"
#include "types.h"

namespace ls::emu {

class Kernel;

struct LinkParams {
  Nanos latency = 0;            // one-way delay of each segment and of the connect handshake
  std::uint64_t bandwidth = 0;  // bytes per second in each direction; 0 = unlimited
  std::size_t mss = 1460;       // segment size when bandwidth is limited: the granularity of pacing
};

// One side of a connection.
struct Endpoint {
  SockAddr local, peer;
  ByteQueue rx;  // arrived, not read yet
  std::size_t rcvbuf = 0, sndbuf = 0;
  int fd = -1;  // the socket fd that owns this side; -1 while waiting in an accept queue, or after close
  std::uint32_t gen = 0;
  bool closed = false;    // the fd was closed: an orphan, or dead
  bool wr_shut = false;   // FIN requested (shutdown(SHUT_WR) or close)
  bool rd_shut = false;   // shutdown(SHUT_RD)
  bool fin_rcvd = false;  // the peer's FIN arrived, after all its data
  bool reset = false;     // RST sent or received: nothing flows any more
  int err = 0;            // pending error (negative errno), reported once
  std::function<void()> outside;  // a remote client's side (no fd): told of changes instead (object.h)
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  static constexpr int kClient = 0, kServer = 1;

  Connection(Kernel& k, std::uint64_t id, const LinkParams& link, Endpoint client, Endpoint server);

  std::uint64_t id() const { return id_; }
  const LinkParams& link() const { return link_; }
  // AF_UNIX: no wire at all, and a write to a closed peer fails at once (-EPIPE), as unix_stream_sendmsg does.
  void set_local() { local_ = true; }
  void set_link(const LinkParams& link) { link_ = link; }
  Endpoint& end(int side) { return ep_[side]; }
  const Endpoint& end(int side) const { return ep_[side]; }

  // The socket calls of one side (see the model above for their results).
  std::int64_t read(int side, void* buf, std::size_t len);
  std::int64_t writev(int side, const IoVec* iov, int iovcnt);
  int shutdown(int side, int how);
  void close(int side);  // graceful; RST instead when unread data remains (Linux tcp_close)
  void abort(int side);  // RST now: close_reset, a listener closed with this connection still queued
  std::uint32_t poll(int side) const;
  int take_error(int side);
  void attach(int side, int fd, std::uint32_t gen);
  void buffers_changed();  // sndbuf/rcvbuf were changed: window may have opened
  std::size_t send_queued(int side) const { return flow_[side].sendq.size(); }

  // Faults.
  void reset_now();                       // RST to both sides, as a middlebox would
  void reset_after(std::uint64_t bytes);  // once `bytes` more bytes were delivered (both directions counted)
  void reset_at(Nanos t);

  bool finished() const;
  std::string state_name(int side) const;
  ConnView view() const;

 private:
  struct Segment {
    Nanos arrival;
    std::string bytes;
    bool fin;
  };
  struct Flow {  // one direction; flow_[s] carries data from side s to side 1 - s
    ByteQueue sendq;
    std::deque<Segment> inflight;
    std::size_t inflight_bytes = 0;
    Nanos link_free_at = 0;  // bandwidth: when the wire can take the next segment
    Nanos last_arrival = 0;  // keeps arrivals in send order
    bool pump_scheduled = false;
    bool fin_sent = false;
    std::uint64_t delivered = 0;
  };

  bool writable(int side) const;
  void pump(int side);
  void deliver(int side);
  void send_segment(int side, std::string bytes, bool fin, Nanos depart);
  void rst_arrived(int side);
  void wake(int side, std::uint32_t mask);

  Kernel& k_;
  std::uint64_t id_;
  LinkParams link_;
  Endpoint ep_[2];
  Flow flow_[2];
  int rst_inflight_ = 0;
  bool local_ = false;
  std::optional<std::uint64_t> reset_at_bytes_;  // total delivered count at which the fault fires
  std::optional<Nanos> reset_at_time_;           // for inspection; the reset itself is a scheduled action
};

}  // namespace ls::emu
