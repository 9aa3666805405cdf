// Udp handle (uv_udp_t, src/unix/udp.c of libuv 1.44): datagrams on the backend's network — real SOCK_DGRAM
// sockets on epoll, the virtual loopback network on the emulated backend. Semantics kept from libuv:
//  - The socket is created by bind(), or lazily (bound to the wildcard and an ephemeral port, libuv's
//    uv__udp_maybe_deferred_bind) by connect(), send()/try_send() to an address, recv_start() (IPv4) and
//    set_membership(); init_family() creates it at once (uv_udp_init_ex with a domain).
//  - send(): a request (traced as "udp_send"); with nothing queued the datagram goes out at once, and its
//    callback runs in the next pending phase (uv__io_feed); else when the socket is writable. Each request
//    completes exactly once: 0, its own error (-EMSGSIZE, -ECONNREFUSED ...), or -ECANCELED when the handle
//    closes first (completed ones keep their status). One sendmsg per request (libuv on Linux batches them with
//    sendmmsg, which gives a whole batch the error of its first failure; here each request gets its own).
//  - A handle is active while receiving or while sends are queued or undelivered (uv__handle_start in send).
//  - recv_start(cb): per readiness event up to 32 reads; cb(nread, data, addr, flags) gets a datagram (addr set,
//    flags kPartial when it was truncated to the 64 KiB buffer), an error (addr null), or nread 0 with addr
//    null when the socket had nothing more (libuv's EAGAIN callback, which ends the event's reads).
//  - connect(host)/disconnect(): -EISCONN / -ENOTCONN as uv_udp_connect; send to an address while connected is
//    -EISCONN, send without one while not connected -EDESTADDRREQ.
//  - try_send(): -EAGAIN while sends are queued.
// Covered by tests/core/io/test_udp.cpp (both backends) and tests/core/emu/test_emu_udp.cpp (the kernel side).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "handle.h"
#include "io.h"
#include "request.h"
#include "sys.h"

namespace ls {

class Udp final : public Handle {
 public:
  // addr is null for the nothing-more call and for errors; data is valid during the call only.
  using RecvCallback =
      std::function<void(Udp&, int64_t nread, std::string_view data, const SockName* addr, unsigned flags)>;
  using SendCallback = std::function<void(int status)>;

  static constexpr unsigned kPartial = 2;               // UV_UDP_PARTIAL
  static constexpr unsigned kMmsgChunk = 8;             // UV_UDP_MMSG_CHUNK: read in a batch (set_recv_batch)
  static constexpr size_t kMaxDatagram = 64 * 1024;     // the receive buffer (UV__UDP_DGRAM_MAXSIZE)

  explicit Udp(Loop& loop);
  ~Udp() override;

  // uv_udp_init_ex's domain: the socket now, in that family. -EBUSY if it has one.
  int init_family(AddrFamily family);
  // uv_udp_open: adopts a datagram socket fd. -EBUSY if the handle has one.
  int open(int fd);
  // UV_UDP_RECVMMSG with luv's mmsgs = n (1..20): datagrams are read n at a time (recvmmsg) and delivered with
  // kMmsgChunk. A batch that comes back short ends without a callback; the next one finds nothing and makes
  // the nothing-more call. (libuv's last UV_UDP_MMSG_FREE call, which only frees the batch's buffer, is left out.)
  int set_recv_batch(int n);
  // flags: kUdpIpv6Only | kUdpReuseAddr; others, or IPV6ONLY with an IPv4 address, are -EINVAL.
  int bind(std::string_view host, uint16_t port, unsigned flags = 0);
  int connect(std::string_view host, uint16_t port);
  int disconnect();
  // to = null: the connected peer. Request id, or the error (nothing is queued then).
  int64_t send(std::vector<std::string> bufs, const SockName* to, SendCallback cb = {});
  int64_t try_send(const std::vector<std::string>& bufs, const SockName* to);
  int recv_start(RecvCallback cb);
  int recv_stop();
  int getsockname(SockName& out) const;
  int getpeername(SockName& out) const;
  int set_broadcast(bool on);
  int set_ttl(int ttl);  // 1..255
  int set_multicast_ttl(int ttl);  // 0..255
  int set_multicast_loop(bool on);
  int set_membership(std::string_view group, std::string_view iface, bool join);
  int set_source_membership(std::string_view group, std::string_view iface, std::string_view source, bool join);
  int set_multicast_interface(std::string_view iface);

  size_t send_queue_size() const { return send_queue_size_; }
  size_t send_queue_count() const { return send_queue_count_; }
  bool is_receiving() const { return receiving_; }
  bool is_connected() const { return connected_; }
  int fileno() const override;

 protected:
  void on_close() override;
  bool close_step() override;
  void describe(HandleInfo& info) const override;

 private:
  int membership_family(std::string_view address, AddrFamily& family) const;
  struct SendReq;
  // One readiness event (or pending feed), uv__udp_io's order: reads, then sends, then their callbacks — one
  // callback per advance, so a step by callback can stop between any two (Loop::continue_later).
  enum class IoStep : uint8_t { Idle, Recv, Send, Completed };

  static void on_io(IoWatcher& w, int events);
  static void on_pending(PendingEntry& e);
  void io_event(int events);
  void io_advance();
  void recv_one();  // one recvmsg and its callback (uv__udp_recvmsg, one turn of its loop)
  void send_some();  // uv__udp_sendmsg: sends until the queue is empty or the socket is full
  bool deliver_one();  // uv__udp_run_completed, one request; false when none is left
  void completed_done();
  int check_before_send(const SockName* to) const;
  int maybe_bind(AddrFamily family, unsigned flags);  // uv__udp_maybe_deferred_bind
  int new_socket(AddrFamily family);
  int check_option(int value, int lo, int hi) const;
  int set_interest(int mask);
  void start();  // uv__handle_start (traced)
  void stop_if_idle();

  Sys* sys_;
  IoWatcher io_;
  PendingEntry pending_;
  int fd_ = -1;
  bool ipv6_ = false, bound_ = false, connected_ = false, receiving_ = false;
  bool processing_ = false;  // completions are being delivered (UV_HANDLE_UDP_PROCESSING)
  bool close_flushed_ = false;
  IoStep step_ = IoStep::Idle;
  int events_ = 0;
  int reads_left_ = 0;   // datagrams this event may still deliver (32, libuv's count)
  int batch_ = 1, batch_left_ = 0;
  RecvCallback recv_cb_;
  std::unique_ptr<char[]> buf_;
  std::deque<std::unique_ptr<SendReq>> queue_;      // not sent yet, FIFO
  std::deque<std::unique_ptr<SendReq>> completed_;  // sent or failed, callback not run yet
  size_t send_queue_size_ = 0, send_queue_count_ = 0;
};

}  // namespace ls
