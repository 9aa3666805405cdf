// Emulated kernel, socket options and link settings: buffer sizes shape partial writes, per-port and
// per-connection links, writev gathering, close while connecting, errors of calls in the wrong state.
#include "emu_test_util.h"

using namespace emu_test;

TEST_SUITE("emu") {

TEST_CASE("emu sockets: buffer sizes decide how far a writer gets ahead, and accepted sockets inherit them") {
  Kernel k;
  int l = listener(k, 8400);
  REQUIRE(k.set_recv_buffer(l, 1000) == 0);
  REQUIRE(k.set_send_buffer(l, 3000) == 0);
  int c = k.socket();
  REQUIRE(k.set_send_buffer(c, 500) == 0);
  CHECK(k.send_buffer(c) == 500);
  CHECK(k.set_send_buffer(c, 0) == -EINVAL);
  REQUIRE(k.connect(c, "127.0.0.1", 8400) == -EINPROGRESS);
  int s = k.accept(l);
  REQUIRE(s >= 0);
  CHECK(k.recv_buffer(s) == 1000);
  CHECK(k.send_buffer(s) == 3000);
  std::string big = pattern(5000);
  CHECK(write_str(k, c, big) == 500);      // room in its own send buffer: 500
  CHECK(write_str(k, c, big) == 500);      // the first 500 went on the wire (window 1000)
  CHECK(write_str(k, c, big) == 500);      // and the next 500: the window is full now
  CHECK(write_str(k, c, big) == -EAGAIN);  // 1000 waiting at the peer + 500 here
  REQUIRE(k.set_recv_buffer(s, 4000) == 0);  // a bigger window lets the queued bytes go
  CHECK(write_str(k, c, big) == 500);
  CHECK(read_available(k, s) == big.substr(0, 500) + big.substr(0, 500) + big.substr(0, 500) + big.substr(0, 500));
}

TEST_CASE("emu sockets: per-port link and a live connection's link") {
  Kernel k;
  LinkParams slow;
  slow.latency = 10 * kMs;
  k.set_port_link(8401, slow);
  int l = listener(k, 8401);
  int c = k.socket();
  REQUIRE(k.connect(c, "127.0.0.1", 8401) == -EINPROGRESS);
  CHECK(k.next_event_time() == 10 * kMs);  // the handshake uses the port's link
  REQUIRE(jump(k));
  SockAddr peer;
  int s = k.accept(l, &peer);
  REQUIRE(s >= 0);
  SockAddr cname;
  k.getsockname(c, cname);
  CHECK(peer == cname);
  CHECK(k.inspect().connections[0].latency == 10 * kMs);

  LinkParams fast;
  fast.latency = 1 * kMs;
  REQUIRE(k.set_link(c, fast) == 0);
  REQUIRE(write_str(k, c, "hi") == 2);
  CHECK(k.next_event_time() == 11 * kMs);
  CHECK(k.set_link(k.socket(), fast) == -ENOTCONN);
}

TEST_CASE("emu sockets: writev gathers, a partial writev stops mid-buffer") {
  Config cfg;
  cfg.send_buffer = cfg.recv_buffer = 6;
  Kernel k(cfg);
  int l = listener(k, 8402);
  Pair p = connect_pair(k, l, 8402);
  IoVec iov[3] = {{"abc", 3}, {"defg", 4}, {"hijkl", 5}};
  CHECK(k.writev(p.client, iov, 3) == 6);  // all of "abc", "def" of the second
  CHECK(read_available(k, p.server) == "abcdef");
  CHECK(k.writev(p.client, iov, -1) == -EINVAL);
  CHECK(k.writev(p.client, iov, 0) == 0);
}

TEST_CASE("emu sockets: close while connecting leaves nothing behind, the late handshake finds nobody") {
  Kernel k(with_latency(2 * kMs));
  int l = listener(k, 8403);
  int c = k.socket();
  REQUIRE(k.connect(c, "127.0.0.1", 8403) == -EINPROGRESS);
  std::uint32_t g = k.generation(c);
  REQUIRE(k.close(c) == 0);
  int again = k.socket();  // reuses the fd number
  REQUIRE(again == c);
  REQUIRE(k.advance_to(2 * kMs) == 0);
  CHECK(k.accept(l) == -EAGAIN);
  CHECK(k.inspect().connections.empty());
  CHECK(k.generation(again) != g);
  CHECK(fd_view(k, again).state == "fresh");  // untouched by the old socket's handshake
}

TEST_CASE("emu sockets: calls in the wrong state") {
  Kernel k;
  int s = k.socket();
  char b;
  CHECK(k.read(s, &b, 1) == -ENOTCONN);
  CHECK(k.write(s, "x", 1) == -EPIPE);  // Linux: send() on a never-connected TCP socket
  CHECK(k.shutdown(s, kShutWr) == -ENOTCONN);
  CHECK(k.shutdown(s, 7) == -EINVAL);
  CHECK(k.accept(s) == -EINVAL);
  SockAddr a;
  CHECK(k.getpeername(s, a) == -ENOTCONN);
  REQUIRE(k.getsockname(s, a) == 0);
  CHECK(a.str() == "0.0.0.0:0");
  CHECK(fd_view(k, s).ready == (kEpollOut | kEpollHup));  // as Linux polls a fresh TCP socket
  CHECK(k.socket(99) == -EAFNOSUPPORT);
  REQUIRE(k.listen(s, 5) == 0);  // an unbound socket listens on the wildcard and an ephemeral port
  REQUIRE(k.getsockname(s, a) == 0);
  CHECK(a.str() == "0.0.0.0:32768");
  CHECK(k.connect(s, "127.0.0.1", 1) == -EISCONN);
  int fds[2];
  REQUIRE(k.pipe(fds) == 0);
  CHECK(k.bind(fds[0], "127.0.0.1", 1) == -ENOTSOCK);
  CHECK(k.close(99) == -EBADF);
  CHECK(k.read(99, &b, 1) == -EBADF);
  CHECK(k.advance_to(0) == 0);
  step(k, 5);
  CHECK(k.advance_to(1) == -EINVAL);  // time never goes back
}

}  // TEST_SUITE
