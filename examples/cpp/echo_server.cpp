// (f) A quiet multi-connection echo server on the core (real sockets, epoll): echo_server.h serves every
// connection; this program only listens, prints one line with its port, and on SIGINT/SIGTERM stops, prints a
// summary and exits. It raises its RLIMIT_NOFILE to the hard limit so it can hold thousands of connections.
// The load test (tests/load/load_echo.cpp) starts it and drives it.
//
//   echo_server [--port N] [--backlog N]      prints "listening on 127.0.0.1:PORT", then nothing until a signal
#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/epoll/epoll_backend.h"
#include "echo_server.h"

int main(int argc, char** argv) {
  int port = 0, backlog = 4096;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--port") == 0) port = std::atoi(argv[i + 1]);
    else if (std::strcmp(argv[i], "--backlog") == 0) backlog = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: %s [--port N] [--backlog N]\n", argv[0]);
      return 2;
    }
  }
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
  ls::LoopOptions lo;
  lo.backend = std::make_unique<ls::EpollBackend>();
  lo.clock = ls::ClockKind::Monotonic;
  ls::Loop loop(std::move(lo));
  example::EchoServer server(loop);
  int r = server.start("127.0.0.1", static_cast<std::uint16_t>(port), backlog);
  if (r < 0) {
    std::fprintf(stderr, "echo_server: listen on 127.0.0.1:%d: %s\n", port, ls::strerror(r));
    return 1;
  }
  std::printf("listening on 127.0.0.1:%d\n", r);
  std::fflush(stdout);
  ls::Signal sigint(loop), sigterm(loop);
  auto quit = [&](ls::Signal&, int) {
    server.close_all();
    sigint.close();
    sigterm.close();
  };
  sigint.start(quit, SIGINT);
  sigterm.start(quit, SIGTERM);
  loop.run();
  std::printf("echo_server: accepted %llu, echoed %llu bytes, %llu errors\n",
              static_cast<unsigned long long>(server.accepted()), static_cast<unsigned long long>(server.bytes_echoed()),
              static_cast<unsigned long long>(server.errors()));
  return server.errors() == 0 ? 0 : 1;
}
