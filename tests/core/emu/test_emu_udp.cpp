// Emulated kernel, datagram sockets (dgram.h): boundaries kept, truncation flagged, latency, ports apart from
// TCP's, ephemeral binding, connected filtering, ECONNREFUSED only for connected senders, EMSGSIZE, a full
// receive buffer dropping, IPv6, disconnect, readiness, and the errors of bad fds.
#include <string>

#include "core/emu/dgram.h"
#include "emu_test_util.h"

using namespace emu_test;

namespace {

std::int64_t send_str(Kernel& k, int fd, const std::string& s, const char* host = "127.0.0.1",
                      std::uint16_t port = 9000) {
  IoVec v{s.data(), s.size()};
  return k.sendto(fd, &v, 1, host, port);
}

std::string recv_str(Kernel& k, int fd, std::size_t len, SockAddr* from = nullptr, bool* truncated = nullptr,
                     std::int64_t* result = nullptr) {
  std::string buf(len, '\0');
  SockAddr f;
  bool t = false;
  std::int64_t n = k.recvfrom(fd, buf.data(), len, f, t);
  if (from) *from = f;
  if (truncated) *truncated = t;
  if (result) *result = n;
  return n < 0 ? std::string() : buf.substr(0, static_cast<std::size_t>(n));
}

int bound(Kernel& k, const char* host, std::uint16_t port, int domain = kAfInet) {
  int fd = k.udp_socket(domain);
  REQUIRE(fd >= 0);
  REQUIRE(k.udp_bind(fd, host, port) == 0);
  return fd;
}

}  // namespace

TEST_SUITE("emu") {

TEST_CASE("emu udp: datagrams keep their boundaries and arrive after the link latency") {
  Kernel k(with_latency(1 * kMs));
  int s = bound(k, "0.0.0.0", 9000);
  int c = k.udp_socket();
  CHECK(send_str(k, c, "one") == 3);
  CHECK(send_str(k, c, "") == 0);  // empty datagrams exist
  CHECK(send_str(k, c, "three") == 5);
  std::int64_t n = 0;
  recv_str(k, s, 64, nullptr, nullptr, &n);
  CHECK(n == -EAGAIN);  // still on the wire
  CHECK((k.object(s)->poll() & kEpollIn) == 0);
  REQUIRE(k.next_event_time() == 1 * kMs);
  step(k, 1 * kMs);
  CHECK((k.object(s)->poll() & kEpollIn) != 0);
  SockAddr from;
  CHECK(recv_str(k, s, 64, &from) == "one");
  CHECK(from.host == "127.0.0.1");
  CHECK(from.port == 32768);  // the sender was bound to the first ephemeral port by its first send
  CHECK(recv_str(k, s, 64, nullptr, nullptr, &n).empty());
  CHECK(n == 0);
  CHECK(recv_str(k, s, 64) == "three");
  recv_str(k, s, 64, nullptr, nullptr, &n);
  CHECK(n == -EAGAIN);
  SockAddr self;
  REQUIRE(k.getsockname(c, self) == 0);
  CHECK(self.str() == "0.0.0.0:32768");
}

TEST_CASE("emu udp: a datagram longer than the buffer is cut and flagged, the rest dropped") {
  Kernel k;
  int s = bound(k, "127.0.0.1", 9000);
  int c = k.udp_socket();
  CHECK(send_str(k, c, "abcdefgh") == 8);
  CHECK(send_str(k, c, "xy") == 2);
  bool truncated = false;
  CHECK(recv_str(k, s, 3, nullptr, &truncated) == "abc");
  CHECK(truncated);
  CHECK(recv_str(k, s, 3, nullptr, &truncated) == "xy");  // the next datagram, not "def"
  CHECK_FALSE(truncated);
}

TEST_CASE("emu udp: size limits, ports apart from tcp, and bind errors") {
  Kernel k;
  int s = bound(k, "127.0.0.1", 9000);
  int c = k.udp_socket();
  CHECK(send_str(k, c, std::string(DgramSocket::kMaxPayload4, 'a')) == 65507);
  CHECK(send_str(k, c, std::string(DgramSocket::kMaxPayload4 + 1, 'a')) == -EMSGSIZE);
  int t = listener(k, 9000);  // a TCP listener on the same number: another port space
  CHECK(t >= 0);
  int dup = k.udp_socket();
  CHECK(k.udp_bind(dup, "0.0.0.0", 9000) == -EADDRINUSE);
  CHECK(k.udp_bind(dup, "::1", 9001) == -EAFNOSUPPORT);
  CHECK(k.udp_bind(dup, "10.0.0.1", 9001) == -EADDRNOTAVAIL);
  CHECK(k.udp_bind(dup, "127.0.0.1", 9001) == 0);
  CHECK(k.udp_bind(dup, "127.0.0.1", 9002) == -EINVAL);  // already bound
  CHECK(send_str(k, c, "x", "10.1.2.3") == -ENETUNREACH);
  CHECK(send_str(k, c, "x", "::1") == -EAFNOSUPPORT);
  CHECK(k.udp_socket(kAfUnix) == -EAFNOSUPPORT);
  CHECK(k.udp_bind(t, "127.0.0.1", 9003) == -ENOTSOCK);
  CHECK(k.udp_bind(999, "127.0.0.1", 9003) == -EBADF);
  std::int64_t n = 0;
  CHECK(recv_str(k, s, 70000, nullptr, nullptr, &n) == std::string(65507, 'a'));
  CHECK(n == 65507);
}

TEST_CASE("emu udp: nobody bound drops the datagram; only a connected sender hears ECONNREFUSED, once") {
  Kernel k(with_latency(10 * kUs));
  int loose = k.udp_socket();
  CHECK(send_str(k, loose, "lost", "127.0.0.1", 9100) == 4);
  int conn = k.udp_socket();
  REQUIRE(k.udp_connect(conn, "127.0.0.1", 9100) == 0);
  SockAddr peer;
  REQUIRE(k.getpeername(conn, peer) == 0);
  CHECK(peer.str() == "127.0.0.1:9100");
  IoVec v{"ping", 4};
  CHECK(k.sendto(conn, &v, 1, {}, 0) == 4);
  step(k, 10 * kUs);
  CHECK((k.object(loose)->poll() & kEpollErr) == 0);
  CHECK((k.object(conn)->poll() & kEpollErr) != 0);
  std::int64_t n = 0;
  recv_str(k, conn, 16, nullptr, nullptr, &n);
  CHECK(n == -ECONNREFUSED);
  recv_str(k, conn, 16, nullptr, nullptr, &n);
  CHECK(n == -EAGAIN);  // reported once
  CHECK(k.sendto(conn, &v, 1, {}, 0) == 4);
  step(k, 10 * kUs);
  CHECK(k.sendto(conn, &v, 1, {}, 0) == -ECONNREFUSED);  // a send reports the pending error too
}

TEST_CASE("emu udp: a connected socket hears its peer only; disconnect forgets the peer and the ephemeral port") {
  Kernel k;
  int s = bound(k, "127.0.0.1", 9000);
  int other = bound(k, "127.0.0.1", 9001);
  int c = bound(k, "127.0.0.1", 0);
  SockAddr self;
  REQUIRE(k.getsockname(c, self) == 0);
  REQUIRE(k.udp_connect(c, "127.0.0.1", 9000) == 0);
  CHECK(send_str(k, s, "from peer", "127.0.0.1", self.port) == 9);
  CHECK(send_str(k, other, "from other", "127.0.0.1", self.port) == 10);
  CHECK(recv_str(k, c, 32) == "from peer");
  std::int64_t n = 0;
  recv_str(k, c, 32, nullptr, nullptr, &n);
  CHECK(n == -EAGAIN);
  IoVec v{"x", 1};
  CHECK(k.writev(c, &v, 1) == 1);  // write() on a connected socket sends to the peer
  CHECK(recv_str(k, s, 8) == "x");
  REQUIRE(k.udp_connect(c, {}, 0) == 0);
  CHECK(k.getpeername(c, self) == -ENOTCONN);
  CHECK(k.writev(c, &v, 1) == -EDESTADDRREQ);
  SockAddr after;
  REQUIRE(k.getsockname(c, after) == 0);
  CHECK(after.str() == "0.0.0.0:0");  // bound to port 0 (an ephemeral one): Linux unhashes it on disconnect

  int fixed = bound(k, "127.0.0.1", 9005);
  REQUIRE(k.udp_connect(fixed, "127.0.0.1", 9000) == 0);
  REQUIRE(k.udp_connect(fixed, {}, 0) == 0);
  REQUIRE(k.getsockname(fixed, after) == 0);
  CHECK(after.str() == "127.0.0.1:9005");  // a chosen port stays
}

TEST_CASE("emu udp: a full receive buffer drops what arrives; IPv6 works alike") {
  Config cfg;
  cfg.recv_buffer = 10;
  Kernel k(cfg);
  int s = bound(k, "::1", 9000, kAfInet6);
  int c = k.udp_socket(kAfInet6);
  CHECK(send_str(k, c, "123456", "::1") == 6);
  CHECK(send_str(k, c, "789012", "::1") == 6);  // admitted: 6 < 10 bytes queued
  CHECK(send_str(k, c, "dropped", "::1") == 7);  // 12 >= 10: dropped
  step(k, 0);  // deliveries due now run
  FdView v;
  k.object(s)->describe(v);
  CHECK(v.kind.empty());  // the fd table fills kind; describe() the rest
  CHECK(v.recv_fill == 12);
  CHECK(v.flags.find("drops=1") != std::string::npos);
  SockAddr from;
  CHECK(recv_str(k, s, 16, &from) == "123456");
  CHECK(from.family == kAfInet6);
  CHECK(from.host == "::1");
  CHECK(recv_str(k, s, 16) == "789012");
  std::int64_t n = 0;
  recv_str(k, s, 16, nullptr, nullptr, &n);
  CHECK(n == -EAGAIN);
  CHECK(k.close(s) == 0);
  CHECK(k.close(c) == 0);
  int again = k.udp_socket(kAfInet6);
  CHECK(k.udp_bind(again, "::1", 9000) == 0);  // closing released the port
}

}  // TEST_SUITE
