// Udp conformance on both backends (epoll and emulated; see io_support.h): a round trip with addresses, the
// nothing-more callback, send ordering and queue counts, try_send, connect/disconnect rules, truncation is not
// reachable through the 64 KiB buffer but EMSGSIZE is, ECONNREFUSED for a connected sender, close cancelling
// queued sends, recv on a closed handle, options, batched reads, and what inspection and the trace show.
#include <map>
#include <string>
#include <vector>

#include "io_support.h"

using iotest::Env;

namespace {

struct Received {
  std::vector<std::string> data;  // datagrams, in order
  std::vector<ls::SockName> from;
  int nothing_more = 0;           // nread 0 with no address
  std::vector<int> errors;
  unsigned flags = 0;             // or of every datagram's flags
};

// A receiving Udp bound to 127.0.0.1 (or ::1) on an ephemeral port; `then` runs after each datagram.
uint16_t receiver(ls::Udp& u, Received& r, std::function<void()> then = {}, const char* host = "127.0.0.1") {
  REQUIRE(u.bind(host, 0) == 0);
  ls::SockName name;
  REQUIRE(u.getsockname(name) == 0);
  REQUIRE(name.port != 0);
  REQUIRE(u.recv_start([&r, then](ls::Udp&, int64_t n, std::string_view data, const ls::SockName* addr,
                                  unsigned flags) {
    if (n < 0) {
      r.errors.push_back(static_cast<int>(n));
    } else if (!addr) {
      CHECK(n == 0);
      ++r.nothing_more;
    } else {
      r.data.emplace_back(data);
      r.from.push_back(*addr);
      r.flags |= flags;
      if (then) then();
    }
  }) == 0);
  return name.port;
}

ls::SockName to(const char* host, uint16_t port) {
  ls::SockName n;
  n.family = std::string(host).find(':') == std::string::npos ? ls::AddrFamily::Inet : ls::AddrFamily::Inet6;
  n.host = host;
  n.port = port;
  return n;
}

// A server receiving on 127.0.0.1 and a client: both close once the server has `closing_at` datagrams.
struct Pair {
  ls::Udp* server;
  ls::Udp* client;
  Received r;
  ls::SockName dst;

  Pair(Env& env, size_t closing_at) : server(env.make<ls::Udp>()), client(env.make<ls::Udp>()) {
    uint16_t port = receiver(*server, r, [this, closing_at] {
      if (r.data.size() == closing_at) {
        server->close();
        client->close();
      }
    });
    dst = to("127.0.0.1", port);
  }
};

}  // namespace

TEST_SUITE("udp") {

TEST_CASE("udp: datagrams round trip with their source address, in order, boundaries kept") {
  iotest::for_each_backend([](Env& env) {
    Pair p(env, 3);
    ls::Udp* client = p.client;
    const Received& r = p.r;
    const ls::SockName& dst = p.dst;
    std::vector<int> sent;
    CHECK(client->send({"one"}, &dst, [&](int st) { sent.push_back(st); }) > 0);
    CHECK(client->send({"tw", "o"}, &dst, [&](int st) { sent.push_back(st); }) > 0);  // gathered: one datagram
    CHECK(client->send({""}, &dst, [&](int st) { sent.push_back(st); }) > 0);
    CHECK(client->send_queue_count() == 3);
    CHECK(client->send_queue_size() == 6);
    CHECK(client->is_active());  // a handle with sends in flight is active (uv__handle_start)
    CHECK(env.run() == 0);
    CHECK(sent == std::vector<int>{0, 0, 0});
    REQUIRE(r.data == std::vector<std::string>{"one", "two", ""});
    CHECK(r.from[0].host == "127.0.0.1");
    CHECK(r.from[0].port != 0);
    CHECK(r.from[0].port == r.from[2].port);
    CHECK(client->send_queue_count() == 0);
    CHECK(client->send_queue_size() == 0);
    env.finish();
  });
}

TEST_CASE("udp: a drained socket makes the nothing-more callback; ipv6 works alike") {
  iotest::for_each_backend([](Env& env) {
    auto* server = env.make<ls::Udp>();
    auto* client = env.make<ls::Udp>();
    Received r;
    uint16_t port = receiver(*server, r, {}, "::1");
    ls::SockName dst = to("::1", port);
    CHECK(client->send({"ping"}, &dst, [&](int st) { CHECK(st == 0); }) > 0);
    auto* timer = env.make<ls::Timer>();
    timer->start([&](ls::Timer&) {
      server->close();
      client->close();
    }, 50, 0);
    CHECK(env.run() == 0);
    REQUIRE(r.data == std::vector<std::string>{"ping"});
    CHECK(r.from[0].family == ls::AddrFamily::Inet6);
    CHECK(r.from[0].host == "::1");
    CHECK(r.nothing_more >= 1);  // after the datagram, the read that found nothing (libuv's EAGAIN callback)
    CHECK(r.errors.empty());
    env.finish();
  });
}

TEST_CASE("udp: try_send, connect and disconnect follow uv_udp_connect's rules") {
  iotest::for_each_backend([](Env& env) {
    Pair p(env, 3);
    ls::Udp* client = p.client;
    const ls::SockName& dst = p.dst;
    CHECK(client->try_send({"x"}, nullptr) == -EDESTADDRREQ);
    CHECK(client->disconnect() == -ENOTCONN);
    ls::SockName peer;
    CHECK(client->getpeername(peer) == -EBADF);  // no socket yet
    REQUIRE(client->connect("127.0.0.1", dst.port) == 0);
    CHECK(client->connect("127.0.0.1", dst.port) == -EISCONN);
    CHECK(client->connect("not an address", dst.port) == -EINVAL);
    REQUIRE(client->getpeername(peer) == 0);
    CHECK(peer.port == dst.port);
    CHECK(client->try_send({"x"}, &dst) == -EISCONN);
    CHECK(client->send({"x"}, &dst) == -EISCONN);
    CHECK(client->send_queue_count() == 0);  // a refused send queues nothing
    CHECK(client->try_send({"a", "b"}, nullptr) == 2);
    REQUIRE(client->disconnect() == 0);
    CHECK(client->getpeername(peer) == -ENOTCONN);
    CHECK(client->try_send({"c"}, &dst) == 1);
    CHECK(client->send({"d"}, nullptr) == -EDESTADDRREQ);
    CHECK(client->send({"d"}, &dst, [&](int st) {
      CHECK(st == 0);
      CHECK(client->send_queue_count() == 0);  // counted down before the callback (uv__udp_run_completed)
    }) > 0);
    CHECK(client->try_send({"e"}, &dst) == -EAGAIN);  // a send is queued
    CHECK(env.run() == 0);
    CHECK(p.r.data == std::vector<std::string>{"ab", "c", "d"});
    env.finish();
  });
}

TEST_CASE("udp: oversized datagram is EMSGSIZE in its callback; a connected sender to a closed port gets ECONNREFUSED") {
  iotest::for_each_backend([](Env& env) {
    auto* closed = env.make<ls::Udp>();
    REQUIRE(closed->bind("127.0.0.1", 0) == 0);
    ls::SockName gone;
    REQUIRE(closed->getsockname(gone) == 0);
    closed->close();  // the port is free again: nobody listens there
    auto* client = env.make<ls::Udp>();
    ls::SockName dst = to("127.0.0.1", gone.port);
    std::vector<int> status;
    CHECK(client->try_send({std::string(70000, 'x')}, &dst) == -EMSGSIZE);
    CHECK(client->send({std::string(70000, 'x')}, &dst, [&](int st) { status.push_back(st); }) > 0);
    CHECK(client->try_send({"x"}, &dst) == -EAGAIN);  // the failed request still counts until its callback
    auto* conn = env.make<ls::Udp>();
    REQUIRE(conn->connect("127.0.0.1", gone.port) == 0);
    std::vector<int> recv_errors;
    REQUIRE(conn->recv_start([&](ls::Udp& u, int64_t n, std::string_view, const ls::SockName*, unsigned) {
      if (n < 0) {
        recv_errors.push_back(static_cast<int>(n));
        u.close();
        client->close();
      }
    }) == 0);
    CHECK(conn->send({"ping"}, nullptr, [&](int st) { status.push_back(st); }) > 0);
    CHECK(env.run() == 0);
    CHECK(status == std::vector<int>{-EMSGSIZE, 0});  // the send itself succeeds; the refusal comes back later
    CHECK(recv_errors == std::vector<int>{-ECONNREFUSED});
    env.finish();
  });
}

TEST_CASE("udp: close cancels what was never sent; a closed handle refuses everything and calls nothing") {
  iotest::for_each_backend([](Env& env) {
    auto* server = env.make<ls::Udp>();
    Received r;
    uint16_t port = receiver(*server, r);
    auto* client = env.make<ls::Udp>();
    ls::SockName dst = to("127.0.0.1", port);
    std::vector<int> status;
    CHECK(client->send({"first"}, &dst, [&](int st) { status.push_back(st); }) > 0);  // sent at once
    CHECK(client->send({"second"}, &dst, [&](int st) { status.push_back(st); }) > 0);  // queued behind it
    bool closed = false;
    client->close([&](ls::Handle&) {
      closed = true;
      server->close();
    });
    CHECK(client->send({"late"}, &dst) == -EBADF);
    CHECK(client->recv_start([](ls::Udp&, int64_t, std::string_view, const ls::SockName*, unsigned) {}) == -EINVAL);
    CHECK(client->try_send({"late"}, &dst) == -EBADF);
    ls::SockName n;
    CHECK(client->getsockname(n) == -EBADF);
    CHECK(client->set_ttl(10) == -EBADF);
    CHECK(env.run() == 0);
    CHECK(closed);
    // The first was sent (its completion waited for the pending phase), the second never left: ECANCELED.
    CHECK(status == std::vector<int>{0, -ECANCELED});
    CHECK(r.errors.empty());
    env.finish();
  });
}

TEST_CASE("udp: options, bind flags and the deferred bind") {
  iotest::for_each_backend([](Env& env) {
    auto* u = env.make<ls::Udp>();
    CHECK(u->set_broadcast(true) == -EBADF);  // no socket yet
    CHECK(u->bind("127.0.0.1", 0, 0x80) == -EINVAL);
    CHECK(u->bind("127.0.0.1", 0, ls::kUdpIpv6Only) == -EINVAL);  // IPV6ONLY needs an IPv6 address
    REQUIRE(u->bind("127.0.0.1", 0, ls::kUdpReuseAddr) == 0);
    CHECK(u->bind("127.0.0.1", 0) == -EINVAL);  // bound already
    CHECK(u->set_ttl(0) == -EINVAL);
    CHECK(u->set_ttl(256) == -EINVAL);
    CHECK(u->set_ttl(64) == 0);
    CHECK(u->set_broadcast(true) == 0);
    CHECK(u->set_multicast_ttl(-1) == -EINVAL);
    CHECK(u->set_multicast_ttl(4) == 0);
    CHECK(u->set_multicast_loop(false) == 0);
    CHECK(u->set_membership("not a group", "", true) == -EINVAL);
    auto* lazy = env.make<ls::Udp>();
    REQUIRE(lazy->recv_start([](ls::Udp&, int64_t, std::string_view, const ls::SockName*, unsigned) {}) == 0);
    ls::SockName n;
    REQUIRE(lazy->getsockname(n) == 0);  // recv_start bound it: the IPv4 wildcard, an ephemeral port
    CHECK(n.host == "0.0.0.0");
    CHECK(n.port != 0);
    CHECK(lazy->recv_start([](ls::Udp&, int64_t, std::string_view, const ls::SockName*, unsigned) {}) == -EALREADY);
    CHECK(lazy->recv_stop() == 0);
    CHECK_FALSE(lazy->is_active());
    auto* v6 = env.make<ls::Udp>();
    REQUIRE(v6->init_family(ls::AddrFamily::Inet6) == 0);
    CHECK(v6->init_family(ls::AddrFamily::Inet6) == -EBUSY);
    REQUIRE(v6->getsockname(n) == 0);
    CHECK(n.family == ls::AddrFamily::Inet6);
    CHECK(n.port == 0);  // created, not bound
    env.finish();
  });
}

TEST_CASE("udp: batched reads deliver each datagram as a chunk") {
  iotest::for_each_backend([](Env& env) {
    Pair p(env, 6);
    REQUIRE(p.server->set_recv_batch(4) == 0);  // read at each event: setting it while receiving is fine
    CHECK(p.server->set_recv_batch(21) == -EINVAL);
    for (int i = 0; i < 6; ++i) CHECK(p.client->try_send({"m" + std::to_string(i)}, &p.dst) == 2);
    CHECK(env.run() == 0);
    CHECK(p.r.data == std::vector<std::string>{"m0", "m1", "m2", "m3", "m4", "m5"});
    CHECK(p.r.flags == ls::Udp::kMmsgChunk);
    env.finish();
  });
}

TEST_CASE("udp: sends and the socket show in inspection and in the trace") {
  iotest::EnvOptions o;
  o.trace = 1 << 16;
  iotest::for_each_backend(
      [](Env& env) {
        auto* server = env.make<ls::Udp>();
        auto* client = env.make<ls::Udp>();
        Received r;
        uint16_t port = receiver(*server, r, [&] {
          server->close();
          client->close();
        });
        ls::SockName dst = to("127.0.0.1", port);
        int64_t id = client->send({"hi"}, &dst);
        REQUIRE(id > 0);
        ls::Snapshot snap = env.l().inspect();
        bool found_req = false;
        for (const ls::RequestInfo& q : snap.requests)
          if (q.id == static_cast<uint64_t>(id)) found_req = q.type == "udp_send" && q.handle_id == client->id();
        CHECK(found_req);
        for (const ls::HandleInfo& h : snap.handles) {
          if (h.id == server->id()) {
            CHECK(h.type == ls::HandleType::Udp);
            CHECK(h.state == "inet receiving");
            CHECK(h.events == ls::kReadable);
            CHECK(h.fd == server->fileno());
          }
          if (h.id == client->id()) {
            CHECK(h.state == "inet sending 1");
            CHECK(h.write_queue_size == 2);
          }
        }
        if (env.emulated()) {
          bool udp_fd = false;
          for (const ls::KernelFdInfo& f : snap.kernel_fds) udp_fd = udp_fd || f.kind == "udp";
          CHECK(udp_fd);
        }
        CHECK(env.run() == 0);
        std::map<std::string, int> kinds;
        for (const ls::TraceEvent& ev : env.l().trace().events()) {
          if (ev.kind == ls::TraceKind::RequestSubmit) ++kinds["submit " + ev.text];
          if (ev.kind == ls::TraceKind::RequestComplete) ++kinds["complete " + ev.text];
          if (ev.kind == ls::TraceKind::IoInterest && ev.id == server->id()) ++kinds["interest"];
        }
        CHECK(kinds["submit udp_send"] == 1);
        CHECK(kinds["complete udp_send"] == 1);
        CHECK(kinds["interest"] >= 1);
        CHECK(env.l().trace().jsonl().find("\"type\":\"udp\"") != std::string::npos);
        env.finish();
      },
      o);
}

}  // TEST_SUITE
