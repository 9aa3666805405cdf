/* The libuv peer of bench_streams (Debian libuv1-dev): S3 ping-pong and S4 pump written the way a C libuv user
 * writes them (bench-scenarios.md: uv_write of a malloc'd copy freed in the write callback, a static 64 KiB read
 * buffer; the pump writes one constant chunk with 16 requests outstanding). Same output line as bench_streams.
 *   libuv_streams_peer pingpong N | pump MIB | echo-server CONNS | writebatch N
 * echo-server (S5): prints `PORT n`, echoes on every connection (TCP_NODELAY), exits after CONNS connections have
 * come and gone, printing its whole-process CPU time; bench/echo_client.c is the load generator.
 * writebatch (S7): N writes of 16 bytes issued at once on one connection (borrowed buffer, one uv_write_t each),
 * timed until the server has every byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "bench_common.h"

#define CHUNK (64 * 1024)
#define OUTSTANDING 16

static uv_loop_t* loop;
static uv_tcp_t server, conn, client;
static char read_buf[CHUNK];
static long target, trips;
static unsigned long long received, issued, total;
static double w0, c0, w1, c1;

static void alloc_cb(uv_handle_t* h, size_t size, uv_buf_t* buf) {
  (void)h;
  (void)size;
  *buf = uv_buf_init(read_buf, sizeof read_buf);
}

static void close_walk(uv_handle_t* h, void* arg) {
  (void)arg;
  if (!uv_is_closing(h)) uv_close(h, NULL);
}

static int listen_any(uv_connection_cb cb) {
  struct sockaddr_in addr;
  struct sockaddr_storage name;
  int len = sizeof name;
  uv_tcp_init(loop, &server);
  uv_ip4_addr("127.0.0.1", 0, &addr);
  if (uv_tcp_bind(&server, (const struct sockaddr*)&addr, 0) || uv_listen((uv_stream_t*)&server, 128, cb)) exit(1);
  uv_tcp_getsockname(&server, (struct sockaddr*)&name, &len);
  return ntohs(((struct sockaddr_in*)&name)->sin_port);
}

/* ---- S3 ping-pong ---- */

typedef struct {
  uv_write_t req;
  uv_buf_t buf;
} write_req_t;

static void free_write(uv_write_t* req, int status) {
  write_req_t* w = (write_req_t*)req;
  (void)status;
  free(w->buf.base);
  free(w);
}

static void write_copy(uv_stream_t* s, const char* data, size_t len) {
  write_req_t* w = malloc(sizeof *w);
  w->buf = uv_buf_init(malloc(len), (unsigned)len);
  memcpy(w->buf.base, data, len);
  uv_write(&w->req, s, &w->buf, 1, free_write);
}

static void echo_read(uv_stream_t* s, ssize_t n, const uv_buf_t* buf) {
  if (n > 0) {
    write_copy(s, buf->base, (size_t)n);
  } else if (n < 0) {
    uv_close((uv_handle_t*)s, NULL);
  }
}

static void pp_connection(uv_stream_t* s, int status) {
  if (status || uv_tcp_init(loop, &conn) || uv_accept(s, (uv_stream_t*)&conn)) exit(1);
  uv_close((uv_handle_t*)&server, NULL);
  uv_tcp_nodelay(&conn, 1);
  uv_read_start((uv_stream_t*)&conn, alloc_cb, echo_read);
}

static void pp_client_read(uv_stream_t* s, ssize_t n, const uv_buf_t* buf) {
  (void)buf;
  if (n < 0) exit(1);
  received += (unsigned long long)n;
  while (received >= 4) {
    received -= 4;
    if (++trips == target) {
      w1 = bench_wall();
      c1 = bench_cpu();
      uv_close((uv_handle_t*)s, NULL);
      return;
    }
    write_copy(s, "PING", 4);
  }
}

static void pp_connect(uv_connect_t* req, int status) {
  (void)req;
  if (status) exit(1);
  uv_read_start((uv_stream_t*)&client, alloc_cb, pp_client_read);
  w0 = bench_wall();
  c0 = bench_cpu();
  write_copy((uv_stream_t*)&client, "PING", 4);
}

static int pingpong(long n) {
  static uv_connect_t creq;
  struct sockaddr_in addr;
  loop = uv_default_loop();
  target = n;
  int port = listen_any(pp_connection);
  uv_tcp_init(loop, &client);
  uv_tcp_nodelay(&client, 1);
  uv_ip4_addr("127.0.0.1", port, &addr);
  uv_tcp_connect(&creq, &client, (const struct sockaddr*)&addr, pp_connect);
  uv_run(loop, UV_RUN_DEFAULT);
  if (trips != n) {
    fprintf(stderr, "round trips %ld of %ld\n", trips, n);
    return 1;
  }
  double wall = w1 - w0;
  printf("scenario=pingpong peer=libuv backend=epoll n=%ld wall_s=%.4f cpu_s=%.4f rt_per_s=%.0f us_per_rt=%.2f\n", n,
         wall, c1 - c0, (double)n / wall, wall * 1e6 / (double)n);
  uv_walk(loop, close_walk, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  return uv_loop_close(loop) == 0 ? 0 : 1;
}

/* ---- S4 pump ---- */

static char chunk[CHUNK];
static uv_write_t wreqs[OUTSTANDING];

static void pump_write(uv_write_t* req);

static void pump_written(uv_write_t* req, int status) {
  if (status == 0) pump_write(req);
}

static void pump_write(uv_write_t* req) {
  if (issued >= total) return;
  issued += CHUNK;
  uv_buf_t b = uv_buf_init(chunk, CHUNK);
  uv_write(req, (uv_stream_t*)&client, &b, 1, pump_written);
}

/* The receiving end of S4 and S7: counts bytes; once `total` have come, stops the clock and closes both ends. */
static void sink_read(uv_stream_t* s, ssize_t n, const uv_buf_t* buf) {
  (void)buf;
  if (n < 0) {
    uv_close((uv_handle_t*)s, NULL);
    return;
  }
  received += (unsigned long long)n;
  if (received == total) {
    w1 = bench_wall();
    c1 = bench_cpu();
    uv_close((uv_handle_t*)s, NULL);
    uv_close((uv_handle_t*)&client, NULL);
  }
}

static void sink_connection(uv_stream_t* s, int status) {
  if (status || uv_tcp_init(loop, &conn) || uv_accept(s, (uv_stream_t*)&conn)) exit(1);
  uv_close((uv_handle_t*)&server, NULL);
  uv_read_start((uv_stream_t*)&conn, alloc_cb, sink_read);
}

static void pump_connect(uv_connect_t* req, int status) {
  (void)req;
  if (status) exit(1);
  w0 = bench_wall();
  c0 = bench_cpu();
  for (int i = 0; i < OUTSTANDING; ++i) pump_write(&wreqs[i]);
}

static int pump(long mib) {
  static uv_connect_t creq;
  struct sockaddr_in addr;
  loop = uv_default_loop();
  total = (unsigned long long)mib * 1024 * 1024;
  memset(chunk, 'p', sizeof chunk);
  int port = listen_any(sink_connection);
  uv_tcp_init(loop, &client);
  uv_ip4_addr("127.0.0.1", port, &addr);
  uv_tcp_connect(&creq, &client, (const struct sockaddr*)&addr, pump_connect);
  uv_run(loop, UV_RUN_DEFAULT);
  if (received != total) {
    fprintf(stderr, "received %llu of %llu\n", received, total);
    return 1;
  }
  double wall = w1 - w0;
  printf("scenario=pump peer=libuv backend=epoll mib=%ld wall_s=%.4f cpu_s=%.4f mib_per_s=%.0f\n", mib, wall, c1 - c0,
         (double)mib / wall);
  uv_walk(loop, close_walk, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  return uv_loop_close(loop) == 0 ? 0 : 1;
}

/* ---- S5 echo server ---- */

static long conns_wanted, conns_accepted, conns_closed;
static uv_timer_t guard;

static void free_conn(uv_handle_t* h) {
  free(h);
  if (++conns_closed == conns_wanted) {
    uv_close((uv_handle_t*)&server, NULL);
    uv_close((uv_handle_t*)&guard, NULL);
  }
}

static void echo_server_read(uv_stream_t* s, ssize_t n, const uv_buf_t* buf) {
  if (n > 0) {
    write_copy(s, buf->base, (size_t)n);
  } else if (n < 0) {
    uv_close((uv_handle_t*)s, free_conn);
  }
}

static void echo_connection(uv_stream_t* s, int status) {
  uv_tcp_t* c = malloc(sizeof *c);
  if (status || uv_tcp_init(loop, c) || uv_accept(s, (uv_stream_t*)c)) exit(1);
  uv_tcp_nodelay(c, 1);
  uv_read_start((uv_stream_t*)c, alloc_cb, echo_server_read);
  ++conns_accepted;
}

static void guard_fired(uv_timer_t* t) {
  (void)t;
  fprintf(stderr, "echo-server: 120 s guard reached\n");
  exit(1);
}

static int echo_server(long conns) {
  loop = uv_default_loop();
  conns_wanted = conns;
  int port = listen_any(echo_connection);
  uv_timer_init(loop, &guard);
  uv_timer_start(&guard, guard_fired, 120000, 0);
  printf("PORT %d\n", port);
  fflush(stdout);
  uv_run(loop, UV_RUN_DEFAULT);
  printf("scenario=echo-server peer=libuv backend=epoll conns=%ld server_cpu_s=%.4f\n", conns_accepted, bench_cpu());
  return uv_loop_close(loop) == 0 ? 0 : 1;
}

/* ---- S7 write batch ---- */

#define SMALL 16
static char small[SMALL];

static uv_write_t* wb_reqs;

static void wb_connect(uv_connect_t* req, int status) {
  (void)req;
  if (status) exit(1);
  w0 = bench_wall();
  c0 = bench_cpu();
  uv_buf_t b = uv_buf_init(small, SMALL);
  for (long i = 0; i < target; ++i) uv_write(&wb_reqs[i], (uv_stream_t*)&client, &b, 1, NULL);
}

static int writebatch(long n) {
  static uv_connect_t creq;
  struct sockaddr_in addr;
  loop = uv_default_loop();
  target = n;
  total = (unsigned long long)n * SMALL;
  memset(small, 'w', sizeof small);
  wb_reqs = malloc(sizeof(uv_write_t) * (size_t)(n ? n : 1));
  int port = listen_any(sink_connection);
  uv_tcp_init(loop, &client);
  uv_ip4_addr("127.0.0.1", port, &addr);
  uv_tcp_connect(&creq, &client, (const struct sockaddr*)&addr, wb_connect);
  uv_run(loop, UV_RUN_DEFAULT);
  if (received != total || n == 0) {
    fprintf(stderr, "received %llu of %llu\n", received, total);
    return 1;
  }
  double wall = w1 - w0;
  printf("scenario=writebatch peer=libuv backend=epoll n=%ld wall_s=%.4f cpu_s=%.4f ns_per_write=%.1f\n", n, wall,
         c1 - c0, (c1 - c0) * 1e9 / (double)n);
  free(wb_reqs);
  uv_walk(loop, close_walk, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  return uv_loop_close(loop) == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s pingpong N | pump MIB | echo-server CONNS | writebatch N\n", argv[0]);
    return 2;
  }
  long arg = strtol(argv[2], NULL, 10);
  if (strcmp(argv[1], "pingpong") == 0) return pingpong(arg);
  if (strcmp(argv[1], "pump") == 0) return pump(arg);
  if (strcmp(argv[1], "echo-server") == 0) return echo_server(arg);
  if (strcmp(argv[1], "writebatch") == 0) return writebatch(arg);
  fprintf(stderr, "unknown scenario %s\n", argv[1]);
  return 2;
}
