// Stream faults (anchors-style-reliability.md B1/B3): EMFILE on accept without a busy loop, RST -> ECONNRESET,
// write after the peer closed -> EPIPE in the write callback (process alive), fd reuse inside a callback without
// stale events — on both backends — and the faults only the emulated kernel can inject: short writes and EINTR.
#include <set>
#include <vector>

#include "io_support.h"

#ifndef __EMSCRIPTEN__
#include <sys/resource.h>
#endif

using iotest::Env;

namespace {

// The limit that leaves exactly n fds free: one past the n-th lowest free fd number, found the way the kernel
// hands them out (open n, close them). Holes below inherited fds count, as they do for RLIMIT_NOFILE.
int limit_leaving(Env& env, int n) {
  ls::Sys* sys = env.l().backend().sys();
  std::vector<int> fds;
  for (int i = 0; i < n; ++i) {
    fds.push_back(sys->open(env.emulated() ? "/" : "/dev/null", ls::fsflag::kRdOnly, 0));
    REQUIRE(fds.back() >= 0);
  }
  for (int fd : fds) sys->close(fd);
  return fds.back() + 1;
}

// Lowers the fd limit for the scope: RLIMIT_NOFILE natively (restored on exit), the kernel's limit emulated.
struct FdLimit {
  Env& env;
#ifndef __EMSCRIPTEN__
  rlimit saved{};
#endif
  FdLimit(Env& e, int limit) : env(e) {
    if (env.emulated()) {
      env.kernel->set_fd_limit(limit);
      return;
    }
#ifndef __EMSCRIPTEN__
    REQUIRE(getrlimit(RLIMIT_NOFILE, &saved) == 0);
    rlimit low = saved;
    low.rlim_cur = static_cast<rlim_t>(limit);
    REQUIRE(setrlimit(RLIMIT_NOFILE, &low) == 0);
#endif
  }
  ~FdLimit() {
    if (env.emulated()) {
      env.kernel->set_fd_limit(1024);
      return;
    }
#ifndef __EMSCRIPTEN__
    setrlimit(RLIMIT_NOFILE, &saved);
#endif
  }
};

}  // namespace

TEST_SUITE("streams") {

TEST_CASE("tcp: EMFILE on accept — the spare-fd trick, no busy loop, and the server recovers") {
  iotest::for_each_backend([](Env& env) {
    ls::Tcp* server = env.tcp();
    ls::Tcp* client1 = env.tcp();
    ls::Tcp* client2 = env.tcp();
    ls::Tcp* client3 = env.tcp();
    std::vector<ls::Tcp*> accepted;
    int conn_errors = 0, client2_end = 1, client3_status = 1;
    uint64_t iter_at_emfile = 0, iters_during_emfile = 0;
    auto maybe_finish = [&] {
      if (accepted.size() != 2 || client3_status == 1) return;
      server->close();
      client3->close();
      accepted[1]->close();
    };
    uint16_t port = iotest::listen_on_loopback(*server, [&](ls::Stream& s, int status) {
      if (status < 0) {
        ++conn_errors;
        return;
      }
      ls::Tcp* c = env.tcp();
      REQUIRE(s.accept(*c) == 0);
      accepted.push_back(c);
      if (accepted.size() == 1) {
        // The first connection's server side closes at EOF; then there is room again: client3 gets in.
        c->read_start([&](ls::Stream& st, int64_t n, std::string_view) {
          REQUIRE(n < 0);
          st.close([&](ls::Handle&) {
            REQUIRE(client3->connect("127.0.0.1", port, [&](int st3) {
              client3_status = st3;
              maybe_finish();
            }) > 0);
          });
        });
      }
      maybe_finish();
    });
    // Room for two more sockets and one accepted connection, then nothing: client2's connection is the one the
    // server cannot accept.
    FdLimit limit(env, limit_leaving(env, 3));
    REQUIRE(client1->connect("127.0.0.1", port, [&](int status) {
      REQUIRE(status == 0);
      iter_at_emfile = env.l().iteration();
      REQUIRE(client2->connect("127.0.0.1", port, [&](int st) {
        auto done = [&](int64_t end) {
          client2_end = static_cast<int>(end);
          iters_during_emfile = env.l().iteration() - iter_at_emfile;
          client2->close([&](ls::Handle&) { client1->close(); });  // frees fds: the server recovers
        };
        if (st < 0) return done(st);
        client2->read_start([done](ls::Stream&, int64_t n, std::string_view) {
          REQUIRE(n < 0);  // closed by the server's trick without a byte
          done(n);
        });
      }) > 0);
    }) > 0);
    CHECK(env.run() == 0);
    CHECK((client2_end == ls::kEOF || client2_end == -ECONNRESET));
    CHECK(iters_during_emfile <= 20);  // the listener did not spin while the fd table was full
    CHECK(conn_errors == 0);           // libuv's trick hides EMFILE from the connection callback
    CHECK(accepted.size() == 2);       // client1 and, after the recovery, client3
    CHECK(client3_status == 0);
    env.finish();
  });
}

TEST_CASE("tcp: close_reset makes the peer's read fail with ECONNRESET") {
  iotest::for_each_backend([](Env& env) {
    ls::Tcp* server = env.tcp();
    uint16_t port = iotest::listen_on_loopback(*server, [&](ls::Stream& s, int status) {
      REQUIRE(status == 0);
      ls::Tcp* c = env.tcp();
      REQUIRE(s.accept(*c) == 0);
      s.close();
      c->read_start([c](ls::Stream&, int64_t n, std::string_view) {
        CHECK(n == 1);
        CHECK(c->close_reset() == 0);
      });
    });
    ls::Tcp* client = env.tcp();
    int64_t read_error = 0;
    REQUIRE(client->connect("127.0.0.1", port, [&](int status) {
      REQUIRE(status == 0);
      client->write("x");
      client->read_start([&](ls::Stream& s, int64_t n, std::string_view) {
        read_error = n;
        CHECK_FALSE(s.is_readable());
        CHECK_FALSE(s.is_writable());
        s.close();
      });
    }) > 0);
    CHECK(env.run() == 0);
    CHECK(read_error == -ECONNRESET);
    env.finish();
  });
}

TEST_CASE("tcp: writing after the peer closed reports EPIPE to the write callback; the process lives") {
  iotest::for_each_backend([](Env& env) {
    ls::Tcp* server = env.tcp();
    uint16_t port = iotest::listen_on_loopback(*server, [&](ls::Stream& s, int status) {
      REQUIRE(status == 0);
      ls::Tcp* c = env.tcp();
      REQUIRE(s.accept(*c) == 0);
      s.close();
      c->close();  // at once: the client gets EOF
    });
    ls::Tcp* client = env.tcp();
    int writes_ok = 0, first_error = 0;
    std::function<void()> write_more = [&] {
      client->write("data after the peer left", [&](int st) {
        if (st == 0 && writes_ok < 1000) {
          ++writes_ok;
          write_more();
          return;
        }
        first_error = st;
        client->close();
      });
    };
    REQUIRE(client->connect("127.0.0.1", port, [&](int status) {
      REQUIRE(status == 0);
      client->read_start([&](ls::Stream& s, int64_t n, std::string_view) {
        CHECK(n == ls::kEOF);
        s.read_stop();
        write_more();  // the peer is gone: the first write goes out, the peer answers RST
      });
    }) > 0);
    CHECK(env.run() == 0);
    CHECK(first_error == -EPIPE);
    CHECK(writes_ok < 1000);
    env.finish();
  });
}

TEST_CASE("tcp: fd reuse inside a callback: closed handles get no event, the new socket no stale one") {
  iotest::for_each_backend([](Env& env) {
    constexpr int kClients = 3;
    ls::Tcp* server = env.tcp();
    std::vector<ls::Tcp*> incoming;
    std::set<ls::Stream*> closed_by_test;
    int events_after_close = 0, connected = 0;
    ls::Tcp* late = nullptr;
    int late_connects = 0, late_status = 1;
    bool late_was_connected = false;
    std::vector<ls::Tcp*> clients;
    uint16_t port = 0;
    auto all_write = [&] {
      for (ls::Tcp* c : clients) c->write("x");
    };
    port = iotest::listen_on_loopback(*server, [&](ls::Stream& s, int status) {
      REQUIRE(status == 0);
      ls::Tcp* c = env.tcp();
      REQUIRE(s.accept(*c) == 0);
      incoming.push_back(c);
      c->read_start([&](ls::Stream& st, int64_t n, std::string_view) {
        if (closed_by_test.count(&st)) ++events_after_close;
        if (n < 0) {
          if (!st.is_closing()) st.close();
          return;
        }
        if (late) return;
        // First readable connection of the batch: close the others (their events are in this same batch),
        // then open a socket that takes one of the freed fd numbers.
        for (ls::Tcp* other : incoming) {
          if (other == &st) continue;
          closed_by_test.insert(other);
          other->close();
        }
        late = env.tcp();
        REQUIRE(late->connect("127.0.0.1", port, [&](int s2) {
          ++late_connects;
          late_status = s2;
          ls::SockName peer;
          late_was_connected = late->getpeername(peer) == 0;  // not completed early by a stale event
          late->close();
          st.close();
          server->close();
          for (ls::Tcp* c : clients) c->close();
          for (ls::Tcp* c : incoming)
            if (!c->is_closing()) c->close();
        }) > 0);
      });
      if (static_cast<int>(incoming.size()) == kClients && connected == kClients) all_write();
    });
    for (int i = 0; i < kClients; ++i) {
      ls::Tcp* c = env.tcp();
      clients.push_back(c);
      REQUIRE(c->connect("127.0.0.1", port, [&](int st) {
        REQUIRE(st == 0);
        if (++connected == kClients && static_cast<int>(incoming.size()) == kClients) all_write();
      }) > 0);
    }
    CHECK(env.run() == 0);
    CHECK(events_after_close == 0);
    CHECK(late_connects == 1);
    CHECK(late_status == 0);
    CHECK(late_was_connected);
    env.finish();
  });
}

TEST_CASE("[emulated only] short writes of 3 bytes reassemble in order") {
  iotest::only_emulated([](Env& env) {
    env.kernel->faults().short_write_cap = 3;  // every stream write accepts at most 3 bytes
    const std::string message = iotest::pattern_block(0, 10000);
    ls::Tcp* server = env.tcp();
    std::string got;
    uint16_t port = iotest::listen_on_loopback(*server, [&](ls::Stream& s, int status) {
      REQUIRE(status == 0);
      ls::Tcp* c = env.tcp();
      REQUIRE(s.accept(*c) == 0);
      s.close();
      c->read_start([&](ls::Stream& st, int64_t n, std::string_view data) {
        if (n > 0) {
          got += data;
          return;
        }
        st.close();
      });
    });
    ls::Tcp* client = env.tcp();
    int completed = 0;
    REQUIRE(client->connect("127.0.0.1", port, [&](int status) {
      REQUIRE(status == 0);
      for (size_t off = 0; off < message.size(); off += 1000) {
        client->write(message.substr(off, 1000), [&](int st) {
          CHECK(st == 0);
          if (++completed == 10) client->close();
        });
      }
    }) > 0);
    CHECK(env.run() == 0);
    CHECK(completed == 10);
    CHECK(got == message);
    env.finish();
  });
}

TEST_CASE("[emulated only] EINTR injected into poll: retried, no event lost") {
  iotest::only_emulated([](Env& env) {
    env.kernel->faults().eintr_waits = 25;
    iotest::EchoServer srv(env);
    ls::Tcp* client = env.tcp();
    std::string got;
    REQUIRE(client->connect("127.0.0.1", srv.port, [&](int status) {
      REQUIRE(status == 0);
      client->write("through the interruptions");
      client->read_start([&](ls::Stream& s, int64_t n, std::string_view data) {
        REQUIRE(n > 0);
        got += data;
        if (got.size() == 25) {
          s.close();
          srv.server->close();
        }
      });
    }) > 0);
    CHECK(env.run() == 0);
    CHECK(got == "through the interruptions");
    CHECK(env.kernel->faults().eintr_waits == 0);
    auto* backend = dynamic_cast<ls::EmulatedBackend*>(&env.l().backend());
    REQUIRE(backend);
    CHECK(backend->eintr_retries() == 25);
    env.finish();
  });
}

}  // TEST_SUITE
