// (c) The echo server and client of echo_callbacks.cpp again, with C++20 coroutines over the same loop. Each
// side now reads top to bottom — accept, then read/write until EOF; connect, then send/receive kMessages
// times — and a plain `for` loop replaces the callback cycle on_connect -> do_echo -> on_write_end ->
// echo_read -> do_echo. Nothing blocks: every co_await hands control back to the loop, exactly where the
// callback version returned from a callback, and the loop resumes the coroutine from the callback it would
// have called. The program prints the same lines as echo_callbacks, in the same order.
//
//   echo_coroutines [--backend epoll|emulated]
#include <cstdio>
#include <memory>
#include <string>

#include "core/coro/coro.h"
#include "example_loop.h"

namespace {

namespace coro = ls::coro;
using coro::task;

constexpr int kMessages = 5;

// The server: one client, echoed until it closes; then the listener closes too.
task<void> serve_one(ls::Loop& loop, ls::Tcp& server) {
  auto client = coro::make_handle<ls::Tcp>(loop);  // closed and freed however this coroutine ends
  co_await coro::accept(server, *client);
  std::printf("server: accepted a new connection\n");
  for (;;) {
    std::string data = co_await coro::read(*client);
    if (data.empty()) break;  // end of stream: the client closed
    std::printf("server: echo '%s'\n", data.c_str());
    co_await coro::write(*client, data);
  }
  std::printf("server: the client closed, closing too\n");
  co_await coro::close(std::move(client));
  co_await coro::close(server);
}

// The client: connect, then a plain loop of send + wait for the echo.
task<void> echo_client(ls::Loop& loop, std::string host, uint16_t port) {
  auto socket = coro::make_handle<ls::Tcp>(loop);
  co_await coro::connect(*socket, host, port);
  std::printf("client: connected\n");
  for (int i = 1; i <= kMessages; ++i) {
    std::string message = "message " + std::to_string(i);
    std::printf("client: send '%s'\n", message.c_str());
    co_await coro::write(*socket, message);
    std::string reply = co_await coro::read(*socket);
    std::printf("client: got '%s'\n", reply.c_str());
  }
  std::printf("client: %d echoes, closing\n", kMessages);
  co_await coro::close(std::move(socket));
}

// An error escaping a strand: print it like the callback version prints its errors.
void report(const coro::failure& f) { std::fprintf(stderr, "%s: %s\n", f.task.c_str(), f.message.c_str()); }

}  // namespace

int main(int argc, char** argv) {
  example::Options opt = example::parse(argc, argv, "epoll");
  std::unique_ptr<ls::Loop> loop = example::make_loop(opt);

  ls::Tcp server(*loop);
  server.bind("127.0.0.1", 0);
  if (int r = coro::listen(server); r < 0) {
    std::fprintf(stderr, "listen error %s\n", ls::strerror(r));
    return 1;
  }
  ls::SockName name;
  server.getsockname(name);
  std::printf("server: listening on %s\n", name.host.c_str());

  coro::spawn(*loop, serve_one(*loop, server), "server", report);
  coro::spawn(*loop, echo_client(*loop, name.host, name.port), "client", report);

  loop->run();  // returns when nothing is left: both strands ended, every handle closed
  std::printf("loop ended (%s backend)\n", opt.backend.c_str());
  return loop->close() == 0 ? 0 : 1;
}
