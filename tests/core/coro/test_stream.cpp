// Stream awaitables on both backends (real sockets on epoll, the emulated kernel): echo round trips with a
// coroutine server and coroutine clients, EOF, ECONNREFUSED, cancellation of read / accept / write on close,
// handle_ptr unwinding, and the keep-reading rule of read().
#include <string>
#include <vector>

#include "coro_support.h"
#include "io/io_support.h"

namespace {

using ls::coro::task;
namespace coro = ls::coro;

// Echoes one connection until EOF, then closes it.
task<void> echo_session(coro::handle_ptr<ls::Tcp> client) {
  for (;;) {
    std::string data = co_await coro::read(*client);
    if (data.empty()) break;  // EOF
    co_await coro::write(*client, data);
  }
  co_await coro::close(std::move(client));
}

// Accepts `n` connections, one strand each, then closes the listener.
task<void> echo_server(ls::Loop& loop, ls::Tcp& server, int n) {
  for (int i = 0; i < n; ++i) {
    auto client = coro::make_handle<ls::Tcp>(loop);
    co_await coro::accept(server, *client);
    coro::spawn(loop, echo_session(std::move(client)), "session " + std::to_string(i));
  }
  co_await coro::close(server);
}

// Sends each message, reads its echo back (the reply may come in pieces), then shuts down and expects EOF.
task<std::string> echo_client(ls::Loop& loop, uint16_t port, std::vector<std::string> messages) {
  auto c = coro::make_handle<ls::Tcp>(loop);
  co_await coro::connect(*c, "127.0.0.1", port);
  std::string all;
  for (const std::string& m : messages) {
    co_await coro::write(*c, m);
    std::string got;
    while (got.size() < m.size()) got += co_await coro::read(*c);
    all += got + ";";
  }
  co_await coro::shutdown(*c);
  std::string rest = co_await coro::read(*c);
  all += rest.empty() ? "eof" : "unexpected:" + rest;
  co_await coro::close(std::move(c));
  co_return all;
}

uint16_t listening_port(ls::Tcp& server) {
  REQUIRE(server.bind("127.0.0.1", 0) == 0);
  REQUIRE(coro::listen(server) == 0);
  ls::SockName name;
  REQUIRE(server.getsockname(name) == 0);
  return name.port;
}

}  // namespace

TEST_SUITE("coro") {

TEST_CASE("stream: echo round trip, coroutine server and client") {
  iotest::for_each_backend([](iotest::Env& env) {
    ls::Loop& loop = env.l();
    ls::Tcp* server = env.tcp();
    uint16_t port = listening_port(*server);
    coro::spawn(loop, echo_server(loop, *server, 1), "server");
    std::string got = coro::run(loop, echo_client(loop, port, {"hello", "event", "loop"}), "client");
    CHECK(got == "hello;event;loop;eof");
    CHECK(coro::strands_of(loop).empty());
    CHECK(coro::unhandled_failures().empty());
    env.finish();
  });
}

TEST_CASE("stream: 20 concurrent clients through when_all") {
  iotest::for_each_backend([](iotest::Env& env) {
    ls::Loop& loop = env.l();
    ls::Tcp* server = env.tcp();
    uint16_t port = listening_port(*server);
    coro::spawn(loop, echo_server(loop, *server, 20), "server");
    auto clients = [&]() -> task<std::vector<std::string>> {
      std::vector<task<std::string>> all;
      for (int i = 0; i < 20; ++i) all.push_back(echo_client(loop, port, {"c" + std::to_string(i), "x"}));
      co_return co_await coro::when_all(std::move(all));
    };
    std::vector<std::string> got = coro::run(loop, clients(), "clients");
    REQUIRE(got.size() == 20);
    for (int i = 0; i < 20; ++i) CHECK(got[static_cast<size_t>(i)] == "c" + std::to_string(i) + ";x;eof");
    env.finish();
  });
}

TEST_CASE("stream: ECONNREFUSED is thrown at the connect") {
  iotest::for_each_backend([](iotest::Env& env) {
    ls::Loop& loop = env.l();
    uint16_t port = 0;
    {
      ls::Tcp* probe = env.tcp();
      REQUIRE(probe->bind("127.0.0.1", 0) == 0);
      REQUIRE(probe->listen(1, [](ls::Stream&, int) {}) == 0);
      ls::SockName name;
      REQUIRE(probe->getsockname(name) == 0);
      port = name.port;
      probe->close();
      loop.run();  // the probe's close completes: nothing listens on `port` any more
    }
    auto t = [&]() -> task<int> {
      auto c = coro::make_handle<ls::Tcp>(loop);
      try {
        co_await coro::connect(*c, "127.0.0.1", port);
      } catch (const coro::error& e) {
        co_return e.code();
      }
      co_return 0;
    };  // `c` is closed and freed by its handle_ptr
    CHECK(coro::run(loop, t()) == -ECONNREFUSED);
    env.finish();
  });
}

TEST_CASE("stream: closing a stream resumes its reader, and a pending accept, with ECANCELED") {
  iotest::for_each_backend([](iotest::Env& env) {
    ls::Loop& loop = env.l();
    ls::Tcp* server = env.tcp();
    uint16_t port = listening_port(*server);
    std::vector<std::string> log;
    auto reader = [&]() -> task<void> {
      auto conn = coro::make_handle<ls::Tcp>(loop);
      co_await coro::accept(*server, *conn);
      coro::spawn(loop, [](ls::Tcp& c, std::vector<std::string>& l) -> task<void> {
        try {
          co_await coro::read(c);
          l.push_back("read returned");
        } catch (const coro::error& e) {
          l.push_back(std::string("read: ") + e.name());
        }
      }(*conn, log), "reader");
      co_await coro::close(std::move(conn));  // the reader, suspended on conn, is resumed first
      log.push_back("closed conn");
      try {
        auto second = coro::make_handle<ls::Tcp>(loop);
        co_await coro::accept(*server, *second);  // nobody connects again: cancelled by the close below
        log.push_back("accepted?");
      } catch (const coro::error& e) {
        log.push_back(std::string("accept: ") + e.name());
      }
    };
    auto closer = [&]() -> task<void> {
      auto c = coro::make_handle<ls::Tcp>(loop);
      co_await coro::connect(*c, "127.0.0.1", port);
      while (log.size() < 2) co_await coro::sleep(loop, 1);
      co_await coro::close(*server);
      co_await coro::close(std::move(c));
    };
    coro::spawn(loop, reader(), "acceptor");
    coro::run(loop, closer(), "closer");
    CHECK(log == std::vector<std::string>{"read: ECANCELED", "closed conn", "accept: ECANCELED"});
    env.finish();
  });
}

TEST_CASE("stream: a write still queued when the stream closes throws ECANCELED") {
  iotest::for_each_backend([](iotest::Env& env) {
    ls::Loop& loop = env.l();
    ls::Tcp* server = env.tcp();
    uint16_t port = listening_port(*server);
    ls::Tcp* peer = env.tcp();  // accepted, never read: the writer's data piles up
    int write_status = 1;
    auto writer = [&]() -> task<void> {
      auto c = coro::make_handle<ls::Tcp>(loop);
      co_await coro::connect(*c, "127.0.0.1", port);
      co_await coro::accept(*server, *peer);
      ls::Tcp* raw = c.get();
      coro::spawn(loop, [](ls::Loop& l, ls::Tcp& t) -> task<void> {
        co_await coro::sleep(l, 20);
        co_await coro::close(t);
      }(loop, *raw), "closer");
      try {
        co_await coro::write(*c, std::string(32u << 20, 'x'));  // far more than any socket buffer
        write_status = 0;
      } catch (const coro::error& e) {
        write_status = e.code();
      }
      co_await coro::close(*peer);
      co_await coro::close(*server);  // nothing is left: the run ends here, not at the watchdog
    };  // c: already closed by the other strand; the handle_ptr frees it when that close is over
    coro::run(loop, writer());
    CHECK(write_status == -ECANCELED);
    env.finish();
  });
}

TEST_CASE("stream: a throw unwinding a frame closes and frees its handle_ptr handles") {
  iotest::for_each_backend([](iotest::Env& env) {
    ls::Loop& loop = env.l();
    auto t = [&]() -> task<void> {
      auto a = coro::make_handle<ls::Tcp>(loop);
      auto b = coro::make_handle<ls::Tcp>(loop);
      REQUIRE(a->bind("127.0.0.1", 0) == 0);
      co_await coro::sleep(loop, 1);
      throw std::runtime_error("unwind");
    };
    CHECK_THROWS_WITH(coro::run(loop, t()), "unwind");
    CHECK(loop.inspect().handles.size() == 1);  // the watchdog timer only: a and b were closed and freed
    env.finish();
  });
}

TEST_CASE("stream: read() stops reading when nobody awaits, so unread data waits in the kernel") {
  iotest::for_each_backend([](iotest::Env& env) {
    ls::Loop& loop = env.l();
    ls::Tcp* server = env.tcp();
    uint16_t port = listening_port(*server);
    ls::Tcp* conn = env.tcp();
    bool reading_while_asleep = true;
    auto t = [&]() -> task<std::string> {
      auto c = coro::make_handle<ls::Tcp>(loop);
      co_await coro::connect(*c, "127.0.0.1", port);
      co_await coro::accept(*server, *conn);
      co_await coro::write(*c, "one");
      std::string first = co_await coro::read(*conn);
      co_await coro::sleep(loop, 5);  // not reading now: the stream must not be either
      reading_while_asleep = conn->is_reading();
      co_await coro::write(*c, "two");
      std::string second;
      while (second.size() < 3) second += co_await coro::read(*conn);
      co_await coro::close(std::move(c));
      co_await coro::close(*conn);
      co_await coro::close(*server);  // nothing is left: the run ends here, not at the watchdog
      co_return first + second;
    };
    CHECK(coro::run(loop, t()) == "onetwo");
    CHECK_FALSE(reading_while_asleep);
    env.finish();
  });
}

}  // TEST_SUITE
