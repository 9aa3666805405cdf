// Coroutines vs callbacks on the same loop and the same scenario: what ls::coro costs over hand-written callbacks.
//   coro_bench timers STRANDS SLEEPS     STRANDS concurrent sleepers, SLEEPS sequential sleeps each, timeouts
//                                        1 + ((i*7919 + j*31) mod 1000) ms; virtual clock, null backend, so only
//                                        the timers cost (nothing sleeps for real)
//   coro_bench pingpong N                S3 of ../shared/notes/bench-scenarios.md: one TCP connection on
//                                        127.0.0.1 (epoll, real sockets, TCP_NODELAY), 4-byte PING echoed, N trips
//   coro_bench pingpong-emulated N       the same on the emulated backend (virtual clock)
//   coro_bench all                       the three with default sizes
// Option --runs R (default 5): the two styles alternate, R runs each; medians are reported.
// Output: a key=value line per run, then per scenario the medians and ratio_coro_over_callbacks (CPU time;
// <= 1.1 is the target (issue 13) — a report, never a gate).
// Both styles use the idioms of their kind at the same cost class: the callback side restarts a timer with a
// one-pointer lambda and keeps reading (read_start once); the coroutine side is what ls::coro does.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "bench_common.h"
#include "core/coro/coro.h"
#include "core/emu/emulated_backend.h"
#include "core/epoll/epoll_backend.h"
#include "core/loopscope.h"

namespace {

namespace coro = ls::coro;
using coro::task;

struct Sample {
  double cpu = 0, wall = 0;
  long units = 0;  // timer firings, or round trips
};

std::unique_ptr<ls::Loop> make_loop(const std::string& backend) {
  ls::LoopOptions o;
  if (backend == "null") {
    o.backend = ls::make_null_backend();
    o.clock = ls::ClockKind::Virtual;
  } else if (backend == "emulated") {
    o.backend = ls::make_emulated_backend();
    o.clock = ls::ClockKind::Virtual;
  } else {
    o.backend = std::make_unique<ls::EpollBackend>();
  }
  return std::make_unique<ls::Loop>(std::move(o));
}

void drain(ls::Loop& loop) {
  loop.walk([](ls::Handle& h) {
    if (!h.is_closing()) h.close();
  });
  loop.run();
}

// ---- [timers] ----

uint64_t timeout_of(long i, long j) { return 1 + static_cast<uint64_t>((i * 7919 + j * 31) % 1000); }

struct Sleeper {
  long i = 0, j = 0, sleeps = 0;
  long* fired = nullptr;
};

// "After sleep j" lives in this callback: it starts sleep j+1 on the same timer.
void on_timer(Sleeper* s, ls::Timer& t) {
  ++*s->fired;
  if (++s->j < s->sleeps) t.start([s](ls::Timer& tt) { on_timer(s, tt); }, timeout_of(s->i, s->j));
}

Sample timers_callbacks(long strands, long sleeps) {
  auto loop = make_loop("null");
  std::deque<ls::Timer> timers;
  std::vector<Sleeper> state(static_cast<size_t>(strands));
  long fired = 0;
  double w0 = bench_wall(), c0 = bench_cpu();
  for (long i = 0; i < strands; ++i) {
    Sleeper* s = &state[static_cast<size_t>(i)];
    *s = Sleeper{i, 0, sleeps, &fired};
    timers.emplace_back(*loop);
    timers.back().start([s](ls::Timer& t) { on_timer(s, t); }, timeout_of(i, 0));
  }
  loop->run();
  Sample r{bench_cpu() - c0, bench_wall() - w0, fired};
  drain(*loop);
  return r;
}

task<void> sleeper(ls::Loop& loop, long i, long sleeps, long& fired) {
  for (long j = 0; j < sleeps; ++j) {
    co_await coro::sleep(loop, timeout_of(i, j));
    ++fired;
  }
}

Sample timers_coroutines(long strands, long sleeps) {
  auto loop = make_loop("null");
  long fired = 0;
  double w0 = bench_wall(), c0 = bench_cpu();
  for (long i = 0; i < strands; ++i) coro::spawn(*loop, sleeper(*loop, i, sleeps, fired), "s");
  loop->run();  // includes closing each strand's timer at its end (the callback side closes its own in drain)
  Sample r{bench_cpu() - c0, bench_wall() - w0, fired};
  drain(*loop);
  return r;
}

// ---- [pingpong] ----

// A listening server and a client connected to it, both ends with TCP_NODELAY; `conn` is the server's end.
struct Pair {
  explicit Pair(ls::Loop& l) : server(l), client(l), conn(l) {}
  void connect(ls::Loop& loop) {
    server.bind("127.0.0.1", 0);
    server.listen(1, [this](ls::Stream& s, int) {
      s.accept(conn);
      conn.nodelay(true);
      server.close();  // S3: the listener closes after the first accept
    });
    ls::SockName name;
    server.getsockname(name);
    client.nodelay(true);
    bool connected = false;
    client.connect(name.host, name.port, [&](int status) { connected = status == 0; });
    while (!connected || conn.fileno() < 0) loop.run(ls::RunMode::Once);
  }
  ls::Tcp server, client, conn;
};

Sample pingpong_callbacks(const std::string& backend, long n) {
  auto loop = make_loop(backend);
  Pair p(*loop);
  p.connect(*loop);
  long trips = 0, bytes = 0;
  p.conn.read_start([](ls::Stream& s, int64_t nread, std::string_view data) {
    if (nread > 0) s.write(std::string(data));
  });
  double w0 = bench_wall(), c0 = bench_cpu();
  p.client.read_start([&](ls::Stream& s, int64_t nread, std::string_view) {
    if (nread <= 0) return;
    bytes += nread;
    while (bytes >= 4) {
      bytes -= 4;
      if (++trips < n) s.write("PING");
    }
    if (trips >= n) {
      s.read_stop();
      p.conn.read_stop();
    }
  });
  p.client.write("PING");
  loop->run();
  Sample r{bench_cpu() - c0, bench_wall() - w0, trips};
  drain(*loop);
  return r;
}

task<void> echo_server(ls::Tcp& conn, long n) {
  long trips = 0;
  while (trips < n) {
    std::string data = co_await coro::read(conn);
    if (data.empty()) break;
    trips += static_cast<long>(data.size() / 4);
    co_await coro::write(conn, std::move(data));
  }
}

task<void> ping_client(ls::Tcp& client, long n, long& trips) {
  long bytes = 0;
  while (trips < n) {
    co_await coro::write(client, "PING");
    while (bytes < 4) bytes += static_cast<long>((co_await coro::read(client)).size());
    bytes -= 4;
    ++trips;
  }
}

Sample pingpong_coroutines(const std::string& backend, long n) {
  auto loop = make_loop(backend);
  Pair p(*loop);
  p.connect(*loop);
  long trips = 0;
  double w0 = bench_wall(), c0 = bench_cpu();
  coro::spawn(*loop, echo_server(p.conn, n), "server");
  coro::spawn(*loop, ping_client(p.client, n, trips), "client");
  loop->run();
  Sample r{bench_cpu() - c0, bench_wall() - w0, trips};
  drain(*loop);
  return r;
}

// ---- [driver] ----

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <class CB, class CO>
void compare(const char* scenario, const char* unit, long expect, int runs, CB callbacks, CO coroutines) {
  std::vector<double> cpu[2], wall[2];
  for (int r = 0; r < runs; ++r) {
    for (int style = 0; style < 2; ++style) {
      Sample s = style == 0 ? callbacks() : coroutines();
      const char* name = style == 0 ? "callbacks" : "coroutines";
      if (s.units != expect) std::fprintf(stderr, "%s %s: %ld %s, expected %ld\n", scenario, name, s.units, unit, expect);
      cpu[style].push_back(s.cpu);
      wall[style].push_back(s.wall);
      std::printf("scenario=%s style=%s run=%d %s=%ld cpu_s=%.4f wall_s=%.4f ns_per_%s=%.1f\n", scenario, name, r,
                  unit, s.units, s.cpu, s.wall, unit, s.cpu * 1e9 / static_cast<double>(s.units ? s.units : 1));
    }
  }
  double cb = median(cpu[0]), co = median(cpu[1]);
  double n = static_cast<double>(expect);
  std::printf("scenario=%s median_cpu_s_callbacks=%.4f median_cpu_s_coroutines=%.4f ns_per_%s_callbacks=%.1f "
              "ns_per_%s_coroutines=%.1f median_wall_s_callbacks=%.4f median_wall_s_coroutines=%.4f "
              "ratio_coro_over_callbacks=%.3f target=1.1\n",
              scenario, cb, co, unit, cb * 1e9 / n, unit, co * 1e9 / n, median(wall[0]), median(wall[1]), co / cb);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s timers STRANDS SLEEPS | pingpong N | pingpong-emulated N | all [--runs R]\n",
                 argv[0]);
    return 2;
  }
  int runs = 5;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::atoi(argv[i + 1]);
  std::string mode = argv[1];
  auto arg = [&](int k, long def) { return argc > k && argv[k][0] != '-' ? std::atol(argv[k]) : def; };
  bool all = mode == "all";

  if (all || mode == "timers") {
    long strands = all ? 1000 : arg(2, 1000), sleeps = all ? 200 : arg(3, 200);
    compare("timers", "timer", strands * sleeps, runs, [=] { return timers_callbacks(strands, sleeps); },
            [=] { return timers_coroutines(strands, sleeps); });
  }
  if (all || mode == "pingpong") {
    long n = all ? 100000 : arg(2, 100000);
    compare("pingpong", "trip", n, runs, [=] { return pingpong_callbacks("epoll", n); },
            [=] { return pingpong_coroutines("epoll", n); });
  }
  if (all || mode == "pingpong-emulated") {
    long n = all ? 100000 : arg(2, 100000);
    compare("pingpong-emulated", "trip", n, runs, [=] { return pingpong_callbacks("emulated", n); },
            [=] { return pingpong_coroutines("emulated", n); });
  }
  return 0;
}
