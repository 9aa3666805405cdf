// loopscope's side of the benchmark scenarios (see bench_libuv_peer.c for the same in C against libuv):
//   bench_core timers N              S1: N one-shot timers, timeout 1 + (i*7919 mod 1000) ms
//   bench_core loopcount-timed MS    S2: one idle handle, a timer at MS stops it; iterations per second
//   bench_core loopcount-fixed N     S2: the idle callback stops itself after N iterations (for callgrind)
//   bench_core async N               S6: another thread sends N wake-ups, each after the previous one was seen
// Option --trace CAP turns tracing on (ring of CAP events) to show what it costs; off is the default.
// Option --fd adds one watched idle socket (a listener nobody connects to), so every iteration polls.
// One key=value result line on stdout.
#include <cstdio>
#include <cstdlib>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "bench_common.h"
#include "core/loopscope.h"

namespace {

size_t g_trace = 0;
bool g_fd = false;


std::unique_ptr<ls::Loop> new_loop() {
  ls::LoopOptions o;
  o.trace_capacity = g_trace;
  return std::make_unique<ls::Loop>(std::move(o));
}

void close_all(ls::Loop& loop) {
  loop.walk([](ls::Handle& h) {
    if (!h.is_closing()) h.close();
  });
  loop.run();
}

int timers(long n) {
  auto loop = new_loop();
  std::deque<ls::Timer> handles;  // stable addresses, no per-timer heap block
  long fired = 0;
  double w0 = bench_wall(), c0 = bench_cpu();
  for (long i = 0; i < n; ++i) {
    handles.emplace_back(*loop);
    handles.back().start([&fired](ls::Timer&) { ++fired; }, 1 + static_cast<uint64_t>((i * 7919) % 1000), 0);
  }
  double c1 = bench_cpu();
  loop->run();
  double w2 = bench_wall(), c2 = bench_cpu();
  if (fired != n) {
    std::fprintf(stderr, "fired %ld of %ld\n", fired, n);
    return 1;
  }
  double wc = bench_wall();
  close_all(*loop);
  double close_wall = bench_wall() - wc;
  std::printf("scenario=timers peer=loopscope n=%ld start_cpu_s=%.4f fire_cpu_s=%.4f cpu_s=%.4f wall_s=%.4f "
              "ns_per_timer=%.1f close_wall_s=%.4f trace=%zu\n",
              n, c1 - c0, c2 - c1, c2 - c0, w2 - w0, (c2 - c0) * 1e9 / static_cast<double>(n), close_wall, g_trace);
  if (loop->close() != 0) return 1;
  return 0;
}

int loopcount(const char* scenario, long arg, bool timed) {
  auto loop = new_loop();
  ls::Idle idle(*loop);
  ls::Timer stopper(*loop);
  ls::Tcp listener(*loop);
  if (g_fd && (listener.bind("127.0.0.1", 0) != 0 || listener.listen(8, [](ls::Stream&, int) {}) != 0)) {
    std::fprintf(stderr, "listen failed\n");
    return 1;
  }
  long iters = 0;
  if (timed) {
    idle.start([&iters](ls::Idle&) { ++iters; });
    stopper.start([&](ls::Timer&) {
      idle.stop();
      if (g_fd) listener.close();
    }, static_cast<uint64_t>(arg), 0);
  } else {
    idle.start([&, arg](ls::Idle& h) {
      if (++iters < arg) return;
      h.stop();
      if (g_fd) listener.close();
    });
  }
  double w0 = bench_wall(), c0 = bench_cpu();
  loop->run();
  double w1 = bench_wall(), c1 = bench_cpu();
  double wall = w1 - w0;
  std::printf("scenario=%s peer=loopscope arg=%ld fd=%d iters=%ld wall_s=%.4f cpu_s=%.4f iters_per_s=%.0f "
              "ns_per_iter=%.1f trace=%zu\n",
              scenario, arg, g_fd ? 1 : 0, iters, wall, c1 - c0, static_cast<double>(iters) / wall,
              wall * 1e9 / static_cast<double>(iters ? iters : 1), g_trace);
  close_all(*loop);
  return loop->close() == 0 ? 0 : 1;
}

// S6: the sender waits until the loop has seen each wake-up before sending the next, so every send is one
// wake-up of a blocked loop (sends that overlap would coalesce into one callback).
int async_wakeups(long n) {
  auto loop = new_loop();
  std::mutex m;
  std::condition_variable cv;
  long seen = 0;
  ls::Async async(*loop, [&](ls::Async& a) {
    long now;
    {
      std::lock_guard<std::mutex> g(m);
      now = ++seen;
    }
    cv.notify_one();
    if (now == n) a.close();
  });
  double w0 = bench_wall(), c0 = bench_cpu();
  std::thread sender([&] {
    for (long i = 1; i <= n; ++i) {
      async.send();
      std::unique_lock<std::mutex> g(m);
      cv.wait(g, [&] { return seen >= i; });
    }
  });
  if (n > 0) loop->run();
  sender.join();
  double wall = bench_wall() - w0, cpu = bench_cpu() - c0;
  if (seen != n) {
    std::fprintf(stderr, "seen %ld of %ld wake-ups\n", seen, n);
    return 1;
  }
  if (n == 0) async.close();
  std::printf("scenario=async peer=loopscope n=%ld wall_s=%.4f cpu_s=%.4f wakeups_per_s=%.0f us_per_wakeup=%.2f "
              "trace=%zu\n",
              n, wall, cpu, static_cast<double>(n) / wall, wall * 1e6 / static_cast<double>(n ? n : 1), g_trace);
  close_all(*loop);
  return loop->close() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s timers N | loopcount-timed MS | loopcount-fixed N | async N [--fd] [--trace CAP]\n",
                 argv[0]);
    return 2;
  }
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--fd") == 0) g_fd = true;
    if (i + 1 < argc && std::strcmp(argv[i], "--trace") == 0) g_trace = std::strtoul(argv[i + 1], nullptr, 10);
  }
  std::string mode = argv[1];
  long arg = std::strtol(argv[2], nullptr, 10);
  if (mode == "timers") return timers(arg);
  if (mode == "loopcount-timed") return loopcount("loopcount-timed", arg, true);
  if (mode == "loopcount-fixed") return loopcount("loopcount-fixed", arg, false);
  if (mode == "async") return async_wakeups(arg);
  std::fprintf(stderr, "unknown scenario %s\n", mode.c_str());
  return 2;
}
