// loopscope's side of the stream benchmarks (../shared/notes/bench-scenarios.md S3, S4; the libuv peer is
// libuv_streams_peer.c; bench/bench.py runs them):
//   bench_streams pingpong N [--backend epoll|emulated]   S3: one connection in one loop, N round trips of 4 bytes
//   bench_streams pump MIB [--backend epoll|emulated]     S4: MIB MiB client -> server, 16 outstanding 64 KiB writes
//   bench_streams echo-server CONNS                        S5: prints `PORT n`, echoes until CONNS connections came
//                                                          and went, prints its CPU time (load: bench/echo_client.c)
//   bench_streams writebatch N [--backend epoll|emulated]  S7: N writes of 16 bytes issued at once, one connection
// Option --trace CAP turns tracing on. The emulated backend runs on the virtual clock with no latency: its
// figures say how fast the emulation itself is (wall time), not how fast a network is.
// One key=value result line on stdout.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench_common.h"
#include "core/loopscope.h"

namespace {

size_t g_trace = 0;
bool g_emulated = false;

std::unique_ptr<ls::Loop> new_loop() {
  ls::LoopOptions o;
  o.trace_capacity = g_trace;
  if (g_emulated) {
    o.clock = ls::ClockKind::Virtual;
    o.backend = ls::make_emulated_backend();
  }
  return std::make_unique<ls::Loop>(std::move(o));
}

const char* backend_name() { return g_emulated ? "emulated" : "epoll"; }

void close_all(ls::Loop& loop) {
  loop.walk([](ls::Handle& h) {
    if (!h.is_closing()) h.close();
  });
  loop.run();
}

uint16_t listen_any(ls::Tcp& server, ls::Stream::ConnectionCallback cb) {
  if (server.bind("127.0.0.1", 0) != 0 || server.listen(128, std::move(cb)) != 0) {
    std::fprintf(stderr, "listen failed\n");
    std::exit(1);
  }
  ls::SockName name;
  server.getsockname(name);
  return name.port;
}

// The receiving end of S4 and S7: accepts one connection and counts its bytes; once `total` have come, stops the
// clock and closes both ends.
struct Sink {
  uint64_t total;
  uint64_t received = 0;
  double w1 = 0, c1 = 0;
};

uint16_t listen_sink(ls::Tcp& server, ls::Tcp& conn, ls::Tcp& client, Sink& sink) {
  return listen_any(server, [&](ls::Stream& s, int status) {
    if (status != 0 || s.accept(conn) != 0) std::exit(1);
    server.close();
    conn.read_start([&](ls::Stream& st, int64_t nread, std::string_view) {
      if (nread < 0) {
        st.close();
        return;
      }
      sink.received += static_cast<uint64_t>(nread);
      if (sink.received == sink.total) {
        sink.w1 = bench_wall();
        sink.c1 = bench_cpu();
        st.close();
        client.close();
      }
    });
  });
}

// S3: the server echoes every read; the client sends PING, and each 4 bytes back are one round trip.
int pingpong(long n) {
  auto loop = new_loop();
  ls::Tcp server(*loop), conn(*loop), client(*loop);
  long trips = 0;
  uint64_t received = 0;
  double w0 = 0, c0 = 0, w1 = 0, c1 = 0;
  uint16_t port = listen_any(server, [&](ls::Stream& s, int status) {
    if (status != 0 || s.accept(conn) != 0) std::exit(1);
    server.close();  // one connection only
    conn.nodelay(true);
    conn.read_start([](ls::Stream& st, int64_t nread, std::string_view data) {
      if (nread > 0) {
        st.write(std::string(data));
      } else {
        st.close();
      }
    });
  });
  client.nodelay(true);
  client.connect("127.0.0.1", port, [&](int status) {
    if (status != 0) std::exit(1);
    client.read_start([&](ls::Stream& st, int64_t nread, std::string_view) {
      if (nread < 0) std::exit(1);
      received += static_cast<uint64_t>(nread);
      while (received >= 4) {
        received -= 4;
        if (++trips == n) {
          w1 = bench_wall();
          c1 = bench_cpu();
          st.close();
          return;
        }
        st.write(std::string("PING"));
      }
    });
    w0 = bench_wall();
    c0 = bench_cpu();
    client.write(std::string("PING"));
  });
  loop->run();
  if (trips != n) {
    std::fprintf(stderr, "round trips %ld of %ld\n", trips, n);
    return 1;
  }
  double wall = w1 - w0;
  std::printf("scenario=pingpong peer=loopscope backend=%s n=%ld wall_s=%.4f cpu_s=%.4f rt_per_s=%.0f "
              "us_per_rt=%.2f trace=%zu\n",
              backend_name(), n, wall, c1 - c0, static_cast<double>(n) / wall, wall * 1e6 / static_cast<double>(n),
              g_trace);
  close_all(*loop);
  return loop->close() == 0 ? 0 : 1;
}

// S4: 16 outstanding 64 KiB writes of one constant chunk (borrowed, as the C peer's uv_buf_t), each write
// callback issuing the next, until MIB MiB were issued; timed until the server has every byte.
int pump(long mib) {
  constexpr size_t kChunk = 64 * 1024;
  constexpr int kOutstanding = 16;
  const uint64_t total = static_cast<uint64_t>(mib) * 1024 * 1024;
  alignas(64) static char chunk[kChunk];  // a static array, as the C peer's
  std::memset(chunk, 'p', kChunk);
  auto loop = new_loop();
  ls::Tcp server(*loop), conn(*loop), client(*loop);
  uint64_t issued = 0;
  double w0 = 0, c0 = 0;
  Sink sink{total};
  uint16_t port = listen_sink(server, conn, client, sink);
  std::function<void(int)> next = [&](int status) {
    if (status != 0 || issued >= total) return;
    issued += kChunk;
    ls::ConstBuf b{chunk, kChunk};
    client.write_borrowed(&b, 1, next);
  };
  client.connect("127.0.0.1", port, [&](int status) {
    if (status != 0) std::exit(1);
    w0 = bench_wall();
    c0 = bench_cpu();
    for (int i = 0; i < kOutstanding; ++i) next(0);
  });
  loop->run();
  if (sink.received != total) {
    std::fprintf(stderr, "received %llu of %llu\n", static_cast<unsigned long long>(sink.received),
                 static_cast<unsigned long long>(total));
    return 1;
  }
  double wall = sink.w1 - w0;
  std::printf("scenario=pump peer=loopscope backend=%s mib=%ld wall_s=%.4f cpu_s=%.4f mib_per_s=%.0f trace=%zu\n",
              backend_name(), mib, wall, sink.c1 - c0, static_cast<double>(mib) / wall, g_trace);
  close_all(*loop);
  return loop->close() == 0 ? 0 : 1;
}

// S5: the server under test, in its own process; the load generator is bench/echo_client.c.
int echo_server(long conns) {
  auto loop = new_loop();
  ls::Tcp server(*loop);
  ls::Timer guard(*loop);
  long accepted = 0, closed = 0;
  uint16_t port = listen_any(server, [&](ls::Stream& s, int status) {
    auto* c = new ls::Tcp(*loop);
    if (status != 0 || s.accept(*c) != 0) std::exit(1);
    ++accepted;
    c->nodelay(true);
    c->read_start([&](ls::Stream& st, int64_t nread, std::string_view data) {
      if (nread > 0) {
        st.write(std::string(data));
        return;
      }
      st.close([&](ls::Handle& h) {
        delete &h;
        if (++closed == conns) {
          server.close();
          guard.close();
        }
      });
    });
  });
  guard.start([](ls::Timer&) {
    std::fprintf(stderr, "echo-server: 120 s guard reached\n");
    std::exit(1);
  }, 120000, 0);
  std::printf("PORT %u\n", port);
  std::fflush(stdout);
  loop->run();
  std::printf("scenario=echo-server peer=loopscope backend=%s conns=%ld server_cpu_s=%.4f trace=%zu\n",
              backend_name(), accepted, bench_cpu(), g_trace);
  return loop->close() == 0 ? 0 : 1;
}

// S7: N writes of one 16-byte string issued back to back (owned copies, the C++ idiom), timed until the server
// has every byte.
int writebatch(long n) {
  constexpr size_t kSmall = 16;
  const uint64_t total = static_cast<uint64_t>(n) * kSmall;
  const std::string small(kSmall, 'w');
  auto loop = new_loop();
  ls::Tcp server(*loop), conn(*loop), client(*loop);
  double w0 = 0, c0 = 0;
  Sink sink{total};
  uint16_t port = listen_sink(server, conn, client, sink);
  client.connect("127.0.0.1", port, [&](int status) {
    if (status != 0) std::exit(1);
    w0 = bench_wall();
    c0 = bench_cpu();
    for (long i = 0; i < n; ++i) client.write(small);
  });
  loop->run();
  if (n == 0 || sink.received != total) {
    std::fprintf(stderr, "received %llu of %llu\n", static_cast<unsigned long long>(sink.received),
                 static_cast<unsigned long long>(total));
    return 1;
  }
  std::printf("scenario=writebatch peer=loopscope backend=%s n=%ld wall_s=%.4f cpu_s=%.4f ns_per_write=%.1f "
              "trace=%zu\n",
              backend_name(), n, sink.w1 - w0, sink.c1 - c0, (sink.c1 - c0) * 1e9 / static_cast<double>(n), g_trace);
  close_all(*loop);
  return loop->close() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s pingpong N | pump MIB | echo-server CONNS | writebatch N [--backend epoll|emulated] "
                 "[--trace CAP]\n", argv[0]);
    return 2;
  }
  for (int i = 3; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--trace") == 0) g_trace = std::strtoul(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--backend") == 0) g_emulated = std::strcmp(argv[i + 1], "emulated") == 0;
  }
  std::string mode = argv[1];
  long arg = std::strtol(argv[2], nullptr, 10);
  if (mode == "pingpong") return pingpong(arg);
  if (mode == "pump") return pump(arg);
  if (mode == "echo-server") return echo_server(arg);
  if (mode == "writebatch") return writebatch(arg);
  std::fprintf(stderr, "unknown scenario %s\n", mode.c_str());
  return 2;
}
