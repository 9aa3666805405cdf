/* The libuv peer (Debian libuv1-dev): the same scenarios and output as bench_core.cpp, written the way a C libuv
 * user writes them (bench-scenarios.md: a malloc'd array of uv_timer_t, one shared callback). */
#include <pthread.h>
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
static uv_tcp_t listener; /* --fd: one watched idle socket, a listener nobody connects to */
static int with_fd;

static void no_connection(uv_stream_t* s, int status) {
  (void)s;
  (void)status;
}

static void stop_loopcount(void) {
  uv_idle_stop(&idle);
  if (with_fd) uv_close((uv_handle_t*)&listener, NULL);
}

static void idle_timed_cb(uv_idle_t* h) {
  (void)h;
  ++iters;
}
static void idle_fixed_cb(uv_idle_t* h) {
  (void)h;
  if (++iters == target) stop_loopcount();
}
static void stopper_cb(uv_timer_t* t) {
  (void)t;
  stop_loopcount();
}

static int loopcount(const char* scenario, long arg, int timed) {
  uv_loop_t* loop = uv_default_loop();
  uv_idle_init(loop, &idle);
  uv_timer_init(loop, &stopper);
  if (with_fd) {
    struct sockaddr_in addr;
    uv_tcp_init(loop, &listener);
    uv_ip4_addr("127.0.0.1", 0, &addr);
    if (uv_tcp_bind(&listener, (const struct sockaddr*)&addr, 0) ||
        uv_listen((uv_stream_t*)&listener, 8, no_connection)) {
      fprintf(stderr, "listen failed\n");
      return 1;
    }
  }
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
  printf("scenario=%s peer=libuv arg=%ld fd=%d iters=%ld wall_s=%.4f cpu_s=%.4f iters_per_s=%.0f "
         "ns_per_iter=%.1f\n",
         scenario, arg, with_fd, iters, wall, c1 - c0, (double)iters / wall, wall * 1e9 / (double)(iters ? iters : 1));
  uv_walk(loop, close_walk, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  return uv_loop_close(loop) == 0 ? 0 : 1;
}

/* S6: the sender waits until the loop has seen each wake-up before sending the next (no coalescing). */
static uv_async_t async;
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t seen_cond = PTHREAD_COND_INITIALIZER;
static long seen;

static void async_cb(uv_async_t* a) {
  long now;
  pthread_mutex_lock(&seen_lock);
  now = ++seen;
  pthread_cond_signal(&seen_cond);
  pthread_mutex_unlock(&seen_lock);
  if (now == target) uv_close((uv_handle_t*)a, NULL);
}

static void* sender(void* arg) {
  (void)arg;
  for (long i = 1; i <= target; ++i) {
    uv_async_send(&async);
    pthread_mutex_lock(&seen_lock);
    while (seen < i) pthread_cond_wait(&seen_cond, &seen_lock);
    pthread_mutex_unlock(&seen_lock);
  }
  return NULL;
}

static int async_wakeups(long n) {
  uv_loop_t* loop = uv_default_loop();
  pthread_t thread;
  target = n;
  uv_async_init(loop, &async, async_cb);
  double w0 = bench_wall(), c0 = bench_cpu();
  pthread_create(&thread, NULL, sender, NULL);
  if (n > 0) uv_run(loop, UV_RUN_DEFAULT);
  pthread_join(thread, NULL);
  double wall = bench_wall() - w0, cpu = bench_cpu() - c0;
  if (seen != n) {
    fprintf(stderr, "seen %ld of %ld wake-ups\n", seen, n);
    return 1;
  }
  if (n == 0) uv_close((uv_handle_t*)&async, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  printf("scenario=async peer=libuv n=%ld wall_s=%.4f cpu_s=%.4f wakeups_per_s=%.0f us_per_wakeup=%.2f\n", n, wall,
         cpu, (double)n / wall, wall * 1e6 / (double)(n ? n : 1));
  return uv_loop_close(loop) == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s timers N | loopcount-timed MS | loopcount-fixed N | async N [--fd]\n", argv[0]);
    return 2;
  }
  long arg = strtol(argv[2], NULL, 10);
  for (int i = 3; i < argc; ++i)
    if (strcmp(argv[i], "--fd") == 0) with_fd = 1;
  if (strcmp(argv[1], "async") == 0) return async_wakeups(arg);
  if (strcmp(argv[1], "timers") == 0) return timers(arg);
  if (strcmp(argv[1], "loopcount-timed") == 0) return loopcount("loopcount-timed", arg, 1);
  if (strcmp(argv[1], "loopcount-fixed") == 0) return loopcount("loopcount-fixed", arg, 0);
  fprintf(stderr, "unknown scenario %s\n", argv[1]);
  return 2;
}
