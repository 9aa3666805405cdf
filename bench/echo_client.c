/* The S5 load generator, one program for every echo server under test (../shared/notes/bench-scenarios.md):
 *   echo_client PORT CONNS MSGS SIZE
 * opens CONNS connections to 127.0.0.1:PORT (TCP_NODELAY); once all are connected the clock starts and each
 * connection does MSGS sequential round trips of SIZE bytes, then closes. The clock stops when the last one has
 * closed. Written against libuv (Debian libuv1-dev) because it is the same for every server; it runs in its own
 * process, so its cost never counts against the server. A 120 s guard timer fails a stuck run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "bench_common.h"

typedef struct {
  uv_tcp_t tcp;
  uv_connect_t connect;
  uv_write_t write;
  long trips;
  size_t got;
} conn_t;

static uv_loop_t* loop;
static conn_t* conns;
static long nconns, msgs, connected, closed;
static size_t size;
static char* message;
static char read_buf[64 * 1024];
static uv_timer_t guard;
static double w0, w1;

static void alloc_cb(uv_handle_t* h, size_t suggested, uv_buf_t* buf) {
  (void)h;
  (void)suggested;
  *buf = uv_buf_init(read_buf, sizeof read_buf);
}

static void send_one(conn_t* c) {
  uv_buf_t b = uv_buf_init(message, (unsigned)size);
  if (uv_write(&c->write, (uv_stream_t*)&c->tcp, &b, 1, NULL)) exit(1);
}

static void on_closed(uv_handle_t* h) {
  (void)h;
  if (++closed == nconns) {
    w1 = bench_wall();
    uv_close((uv_handle_t*)&guard, NULL);
  }
}

static void on_read(uv_stream_t* s, ssize_t n, const uv_buf_t* buf) {
  conn_t* c = (conn_t*)s;
  (void)buf;
  if (n < 0) {
    fprintf(stderr, "echo_client: read: %s\n", uv_strerror((int)n));
    exit(1);
  }
  c->got += (size_t)n;
  if (c->got < size) return;
  if (c->got > size) {
    fprintf(stderr, "echo_client: more bytes than sent\n");
    exit(1);
  }
  c->got = 0;
  if (++c->trips == msgs) {
    uv_close((uv_handle_t*)s, on_closed);
  } else {
    send_one(c);
  }
}

static void on_connect(uv_connect_t* req, int status) {
  (void)req;
  if (status) {
    fprintf(stderr, "echo_client: connect: %s\n", uv_strerror(status));
    exit(1);
  }
  if (++connected < nconns) return;
  w0 = bench_wall();
  for (long i = 0; i < nconns; ++i) {
    uv_read_start((uv_stream_t*)&conns[i].tcp, alloc_cb, on_read);
    send_one(&conns[i]);
  }
}

static void guard_fired(uv_timer_t* t) {
  (void)t;
  fprintf(stderr, "echo_client: 120 s guard reached after %ld of %ld connections closed\n", closed, nconns);
  exit(1);
}

int main(int argc, char** argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s PORT CONNS MSGS SIZE\n", argv[0]);
    return 2;
  }
  int port = atoi(argv[1]);
  nconns = atol(argv[2]);
  msgs = atol(argv[3]);
  size = (size_t)atol(argv[4]);
  if (port <= 0 || nconns <= 0 || msgs <= 0 || size == 0 || size > sizeof read_buf) {
    fprintf(stderr, "echo_client: PORT, CONNS, MSGS and SIZE must be positive (SIZE <= 64 KiB)\n");
    return 2;
  }
  loop = uv_default_loop();
  conns = calloc((size_t)nconns, sizeof *conns);
  message = malloc(size);
  memset(message, 'e', size);
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", port, &addr);
  for (long i = 0; i < nconns; ++i) {
    uv_tcp_init(loop, &conns[i].tcp);
    uv_tcp_nodelay(&conns[i].tcp, 1);
    if (uv_tcp_connect(&conns[i].connect, &conns[i].tcp, (const struct sockaddr*)&addr, on_connect)) return 1;
  }
  uv_timer_init(loop, &guard);
  uv_timer_start(&guard, guard_fired, 120000, 0);
  uv_run(loop, UV_RUN_DEFAULT);
  double wall = w1 - w0;
  long trips = nconns * msgs;
  printf("scenario=echo-client conns=%ld msgs=%ld size=%zu wall_s=%.4f rt_per_s=%.0f client_cpu_s=%.4f\n", nconns,
         msgs, size, wall, (double)trips / wall, bench_cpu());
  free(conns);
  free(message);
  return uv_loop_close(loop) == 0 ? 0 : 1;
}
