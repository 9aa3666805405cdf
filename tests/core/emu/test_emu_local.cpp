// Emulated kernel, local streams: pipe (EOF, EPIPE, HUP/ERR, PIPE_BUF atomicity, capacity), socketpair
// (both directions, shutdown, ECONNRESET on unread close), AF_UNIX sockets bound to a path, eventfd.
#include <vector>

#include "emu_test_util.h"

using namespace emu_test;

TEST_SUITE("emu") {

TEST_CASE("emu pipe: data, EOF once the writer is gone, HUP on the read end") {
  Kernel k;
  int p[2];
  REQUIRE(k.pipe(p) == 0);
  CHECK(p[0] == 3);
  CHECK(p[1] == 4);
  char buf[16];
  CHECK(k.read(p[0], buf, sizeof buf) == -EAGAIN);
  CHECK(k.write(p[0], "x", 1) == -EBADF);  // wrong end
  CHECK(k.read(p[1], buf, 1) == -EBADF);
  REQUIRE(k.write(p[1], "hello", 5) == 5);
  REQUIRE(k.close(p[1]) == 0);
  FdView r = fd_view(k, p[0]);
  CHECK(r.ready == (kEpollIn | kEpollHup));
  CHECK(r.state == "read-end");
  CHECK(k.read(p[0], buf, sizeof buf) == 5);
  CHECK(k.read(p[0], buf, sizeof buf) == 0);
  Stat st;
  REQUIRE(k.fstat(p[0], st) == 0);
  CHECK((st.mode & kSIfMt) == kSIfIfo);
}

TEST_CASE("emu pipe: EPIPE once the reader is gone, ERR on the write end") {
  Kernel k;
  int p[2];
  REQUIRE(k.pipe(p) == 0);
  CHECK(fd_view(k, 4).ready == kEpollOut);
  REQUIRE(k.close(p[0]) == 0);
  CHECK(k.write(p[1], "x", 1) == -EPIPE);
  auto snap = k.inspect();
  REQUIRE(snap.fds.back().fd == p[1]);
  CHECK(snap.fds.back().ready == (kEpollOut | kEpollErr));
}

TEST_CASE("emu pipe: writes up to PIPE_BUF are atomic, bigger ones may be partial; capacity and OUT") {
  Config cfg;
  cfg.pipe_capacity = 10000;
  Kernel k(cfg);
  int p[2];
  REQUIRE(k.pipe(p) == 0);
  std::string a = pattern(7000), b = pattern(4000, 2), c = pattern(5000, 3);
  REQUIRE(k.write(p[1], a.data(), a.size()) == 7000);
  CHECK(k.write(p[1], b.data(), b.size()) == -EAGAIN);  // 3000 free: a 4000-byte write must not be split
  CHECK((fd_view(k, 4).ready & kEpollOut) == 0);   // less than PIPE_BUF free: not writable
  CHECK(k.write(p[1], c.data(), c.size()) == 3000);      // > PIPE_BUF: partial
  std::string got = read_available(k, p[0]);
  CHECK(got == a + c.substr(0, 3000));
  CHECK((fd_view(k, 4).ready & kEpollOut) != 0);
  REQUIRE(k.set_pipe_capacity(p[1], 100) == 0);
  CHECK(k.write(p[1], a.data(), a.size()) == 100);
  CHECK(fd_view(k, 4).send_cap == 100);
}

TEST_CASE("emu socketpair: both directions, shutdown gives EOF, close with unread data gives ECONNRESET") {
  Kernel k;
  int s[2];
  REQUIRE(k.socketpair(s) == 0);
  REQUIRE(k.write(s[0], "ping", 4) == 4);
  REQUIRE(k.write(s[1], "pong", 4) == 4);
  CHECK(read_available(k, s[1]) == "ping");
  CHECK(read_available(k, s[0]) == "pong");
  REQUIRE(k.shutdown(s[0], kShutWr) == 0);
  CHECK(k.write(s[0], "x", 1) == -EPIPE);
  char buf[8];
  CHECK(k.read(s[1], buf, sizeof buf) == 0);
  CHECK(fd_view(k, 4).ready == (kEpollIn | kEpollRdHup | kEpollOut));
  REQUIRE(k.write(s[1], "unread", 6) == 6);  // s[0] can still receive
  REQUIRE(k.close(s[0]) == 0);               // ... but closes without reading
  CHECK(k.read(s[1], buf, sizeof buf) == -ECONNRESET);
  CHECK(k.read(s[1], buf, sizeof buf) == 0);
  CHECK(k.write(s[1], "x", 1) == -EPIPE);
  CHECK((fd_view(k, 4).ready & kEpollHup) != 0);
  SockAddr a;
  CHECK(k.getsockname(s[1], a) == 0);
  CHECK(a.family == kAfUnix);
  int p[2];
  REQUIRE(k.pipe(p) == 0);
  CHECK(k.shutdown(p[0], kShutRd) == -ENOTSOCK);
}

TEST_CASE("emu unix: bind to a path, listen, connect at once, echo; the path is a socket node") {
  Kernel k;
  int l = k.socket(kAfUnix);
  REQUIRE(l >= 0);
  CHECK(k.listen(l, 4) == -EINVAL);  // unbound
  REQUIRE(k.bind(l, "/tmp/echo.sock", 0) == 0);
  REQUIRE(k.listen(l, 1) == 0);
  int other = k.socket(kAfUnix);
  CHECK(k.bind(other, "/tmp/echo.sock", 0) == -EADDRINUSE);
  Stat st;
  REQUIRE(k.stat("/tmp/echo.sock", st) == 0);
  CHECK((st.mode & kSIfMt) == kSIfSock);
  std::vector<DirEntry> ents;
  REQUIRE(k.scandir("/tmp", ents) == 0);
  REQUIRE(ents.size() == 1);
  CHECK(ents[0].type == DirentType::Socket);
  CHECK(k.open("/tmp/echo.sock", kORdOnly) == -ENXIO);

  int c = k.socket(kAfUnix);
  REQUIRE(k.connect(c, "/tmp/echo.sock", 0) == 0);  // no handshake to wait for
  CHECK(k.connect(other, "/tmp/echo.sock", 0) == -EAGAIN);  // backlog (1) full
  SockAddr peer;
  int s = k.accept(l, &peer);
  REQUIRE(s >= 0);
  CHECK(peer.str() == "(unnamed)");
  SockAddr a;
  REQUIRE(k.getpeername(c, a) == 0);
  CHECK(a.str() == "/tmp/echo.sock");
  REQUIRE(k.getsockname(s, a) == 0);
  CHECK(a.host == "/tmp/echo.sock");
  CHECK(fd_view(k, c).kind == "unix");

  REQUIRE(k.write(c, "over the pipe", 13) == 13);
  CHECK(read_available(k, s) == "over the pipe");
  REQUIRE(k.close(s) == 0);
  CHECK(k.write(c, "x", 1) == -EPIPE);  // at once: no round trip to find out, unlike TCP
  char b;
  CHECK(k.read(c, &b, 1) == 0);
}

TEST_CASE("emu unix: connect errors") {
  Kernel k;
  int c = k.socket(kAfUnix);
  CHECK(k.connect(c, "/tmp/none.sock", 0) == -ENOENT);
  int f = k.open("/tmp/plain", kOCreat | kOWrOnly);
  REQUIRE(f >= 0);
  CHECK(k.connect(c, "/tmp/plain", 0) == -ECONNREFUSED);  // not a socket
  int b = k.socket(kAfUnix);
  REQUIRE(k.bind(b, "/tmp/bound.sock", 0) == 0);
  CHECK(k.connect(c, "/tmp/bound.sock", 0) == -ECONNREFUSED);  // bound, not listening
  REQUIRE(k.listen(b, 4) == 0);
  REQUIRE(k.unlink("/tmp/bound.sock") == 0);
  CHECK(k.connect(c, "/tmp/bound.sock", 0) == -ENOENT);  // the listener lives on, unreachable by name
  REQUIRE(k.close(b) == 0);
  int again = k.socket(kAfUnix);
  REQUIRE(k.bind(again, "/tmp/bound.sock", 0) == 0);  // the path is free again
}

TEST_CASE("emu eventfd: a counter; the thread pool can signal one") {
  Kernel k;
  int e = k.eventfd(0);
  std::uint64_t v = 0;
  CHECK(k.read(e, &v, 8) == -EAGAIN);
  v = 3;
  REQUIRE(k.write(e, &v, 8) == 8);
  REQUIRE(k.write(e, &v, 8) == 8);
  CHECK(k.write(e, &v, 4) == -EINVAL);
  CHECK(fd_view(k, 3).ready == (kEpollIn | kEpollOut));
  REQUIRE(k.read(e, &v, 8) == 8);
  CHECK(v == 6);

  REQUIRE(k.set_pool_notify(e) == 0);
  int ep = k.epoll_create();
  REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, e, kEpollIn | kEpollEt, 0) == 0);
  REQUIRE(k.pool().submit(1, 5 * kMs) == 0);
  EpollEvent ev;
  CHECK(k.epoll_wait(ep, &ev, 1) == 0);
  REQUIRE(jump(k));
  CHECK(k.epoll_wait(ep, &ev, 1) == 1);
  REQUIRE(k.read(e, &v, 8) == 8);
  CHECK(v == 1);
  CHECK(k.set_pool_notify(ep) == -EINVAL);  // not an eventfd
}

}  // TEST_SUITE
