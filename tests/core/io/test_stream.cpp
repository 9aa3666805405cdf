// Stream conformance on both backends (epoll and emulated; see io_support.h): echo, many clients, many writes,
// EOF and shutdown, connect errors, EADDRINUSE, close while connecting, the write queue cancelled on close,
// try_write, names and options. Inspection and trace: test_io_inspect.cpp.
#include <algorithm>
#include <vector>

#include "io_support.h"

using iotest::Env;

TEST_SUITE("streams") {

TEST_CASE("tcp: echo round trip") {
  iotest::for_each_backend([](Env& env) {
    iotest::EchoServer srv(env);
    ls::Tcp* client = env.tcp();
    std::string got;
    int connects = 0, writes = 0, closes = 0;
    REQUIRE(client->connect("127.0.0.1", srv.port, [&](int status) {
      CHECK(status == 0);
      ++connects;
      ls::SockName peer, self;
      CHECK(client->getpeername(peer) == 0);
      CHECK(peer.host == "127.0.0.1");
      CHECK(peer.port == srv.port);
      CHECK(client->getsockname(self) == 0);
      CHECK(self.family == ls::AddrFamily::Inet);
      CHECK(self.port != 0);
      CHECK(client->write("hello", [&](int st) {
        CHECK(st == 0);
        ++writes;
      }) > 0);
      CHECK(client->read_start([&](ls::Stream& s, int64_t n, std::string_view data) {
        REQUIRE(n > 0);
        got += data;
        if (got.size() == 5) {
          s.close([&](ls::Handle&) { ++closes; });
          srv.server->close();
        }
      }) == 0);
    }) > 0);
    CHECK(client->is_readable());
    CHECK(client->is_writable());
    CHECK(env.run() == 0);
    CHECK(got == "hello");
    CHECK(connects == 1);
    CHECK(writes == 1);
    CHECK(closes == 1);
    CHECK(srv.accepted == 1);
    CHECK(srv.closed == 1);  // the server side saw EOF and closed
    env.finish();
  });
}

TEST_CASE("tcp: 50 concurrent clients each get their own echo") {
  iotest::for_each_backend([](Env& env) {
    iotest::EchoServer srv(env);
    constexpr int kClients = 50;
    std::vector<std::string> got(kClients);
    int done = 0;
    for (int i = 0; i < kClients; ++i) {
      ls::Tcp* c = env.tcp();
      std::string msg = "client " + std::to_string(i) + " says hi";
      REQUIRE(c->connect("127.0.0.1", srv.port, [&, c, i, msg](int status) {
        REQUIRE(status == 0);
        CHECK(c->write(msg) > 0);
        CHECK(c->read_start([&, i, msg](ls::Stream& s, int64_t n, std::string_view data) {
          REQUIRE(n > 0);
          got[static_cast<size_t>(i)] += data;
          if (got[static_cast<size_t>(i)].size() == msg.size()) {
            s.close();
            if (++done == kClients) srv.server->close();
          }
        }) == 0);
      }) > 0);
    }
    CHECK(env.run() == 0);
    CHECK(done == kClients);
    for (int i = 0; i < kClients; ++i) CHECK(got[static_cast<size_t>(i)] == "client " + std::to_string(i) + " says hi");
    CHECK(srv.accepted == kClients);
    CHECK(srv.closed == kClients);
    env.finish();
  });
}

TEST_CASE("tcp: 64 writes of 64 KiB complete in order and every byte arrives") {
  iotest::for_each_backend([](Env& env) {
    constexpr size_t kChunk = 64 * 1024;
    constexpr int kWrites = 64;
    ls::Tcp* server = env.tcp();
    uint64_t received = 0;
    bool intact = true;
    uint16_t port = iotest::listen_on_loopback(*server, [&](ls::Stream& s, int status) {
      REQUIRE(status == 0);
      ls::Tcp* c = env.tcp();
      REQUIRE(s.accept(*c) == 0);
      s.close();
      c->read_start([&](ls::Stream& st, int64_t n, std::string_view data) {
        if (n < 0) {
          CHECK(n == ls::kEOF);
          st.close();
          return;
        }
        for (size_t k = 0; k < data.size() && intact; ++k) intact = data[k] == iotest::pattern(received + k);
        received += static_cast<uint64_t>(n);
      });
    });
    ls::Tcp* client = env.tcp();
    std::vector<int> order;
    size_t max_queued = 0;
    REQUIRE(client->connect("127.0.0.1", port, [&](int status) {
      REQUIRE(status == 0);
      for (int i = 0; i < kWrites; ++i) {
        int64_t id = client->write(iotest::pattern_block(static_cast<uint64_t>(i) * kChunk, kChunk), [&, i](int st) {
          CHECK(st == 0);
          order.push_back(i);
          if (static_cast<int>(order.size()) == kWrites) {
            CHECK(client->write_queue_size() == 0);
            client->close();
          }
        });
        CHECK(id > 0);
        max_queued = std::max(max_queued, client->write_queue_size());
      }
    }) > 0);
    CHECK(env.run() == 0);
    REQUIRE(order.size() == static_cast<size_t>(kWrites));
    for (int i = 0; i < kWrites; ++i) CHECK(order[static_cast<size_t>(i)] == i);
    CHECK(received == kChunk * kWrites);
    CHECK(intact);
    CHECK(max_queued > kChunk);  // the socket could not take it all at once: the queue really queued
    env.finish();
  });
}

// Reads grow the buffer to kReadBufferMax once one fills it, unless the stream's owner set a smaller maximum
// (the Lua runtime keeps luv's 64 KiB: each read becomes a Lua string).
static size_t largest_read_of_4_mib(Env& env, size_t read_max) {
  constexpr size_t kChunk = 64 * 1024;
  constexpr int kWrites = 64;
  ls::Tcp* server = env.tcp();
  size_t largest = 0;
  uint64_t received = 0;
  uint16_t port = iotest::listen_on_loopback(*server, [&](ls::Stream& s, int status) {
    REQUIRE(status == 0);
    ls::Tcp* c = env.tcp();
    REQUIRE(s.accept(*c) == 0);
    s.close();
    if (read_max) c->set_read_buffer_max(read_max);
    c->read_start([&](ls::Stream& st, int64_t n, std::string_view) {
      if (n < 0) {
        st.close();
        return;
      }
      largest = std::max(largest, static_cast<size_t>(n));
      received += static_cast<uint64_t>(n);
    });
  });
  ls::Tcp* client = env.tcp();
  REQUIRE(client->connect("127.0.0.1", port, [&](int status) {
    REQUIRE(status == 0);
    for (int i = 0; i < kWrites; ++i)
      client->write(iotest::pattern_block(static_cast<uint64_t>(i) * kChunk, kChunk), [&, i](int) {
        if (i == kWrites - 1) client->close();
      });
  }) > 0);
  CHECK(env.run() == 0);
  CHECK(received == kChunk * kWrites);
  return largest;
}

TEST_CASE("tcp: a full read grows the read buffer up to the stream's maximum") {
  iotest::for_each_backend([](Env& env) {
    size_t grown = largest_read_of_4_mib(env, 0);
    size_t capped = largest_read_of_4_mib(env, ls::Stream::kReadBufferSize);
    MESSAGE("largest read: default " << grown << ", capped " << capped);
    CHECK(grown <= ls::Stream::kReadBufferMax);
    CHECK(capped <= ls::Stream::kReadBufferSize);
    env.finish();
  });
}

TEST_CASE("tcp: EOF and shutdown; write after shutdown is EPIPE; a second shutdown is ENOTCONN") {
  iotest::for_each_backend([](Env& env) {
    ls::Tcp* server = env.tcp();
    std::string server_got, client_got;
    bool server_eof = false, client_eof = false;
    int shutdown_status = 1;
    uint16_t port = iotest::listen_on_loopback(*server, [&](ls::Stream& s, int status) {
      REQUIRE(status == 0);
      ls::Tcp* c = env.tcp();
      REQUIRE(s.accept(*c) == 0);
      s.close();
      c->read_start([&, c](ls::Stream&, int64_t n, std::string_view data) {
        if (n > 0) {
          server_got += data;
          return;
        }
        CHECK(n == ls::kEOF);
        server_eof = true;
        CHECK_FALSE(c->is_readable());
        CHECK(c->is_writable());  // half-closed: the other direction still works
        c->write("bye", [c](int st) {
          CHECK(st == 0);
          c->close();
        });
      });
    });
    ls::Tcp* client = env.tcp();
    REQUIRE(client->connect("127.0.0.1", port, [&](int status) {
      REQUIRE(status == 0);
      client->write("request");
      CHECK(client->shutdown([&](int st) { shutdown_status = st; }) > 0);
      CHECK_FALSE(client->is_writable());
      CHECK(client->write("late") == -EPIPE);
      CHECK(client->shutdown() == -ENOTCONN);
      client->read_start([&](ls::Stream& s, int64_t n, std::string_view data) {
        if (n > 0) {
          client_got += data;
          return;
        }
        CHECK(n == ls::kEOF);
        client_eof = true;
        s.close();
      });
    }) > 0);
    CHECK(env.run() == 0);
    CHECK(shutdown_status == 0);
    CHECK(server_got == "request");
    CHECK(server_eof);
    CHECK(client_got == "bye");
    CHECK(client_eof);
    env.finish();
  });
}

TEST_CASE("tcp: connect to a port nobody listens on gives ECONNREFUSED through the callback") {
  iotest::for_each_backend([](Env& env) {
    // Find a free port: take one, then give it back.
    ls::Tcp* probe = env.tcp();
    uint16_t port = iotest::listen_on_loopback(*probe, [](ls::Stream&, int) {});
    probe->close();
    CHECK(env.run() == 0);
    ls::Tcp* client = env.tcp();
    int status = 1, calls = 0;
    REQUIRE(client->connect("127.0.0.1", port, [&](int st) {
      status = st;
      ++calls;
      client->close();
    }) > 0);
    CHECK(env.l().active_requests() == 1);  // the connect request keeps the loop alive
    CHECK(env.run() == 0);
    CHECK(calls == 1);
    CHECK(status == -ECONNREFUSED);
    env.finish();
  });
}

TEST_CASE("tcp: EADDRINUSE is reported by listen, not bind (libuv)") {
  iotest::for_each_backend([](Env& env) {
    ls::Tcp* first = env.tcp();
    uint16_t port = iotest::listen_on_loopback(*first, [](ls::Stream&, int) {});
    ls::Tcp* second = env.tcp();
    CHECK(second->bind("127.0.0.1", port) == 0);
    CHECK(second->listen(16, [](ls::Stream&, int) {}) == -EADDRINUSE);
    ls::SockName name;
    CHECK(second->getsockname(name) == -EADDRINUSE);
    CHECK(second->bind("not an address", 1) == -EINVAL);
    env.finish();
  });
}

TEST_CASE("tcp: close while connecting: the connect callback gets ECANCELED before the close callback") {
  iotest::for_each_backend([](Env& env) {
    iotest::EchoServer srv(env);
    ls::Tcp* client = env.tcp();
    std::vector<std::string> log;
    REQUIRE(client->connect("127.0.0.1", srv.port, [&](int status) {
      log.push_back(std::string("connect ") + ls::err_name(status));
    }) > 0);
    CHECK(client->write("queued", [&](int status) { log.push_back(std::string("write ") + ls::err_name(status)); }) > 0);
    client->close([&](ls::Handle&) {
      log.push_back("close");
      srv.server->close();
    });
    CHECK(env.run() == 0);
    REQUIRE(log.size() == 3);
    CHECK(log[0] == "connect ECANCELED");
    CHECK(log[1] == "write ECANCELED");
    CHECK(log[2] == "close");
    env.finish();
  });
}

TEST_CASE("tcp: closing cancels the write queue; every callback runs exactly once, in order, before close") {
  iotest::for_each_backend([](Env& env) {
    ls::Tcp* server = env.tcp();
    ls::Tcp* idle_peer = nullptr;  // accepts and never reads: the client's writes back up
    uint16_t port = iotest::listen_on_loopback(*server, [&](ls::Stream& s, int status) {
      REQUIRE(status == 0);
      idle_peer = env.tcp();
      REQUIRE(s.accept(*idle_peer) == 0);
    });
    ls::Tcp* client = env.tcp();
    constexpr int kWrites = 64;
    const std::string chunk(256 * 1024, 'q');  // 16 MiB in all: more than any socket buffer holds
    std::vector<int> calls(kWrites, 0), status(kWrites, 1), order;
    int shutdown_status = 1, close_calls = 0;
    bool close_after_all = true;
    REQUIRE(client->connect("127.0.0.1", port, [&](int st) {
      REQUIRE(st == 0);
      for (int i = 0; i < kWrites; ++i) {
        ls::ConstBuf b{chunk.data(), chunk.size()};
        CHECK(client->write_borrowed(&b, 1, [&, i](int s) {
          ++calls[static_cast<size_t>(i)];
          status[static_cast<size_t>(i)] = s;
          order.push_back(i);
          if (close_calls) close_after_all = false;
        }) > 0);
      }
      CHECK(client->shutdown([&](int s) {
        shutdown_status = s;
        if (close_calls) close_after_all = false;
      }) > 0);
      CHECK(client->write_queue_size() > 0);
      client->close([&](ls::Handle&) {
        ++close_calls;
        // Nothing of the closed stream may stay queued for the pending phase: its owner may delete it now.
        CHECK(env.l().inspect().pending == 0);
        server->close();
        if (idle_peer) idle_peer->close();
      });
    }) > 0);
    CHECK(env.run() == 0);
    REQUIRE(order.size() == static_cast<size_t>(kWrites));
    int ok = 0;
    for (int i = 0; i < kWrites; ++i) {
      CHECK(calls[static_cast<size_t>(i)] == 1);
      CHECK(order[static_cast<size_t>(i)] == i);
      if (status[static_cast<size_t>(i)] == 0) {
        CHECK(i == ok);  // the finished ones are a prefix
        ++ok;
      } else {
        CHECK(status[static_cast<size_t>(i)] == -ECANCELED);
      }
    }
    CHECK(ok < kWrites);
    CHECK(shutdown_status == -ECANCELED);
    CHECK(close_calls == 1);
    CHECK(close_after_all);
    CHECK(client->write_queue_size() == 0);
    env.finish();
  });
}

TEST_CASE("tcp: try_write writes now or says EAGAIN; nodelay and keepalive") {
  iotest::for_each_backend([](Env& env) {
    iotest::EchoServer srv(env);
    ls::Tcp* client = env.tcp();
    CHECK(client->nodelay(true) == 0);  // remembered until the socket exists
    CHECK(client->keepalive(true, 30) == 0);
    std::string got;
    REQUIRE(client->connect("127.0.0.1", srv.port, [&](int status) {
      REQUIRE(status == 0);
      CHECK(client->try_write("ping") == 4);
      CHECK(client->nodelay(false) == 0);
      CHECK(client->keepalive(false) == 0);
      client->read_start([&](ls::Stream& s, int64_t n, std::string_view data) {
        REQUIRE(n > 0);
        got += data;
        if (got == "ping") {
          s.close();
          srv.server->close();
        }
      });
    }) > 0);
    CHECK(client->try_write("too early") == -EAGAIN);  // still connecting
    CHECK(env.run() == 0);
    CHECK(got == "ping");
    env.finish();
  });
}

}  // TEST_SUITE
