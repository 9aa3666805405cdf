/* The libuv peer (Debian libuv1-dev): the same scenarios and output as bench_core.cpp, written the way a C libuv
 * user writes them (bench-scenarios.md: a malloc'd array of uv_timer_t, one shared callback). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "bench_common.h"

static long fired, iters, target;

static void timer_cb(uv_timer_t* t) {
  (void)t;
  ++fired;
}

static void close_walk(uv_handle_t* h, void* arg) {
  (void)arg;
  if (!uv_is_closing(h)) uv_close(h, NULL);
}

static int timers(long n) {
  uv_loop_t* loop = uv_default_loop();
  uv_timer_t* handles = malloc(sizeof(uv_timer_t) * (size_t)n);
  double w0 = bench_wall(), c0 = bench_cpu();
  for (long i = 0; i < n; ++i) {
    uv_timer_init(loop, &handles[i]);
    uv_timer_start(&handles[i], timer_cb, 1 + (uint64_t)((i * 7919) % 1000), 0);
  }
  double c1 = bench_cpu();
  uv_run(loop, UV_RUN_DEFAULT);
  double w2 = bench_wall(), c2 = bench_cpu();
  if (fired != n) {
    fprintf(stderr, "fired %ld of %ld\n", fired, n);
    return 1;
  }
  double wc = bench_wall();
  uv_walk(loop, close_walk, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  double close_wall = bench_wall() - wc;
  printf("scenario=timers peer=libuv n=%ld start_cpu_s=%.4f fire_cpu_s=%.4f cpu_s=%.4f wall_s=%.4f "
         "ns_per_timer=%.1f close_wall_s=%.4f\n",
         n, c1 - c0, c2 - c1, c2 - c0, w2 - w0, (c2 - c0) * 1e9 / (double)n, close_wall);
  free(handles);
  return uv_loop_close(loop) == 0 ? 0 : 1;
}

static uv_idle_t idle;
static uv_timer_t stopper;

static void idle_timed_cb(uv_idle_t* h) {
  (void)h;
  ++iters;
}
static void idle_fixed_cb(uv_idle_t* h) {
  if (++iters == target) uv_idle_stop(h);
}
static void stopper_cb(uv_timer_t* t) {
  (void)t;
  uv_idle_stop(&idle);
}

static int loopcount(const char* scenario, long arg, int timed) {
  uv_loop_t* loop = uv_default_loop();
  uv_idle_init(loop, &idle);
  uv_timer_init(loop, &stopper);
  target = arg;
  if (timed) {
    uv_idle_start(&idle, idle_timed_cb);
    uv_timer_start(&stopper, stopper_cb, (uint64_t)arg, 0);
  } else {
    uv_idle_start(&idle, idle_fixed_cb);
  }
  double w0 = bench_wall(), c0 = bench_cpu();
  uv_run(loop, UV_RUN_DEFAULT);
  double w1 = bench_wall(), c1 = bench_cpu();
  double wall = w1 - w0;
  printf("scenario=%s peer=libuv arg=%ld iters=%ld wall_s=%.4f cpu_s=%.4f iters_per_s=%.0f ns_per_iter=%.1f\n",
         scenario, arg, iters, wall, c1 - c0, (double)iters / wall, wall * 1e9 / (double)(iters ? iters : 1));
  uv_walk(loop, close_walk, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  return uv_loop_close(loop) == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s timers N | loopcount-timed MS | loopcount-fixed N\n", argv[0]);
    return 2;
  }
  long arg = strtol(argv[2], NULL, 10);
  if (strcmp(argv[1], "timers") == 0) return timers(arg);
  if (strcmp(argv[1], "loopcount-timed") == 0) return loopcount("loopcount-timed", arg, 1);
  if (strcmp(argv[1], "loopcount-fixed") == 0) return loopcount("loopcount-fixed", arg, 0);
  fprintf(stderr, "unknown scenario %s\n", argv[1]);
  return 2;
}
