// DgramSocket: a UDP socket fd of the virtual loopback network. What it models, after Linux on loopback:
//  - Message boundaries: each send is one datagram, delivered whole `latency` later (the link of the destination
//    port, as for TCP) to the socket bound to the destination (exact host first, else the wildcard); a receive
//    takes one datagram, and one longer than the buffer is cut, the rest dropped, `truncated` set (MSG_TRUNC).
//    Empty datagrams exist. Datagrams of one sender to one receiver arrive in order (one wire, no loss).
//  - Ports: their own space (a UDP and a TCP socket may share a number); binding is bind(2)'s rules without
//    SO_REUSEADDR (the flag is recorded, a port is never shared); a send from an unbound socket binds it to the
//    wildcard and an ephemeral port first.
//  - Size: more than 65507 bytes (IPv4) or 65527 (IPv6) in one datagram is -EMSGSIZE. Sends never block (the
//    datagram is on the wire at once), so there is no -EAGAIN; a full receive buffer (SO_RCVBUF bytes queued)
//    drops what arrives, counted as `drops`.
//  - Errors: nobody bound at the destination (or the port refused by a fault) drops the datagram; if the sender
//    is connected to that destination, its pending error becomes ECONNREFUSED (Linux's ICMP port unreachable),
//    which the next receive or send returns once and which polls as ERR. Unconnected senders learn nothing.
//  - connect() sets the default destination and filters what is received to datagrams from the peer; connect
//    with no host (AF_UNSPEC) undoes it. Destinations outside this machine are -ENETUNREACH.
//  - Options (broadcast, TTLs, multicast loop) are recorded; multicast membership and interfaces are not
//    modelled: the Kernel answers -ENOSYS.
// Tests: tests/core/emu/test_emu_udp.cpp
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>

#include "address.h"
#include "object.h"

namespace ls::emu {

struct Datagram {
  std::string bytes;
  SockAddr from;
};

class DgramSocket final : public Object {
 public:
  static constexpr std::size_t kMaxPayload4 = 65507, kMaxPayload6 = 65527;

  DgramSocket(Kernel& k, int family);

  int family() const { return family_; }
  int bind(std::string_view host, std::uint16_t port, bool reuseaddr);
  int connect(std::string_view host, std::uint16_t port);  // host empty: disconnect
  // host empty: to the connected peer (-EDESTADDRREQ if none).
  std::int64_t sendto(const IoVec* iov, int iovcnt, std::string_view host, std::uint16_t port);
  std::int64_t recvfrom(void* buf, std::size_t len, SockAddr& from, bool& truncated);
  int local_name(SockAddr& out) const;
  int peer_name(SockAddr& out) const;
  void set_option(int option, int value) { options_[option] = value; }
  int set_buffer(bool send, std::size_t bytes);

  // Network side: a datagram arrives; one this socket sent was refused at its destination.
  void arrive(Datagram d);
  void refused(const SockAddr& dst);

  std::uint32_t poll() const override;
  std::int64_t read(void* buf, std::size_t len) override;
  std::int64_t writev(const IoVec* iov, int iovcnt) override;
  void on_close() override;
  void describe(FdView& v) const override;

 private:
  int bind_addr(SockAddr addr);
  int autobind();  // an unbound socket that sends or connects: the wildcard and an ephemeral port
  int take_error();

  int family_;
  SockAddr bound_;  // the reserved address (may be a wildcard)
  SockAddr peer_;   // family 0 while not connected
  std::string local_host_;  // the source address a connect picked for a wildcard binding ("" = none)
  bool reuseaddr_ = false;
  bool port_locked_ = false;  // bound to a port the program chose (not 0)
  int err_ = 0;     // pending error (ECONNREFUSED), negative
  std::deque<Datagram> rx_;
  std::size_t rx_bytes_ = 0;
  std::size_t sndbuf_, rcvbuf_;
  std::uint64_t sent_ = 0, received_ = 0, drops_ = 0;
  std::map<int, int> options_;  // UdpOption value -> setting, for describe()
};

}  // namespace ls::emu
