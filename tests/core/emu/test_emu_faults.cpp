// Emulated kernel, the fault table (B1 in notes/anchors-style-reliability.md): EMFILE on socket/accept and
// recovery, RST -> ECONNRESET, EPIPE after the peer closed, short writes, EINTR from wait, refused ports and
// connection resets at a byte count or a time.
#include "emu_test_util.h"

using namespace emu_test;

TEST_SUITE("emu") {

TEST_CASE("emu faults: EMFILE at socket() and accept(), the connection waits, a close recovers") {
  Config cfg;
  cfg.fd_limit = 7;  // 0-2 stdio, 3 listener, 4 and 5 clients, 6 the first accepted socket
  Kernel k(cfg);
  int l = listener(k, 8100);
  int c1 = k.socket(), c2 = k.socket();
  REQUIRE(c1 == 4);
  REQUIRE(c2 == 5);
  REQUIRE(k.connect(c1, "127.0.0.1", 8100) == -EINPROGRESS);
  REQUIRE(k.connect(c2, "127.0.0.1", 8100) == -EINPROGRESS);
  CHECK(k.accept(l) == 6);
  CHECK(k.accept(l) == -EMFILE);
  CHECK(k.socket() == -EMFILE);
  int fds[2];
  CHECK(k.pipe(fds) == -EMFILE);
  CHECK(k.epoll_create() == -EMFILE);
  CHECK(k.open("/tmp/f", kOCreat | kORdWr) == -EMFILE);
  Stat st;
  CHECK(k.stat("/tmp/f", st) == -ENOENT);  // EMFILE is checked before O_CREAT creates anything
  // The refused accept left the connection queued: the listener still polls readable (a level-triggered loop
  // that ignores EMFILE would spin here, which is what libuv's EMFILE trick is for).
  CHECK(fd_view(k, 3).ready == kEpollIn);
  CHECK(k.inspect().listeners[0].queued == 1);

  REQUIRE(k.close(6) == 0);
  int s2 = k.accept(l);
  CHECK(s2 == 6);
  SockAddr peer, c2name;
  k.getpeername(s2, peer);
  k.getsockname(c2, c2name);
  CHECK(peer == c2name);  // it is c2's connection that waited

  k.set_fd_limit(8);
  CHECK(k.socket() == 7);
  CHECK(k.fd_limit() == 8);
}

TEST_CASE("emu faults: RST from close_reset -> ECONNRESET on read after the data, then EOF; EPIPE on write") {
  Kernel k(with_latency(1 * kMs));
  int l = listener(k, 8101);
  Pair p = connect_pair(k, l, 8101);
  REQUIRE(write_str(k, p.server, "before") == 6);
  REQUIRE(k.close_reset(p.server) == 0);
  CHECK(k.generation(p.server) == 0);
  step(k, 1 * kMs);
  CHECK((fd_view(k, p.client).ready & (kEpollErr | kEpollHup)) ==
        (kEpollErr | kEpollHup));
  char buf[64];
  CHECK(k.read(p.client, buf, sizeof buf) == 6);  // what arrived before the RST is still readable
  CHECK(k.read(p.client, buf, sizeof buf) == -ECONNRESET);
  CHECK(k.read(p.client, buf, sizeof buf) == 0);
  CHECK(k.write(p.client, "x", 1) == -EPIPE);
  CHECK(k.inspect().connections.size() == 1);  // the client side is still open
  REQUIRE(k.close(p.client) == 0);
  CHECK(k.inspect().connections.empty());  // both sides done: the row goes
}

TEST_CASE("emu faults: closing with unread data sends RST (ECONNRESET), not FIN") {
  Kernel k(with_latency(1 * kMs));
  int l = listener(k, 8102);
  Pair p = connect_pair(k, l, 8102);
  REQUIRE(write_str(k, p.client, "never read") == 10);
  step(k, 1 * kMs);
  REQUIRE(k.close(p.server) == 0);  // the server never read it
  step(k, 1 * kMs);
  char buf[16];
  CHECK(k.read(p.client, buf, sizeof buf) == -ECONNRESET);
  CHECK(k.write(p.client, "x", 1) == -EPIPE);
}

TEST_CASE("emu faults: write after the peer closed: accepted once, the RST comes back, then EPIPE") {
  Kernel k(with_latency(1 * kMs));
  int l = listener(k, 8103);
  Pair p = connect_pair(k, l, 8103);
  REQUIRE(k.close(p.server) == 0);  // graceful: FIN
  step(k, 1 * kMs);
  char buf[8];
  CHECK(k.read(p.client, buf, sizeof buf) == 0);  // EOF
  CHECK(k.write(p.client, "late", 4) == 4);        // the kernel cannot know yet
  step(k, 1 * kMs);                                // data reaches the closed socket, which answers RST
  step(k, 1 * kMs);                                // ... and the RST is back
  CHECK((fd_view(k, p.client).ready & kEpollErr) != 0);
  CHECK(k.write(p.client, "more", 4) == -EPIPE);  // CLOSE_WAIT + RST = EPIPE, as Linux
  CHECK(k.write(p.client, "more", 4) == -EPIPE);
  CHECK(k.read(p.client, buf, sizeof buf) == 0);
}

TEST_CASE("emu faults: short writes of 7 bytes reassemble in order") {
  Kernel k;
  int l = listener(k, 8104);
  Pair p = connect_pair(k, l, 8104);
  k.faults().short_write_cap = 7;
  std::string data = pattern(1000);
  std::size_t off = 0;
  int writes = 0;
  while (off < data.size()) {
    std::int64_t n = k.write(p.client, data.data() + off, data.size() - off);
    REQUIRE(n > 0);
    CHECK(n <= 7);
    off += static_cast<std::size_t>(n);
    ++writes;
  }
  CHECK(writes == (1000 + 6) / 7);
  CHECK(read_available(k, p.server) == data);

  int fds[2];
  REQUIRE(k.pipe(fds) == 0);
  CHECK(k.write(fds[1], "0123456789", 10) == 7);  // pipes too
}

TEST_CASE("emu faults: EINTR from epoll_wait N times, no event lost") {
  Kernel k;
  int ep = k.epoll_create();
  int fds[2];
  REQUIRE(k.pipe(fds) == 0);
  REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, fds[0], kEpollIn | kEpollEt, 42) == 0);
  REQUIRE(k.write(fds[1], "a", 1) == 1);
  k.faults().eintr_waits = 2;
  EpollEvent ev[2];
  CHECK(k.epoll_wait(ep, ev, 2) == -EINTR);
  CHECK(k.inspect().faults.eintr_pending == 1);
  CHECK(k.epoll_wait(ep, ev, 2) == -EINTR);
  REQUIRE(k.epoll_wait(ep, ev, 2) == 1);  // even edge-triggered: the wake-up survived the interruptions
  CHECK(ev[0].data == 42);
}

TEST_CASE("emu faults: a refused port refuses although someone listens") {
  Kernel k(with_latency(1 * kMs));
  listener(k, 8105);
  k.faults().refuse_port(8105);
  int c = k.socket();
  REQUIRE(k.connect(c, "127.0.0.1", 8105) == -EINPROGRESS);
  step(k, 1 * kMs);
  CHECK(k.getsockopt_error(c) == -ECONNREFUSED);
  k.faults().refuse_port(8105, false);
  REQUIRE(k.connect(c, "127.0.0.1", 8105) == -EINPROGRESS);  // a failed socket may try again
  step(k, 1 * kMs);
  CHECK(k.getsockopt_error(c) == 0);
  CHECK(k.inspect().listeners[0].queued == 1);
}

TEST_CASE("emu faults: reset a connection after a byte count, for a port or one connection") {
  Kernel k;
  int l = listener(k, 8106);
  k.faults().reset_port_after[8106] = 10;
  Pair p = connect_pair(k, l, 8106);
  REQUIRE(write_str(k, p.client, std::string(100, 'z')) == 100);
  std::int64_t last = 0;
  CHECK(read_available(k, p.server, &last) == std::string(10, 'z'));  // exactly 10 bytes got through
  CHECK(last == -ECONNRESET);
  char buf[4];
  CHECK(k.read(p.client, buf, sizeof buf) == -ECONNRESET);

  k.faults().reset_port_after.clear();
  Pair q = connect_pair(k, l, 8106);
  std::uint64_t id = k.connection_id(q.client);
  REQUIRE(id != 0);
  CHECK(k.connection_id(q.server) == id);
  REQUIRE(k.reset_connection_after(id, 3) == 0);
  CHECK(k.inspect().connections.back().fault == "reset at 3 bytes");
  REQUIRE(write_str(k, q.server, "abcdef") == 6);
  CHECK(read_available(k, q.client, &last) == "abc");
  CHECK(last == -ECONNRESET);
  CHECK(k.reset_connection(12345) == -ENOENT);
}

TEST_CASE("emu faults: reset a connection at a virtual time") {
  Kernel k;
  int l = listener(k, 8107);
  Pair p = connect_pair(k, l, 8107);
  REQUIRE(k.reset_connection_at(k.connection_id(p.client), 10 * kMs) == 0);
  CHECK(k.next_event_time() == 10 * kMs);
  REQUIRE(write_str(k, p.client, "ok") == 2);
  CHECK(read_available(k, p.server) == "ok");
  REQUIRE(k.advance_to(10 * kMs) == 0);
  char buf[4];
  CHECK(k.read(p.server, buf, sizeof buf) == -ECONNRESET);
  CHECK(k.write(p.client, "no", 2) == -ECONNRESET);  // the error is reported once, by whichever call comes first
  CHECK(k.write(p.client, "no", 2) == -EPIPE);
}

}  // TEST_SUITE
