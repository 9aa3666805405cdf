// Emulated kernel, TCP-like sockets on the virtual loopback network: handshake, data, latency, bandwidth, many
// clients, back-pressure, half-close, and the connect/bind errors. Faults are in test_emu_faults.cpp.
#include <map>
#include <vector>

#include "emu_test_util.h"

using namespace emu_test;

TEST_SUITE("emu") {

TEST_CASE("emu tcp: connect, accept and echo round trip driven by virtual time") {
  Kernel k(with_latency(1 * kMs));
  int l = listener(k, 8000);
  int c = k.socket();
  CHECK(c == 4);  // 0-2 stdio, 3 the listener
  REQUIRE(k.connect(c, "127.0.0.1", 8000) == -EINPROGRESS);
  CHECK(k.connect(c, "127.0.0.1", 8000) == -EALREADY);
  CHECK(k.accept(l) == -EAGAIN);
  CHECK(k.write(c, "x", 1) == -EAGAIN);  // still connecting
  REQUIRE(k.next_event_time() == 1 * kMs);

  REQUIRE(k.advance_to(1 * kMs) == 0);
  CHECK(k.getsockopt_error(c) == 0);
  int s = k.accept(l);
  REQUIRE(s == 5);

  SockAddr cl, cp, sl, sp;
  REQUIRE(k.getsockname(c, cl) == 0);
  REQUIRE(k.getpeername(c, cp) == 0);
  REQUIRE(k.getsockname(s, sl) == 0);
  REQUIRE(k.getpeername(s, sp) == 0);
  CHECK(cp.str() == "127.0.0.1:8000");
  CHECK(sl == cp);
  CHECK(sp == cl);
  CHECK(cl.port == 32768);  // the first ephemeral port

  CHECK(write_str(k, c, "hello") == 5);
  char buf[16];
  CHECK(k.read(s, buf, sizeof buf) == -EAGAIN);  // in flight for 1 ms
  step(k, 1 * kMs);
  REQUIRE(k.read(s, buf, sizeof buf) == 5);
  CHECK(write_str(k, s, std::string(buf, 5)) == 5);
  step(k, 1 * kMs);
  CHECK(read_available(k, c) == "hello");
  CHECK(k.now_ns() == 3 * kMs);
}

TEST_CASE("emu tcp: latency delays connect and data by exactly the configured time") {
  const Nanos lat = 5 * kMs;
  Kernel k(with_latency(lat));
  int l = listener(k, 8001);
  int c = k.socket();
  REQUIRE(k.connect(c, "localhost", 8001) == -EINPROGRESS);
  REQUIRE(k.advance_to(lat - 1) == 0);
  CHECK((k.inspect().fds.back().ready & kEpollOut) == 0);
  CHECK(k.accept(l) == -EAGAIN);
  REQUIRE(k.advance_to(lat) == 0);
  int s = k.accept(l);
  REQUIRE(s >= 0);

  CHECK(write_str(k, c, "ping") == 4);
  CHECK(k.next_event_time() == 2 * lat);
  REQUIRE(k.advance_to(2 * lat - 1) == 0);
  char buf[8];
  CHECK(k.read(s, buf, sizeof buf) == -EAGAIN);
  REQUIRE(k.advance_to(2 * lat) == 0);
  CHECK(k.read(s, buf, sizeof buf) == 4);
  CHECK(k.next_event_time() == std::nullopt);  // nothing left in flight
}

TEST_CASE("emu tcp: bandwidth paces delivery") {
  Config cfg;
  cfg.link.bandwidth = 1000;  // bytes per second
  cfg.link.mss = 100;         // so 100 ms per segment
  Kernel k(cfg);
  int l = listener(k, 8002);
  Pair p = connect_pair(k, l, 8002);
  std::string data = pattern(1000);
  REQUIRE(write_str(k, p.client, data) == 1000);

  std::string got;
  REQUIRE(k.advance_to(99 * kMs) == 0);
  got += read_available(k, p.server);
  CHECK(got.size() == 0);
  REQUIRE(k.advance_to(500 * kMs) == 0);
  got += read_available(k, p.server);
  CHECK(got.size() == 500);
  REQUIRE(k.advance_to(999 * kMs) == 0);
  got += read_available(k, p.server);
  CHECK(got.size() == 900);
  REQUIRE(k.advance_to(1000 * kMs) == 0);
  got += read_available(k, p.server);
  CHECK(got == data);
}

TEST_CASE("emu tcp: 50 concurrent clients each get their own echo") {
  Kernel k(with_latency(200 * kUs));
  int ep = k.epoll_create();
  int l = listener(k, 8003, 64);
  REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, l, kEpollIn, 0) == 0);
  std::vector<int> clients;
  for (int i = 0; i < 50; ++i) {
    int c = k.socket();
    REQUIRE(c >= 0);
    REQUIRE(k.connect(c, "127.0.0.1", 8003) == -EINPROGRESS);
    REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, c, kEpollOut | kEpollOneShot, 1000 + static_cast<unsigned>(c)) == 0);
    clients.push_back(c);
  }
  std::map<int, std::string> replies;
  EpollEvent ev[16];
  int rounds = 0;
  while (replies.size() < 50 || std::any_of(replies.begin(), replies.end(), [](auto& r) { return r.second.empty(); })) {
    REQUIRE(++rounds < 1000);
    int n = k.epoll_wait(ep, ev, 16);
    REQUIRE(n >= 0);
    if (n == 0) {
      REQUIRE(jump(k));
      continue;
    }
    for (int i = 0; i < n; ++i) {
      if (ev[i].data == 0) {  // listener
        int s;
        while ((s = k.accept(l)) >= 0) REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, s, kEpollIn, 1) == 0);
      } else if (ev[i].data == 1) {  // server side: echo
        std::string in = read_available(k, ev[i].fd);
        if (!in.empty()) REQUIRE(write_str(k, ev[i].fd, in) == static_cast<std::int64_t>(in.size()));
      } else if (ev[i].data >= 1000 && ev[i].data < 2000) {  // client connected: say who it is
        REQUIRE(k.getsockopt_error(ev[i].fd) == 0);
        std::string msg = "client " + std::to_string(ev[i].fd);
        REQUIRE(write_str(k, ev[i].fd, msg) == static_cast<std::int64_t>(msg.size()));
        REQUIRE(k.epoll_ctl(ep, kEpollCtlMod, ev[i].fd, kEpollIn, 2000 + static_cast<unsigned>(ev[i].fd)) == 0);
        replies[ev[i].fd];
      } else {  // client got its reply
        replies[ev[i].fd] += read_available(k, ev[i].fd);
      }
    }
  }
  for (int c : clients) CHECK(replies[c] == "client " + std::to_string(c));
  CHECK(k.inspect().connections.size() == 50);
}

TEST_CASE("emu tcp: 64 x 64 KiB through small buffers: partial writes, EAGAIN, every byte in order") {
  Config cfg;
  cfg.link.latency = 50 * kUs;
  cfg.send_buffer = 8192;
  cfg.recv_buffer = 8192;
  Kernel k(cfg);
  int l = listener(k, 8004);
  Pair p = connect_pair(k, l, 8004);
  const std::size_t chunk = 64 * 1024, count = 64;
  std::string all;
  for (std::size_t i = 0; i < count; ++i) all += pattern(chunk, static_cast<unsigned>(i + 1));

  std::size_t sent = 0;
  std::string received;
  int partial = 0, eagain = 0, rounds = 0;
  while (received.size() < all.size()) {
    REQUIRE(++rounds < 100000);
    bool progress = false;
    while (sent < all.size()) {
      std::size_t want = std::min(chunk - sent % chunk, all.size() - sent);  // one 64 KiB write at a time
      std::int64_t n = k.write(p.client, all.data() + sent, want);
      if (n == -EAGAIN) {
        ++eagain;
        break;
      }
      REQUIRE(n > 0);
      if (static_cast<std::size_t>(n) < want) ++partial;
      sent += static_cast<std::size_t>(n);
      progress = true;
    }
    std::string in = read_available(k, p.server);
    progress |= !in.empty();
    received += in;
    if (!progress) REQUIRE(jump(k));
  }
  CHECK(partial > 0);
  CHECK(eagain > 0);
  CHECK(received.size() == all.size());
  CHECK(received == all);
}

TEST_CASE("emu tcp: shutdown(SHUT_WR) gives EOF after the data; the other direction still works") {
  Kernel k(with_latency(1 * kMs));
  int l = listener(k, 8005);
  Pair p = connect_pair(k, l, 8005);
  REQUIRE(write_str(k, p.client, "last words") == 10);
  REQUIRE(k.shutdown(p.client, kShutWr) == 0);
  CHECK(write_str(k, p.client, "more") == -EPIPE);
  step(k, 1 * kMs);
  std::int64_t last = 0;
  CHECK(read_available(k, p.server, &last) == "last words");
  CHECK(last == 0);  // EOF
  CHECK(fd_view(k, p.server).ready == (kEpollIn | kEpollRdHup | kEpollOut));
  REQUIRE(write_str(k, p.server, "reply") == 5);
  step(k, 1 * kMs);
  CHECK(read_available(k, p.client) == "reply");
  CHECK(k.shutdown(p.server, kShutWr) == 0);
  step(k, 1 * kMs);
  char b;
  CHECK(k.read(p.client, &b, 1) == 0);
  CHECK((fd_view(k, p.client).ready & kEpollHup) != 0);
}

TEST_CASE("emu tcp: connect to a port nobody listens on fails with ECONNREFUSED after the latency") {
  Kernel k(with_latency(2 * kMs));
  int ep = k.epoll_create();
  int c = k.socket();
  REQUIRE(k.connect(c, "127.0.0.1", 9) == -EINPROGRESS);
  REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, c, kEpollOut, 7) == 0);
  EpollEvent ev[4];
  CHECK(k.epoll_wait(ep, ev, 4) == 0);
  REQUIRE(jump(k));
  CHECK(k.now_ns() == 2 * kMs);
  REQUIRE(k.epoll_wait(ep, ev, 4) == 1);
  CHECK(ev[0].data == 7);
  CHECK((ev[0].events & (kEpollErr | kEpollOut | kEpollHup)) == (kEpollErr | kEpollOut | kEpollHup));
  CHECK(k.getsockopt_error(c) == -ECONNREFUSED);
  CHECK(k.getsockopt_error(c) == 0);  // reported once
  CHECK(k.connect(c, "10.0.0.1", 80) == -ENETUNREACH);
  CHECK(k.connect(c, "::1", 80) == -EAFNOSUPPORT);
  CHECK(k.connect(c, "not an address", 80) == -EINVAL);
}

TEST_CASE("emu tcp: EADDRINUSE, wildcard conflicts, ephemeral ports, rebinding after close") {
  Kernel k;
  int a = k.socket(), b = k.socket(), c = k.socket(), d = k.socket(kAfInet6);
  REQUIRE(k.bind(a, "127.0.0.1", 7000) == 0);
  CHECK(k.bind(b, "127.0.0.1", 7000) == -EADDRINUSE);
  CHECK(k.bind(b, "0.0.0.0", 7000) == -EADDRINUSE);
  CHECK(k.bind(b, "127.0.0.2", 7000) == 0);  // all of 127/8 is local, each address its own
  CHECK(k.bind(d, "::1", 7000) == 0);        // another family
  CHECK(k.bind(c, "192.168.1.1", 7001) == -EADDRNOTAVAIL);
  CHECK(k.bind(a, "127.0.0.1", 7002) == -EINVAL);  // already bound
  REQUIRE(k.close(a) == 0);
  CHECK(k.bind(c, "127.0.0.1", 7000) == 0);

  int e = k.socket(), f = k.socket();
  REQUIRE(k.bind(e, "127.0.0.1", 0) == 0);
  REQUIRE(k.bind(f, "127.0.0.1", 0) == 0);
  SockAddr ea, fa;
  k.getsockname(e, ea);
  k.getsockname(f, fa);
  CHECK(ea.port == 32768);
  CHECK(fa.port == 32769);
  CHECK(k.inspect().fds.size() == 3 + 5);  // stdio + b c d e f (e reused a's fd 3)
}

TEST_CASE("emu tcp: a full backlog refuses, accepting makes room again") {
  Kernel k(with_latency(1 * kMs));
  int l = listener(k, 8006, 2);
  int c[4];
  for (int i = 0; i < 3; ++i) {
    c[i] = k.socket();
    REQUIRE(k.connect(c[i], "127.0.0.1", 8006) == -EINPROGRESS);
  }
  step(k, 1 * kMs);
  CHECK(k.getsockopt_error(c[0]) == 0);
  CHECK(k.getsockopt_error(c[1]) == 0);
  CHECK(k.getsockopt_error(c[2]) == -ECONNREFUSED);
  auto snap = k.inspect();
  REQUIRE(snap.listeners.size() == 1);
  CHECK(snap.listeners[0].queued == 2);
  CHECK(snap.listeners[0].backlog == 2);

  REQUIRE(k.accept(l) >= 0);
  c[3] = k.socket();
  REQUIRE(k.connect(c[3], "127.0.0.1", 8006) == -EINPROGRESS);
  step(k, 1 * kMs);
  CHECK(k.getsockopt_error(c[3]) == 0);
  CHECK(k.inspect().listeners[0].queued == 2);
}

TEST_CASE("emu tcp: a listener on the wildcard accepts loopback connections; IPv6 works too") {
  Kernel k;
  int l4 = listener(k, 8007, 8, "0.0.0.0");
  int l6 = listener(k, 8007, 8, "::1");
  int c4 = k.socket(), c6 = k.socket(kAfInet6);
  REQUIRE(k.connect(c4, "127.0.0.1", 8007) == -EINPROGRESS);
  REQUIRE(k.connect(c6, "::1", 8007) == -EINPROGRESS);
  int s4 = k.accept(l4), s6 = k.accept(l6);  // zero latency: done by the next call
  REQUIRE(s4 >= 0);
  REQUIRE(s6 >= 0);
  SockAddr a;
  REQUIRE(k.getsockname(s6, a) == 0);
  CHECK(a.str() == "[::1]:8007");
  REQUIRE(k.getpeername(s4, a) == 0);
  CHECK(a.host == "127.0.0.1");
  CHECK(k.set_nodelay(c4, true) == 0);
  CHECK(k.set_keepalive(c4, true, 60) == 0);
  CHECK(fd_view(k, c4).flags == "nodelay keepalive=60");
  CHECK(k.set_nodelay(k.eventfd(), true) == -ENOTSOCK);
  CHECK(k.set_nodelay(99, true) == -EBADF);
}

}  // TEST_SUITE
