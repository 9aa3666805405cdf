// Emulated kernel, the readiness set: level- vs edge-triggered, one-shot, ready-list order and maxevents
// rotation, epoll_ctl errors, and fd reuse with generations (no stale registration, stale batch detectable).
#include <set>
#include <vector>

#include "emu_test_util.h"

using namespace emu_test;

TEST_SUITE("emu") {

namespace {
int wait_all(Kernel& k, int ep, std::vector<EpollEvent>& out) {
  out.assign(32, EpollEvent{});
  int n = k.epoll_wait(ep, out.data(), 32);
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return n;
}
}  // namespace

TEST_CASE("emu readiness: level-triggered repeats while readable, edge-triggered only after new data") {
  Kernel k;
  int l = listener(k, 8200);
  Pair p = connect_pair(k, l, 8200);
  int lt = k.epoll_create(), et = k.epoll_create();
  REQUIRE(k.epoll_ctl(lt, kEpollCtlAdd, p.server, kEpollIn, 1) == 0);
  REQUIRE(k.epoll_ctl(et, kEpollCtlAdd, p.server, kEpollIn | kEpollEt, 2) == 0);
  std::vector<EpollEvent> ev;
  CHECK(wait_all(k, lt, ev) == 0);
  CHECK(wait_all(k, et, ev) == 0);

  REQUIRE(write_str(k, p.client, "0123456789") == 10);
  REQUIRE(wait_all(k, lt, ev) == 1);
  CHECK(ev[0].events == kEpollIn);
  CHECK(ev[0].data == 1);
  CHECK(wait_all(k, lt, ev) == 1);  // still unread: reported again
  REQUIRE(wait_all(k, et, ev) == 1);
  CHECK(ev[0].data == 2);
  CHECK(wait_all(k, et, ev) == 0);  // no new data: silence

  char buf[4];
  REQUIRE(k.read(p.server, buf, 4) == 4);
  CHECK(wait_all(k, et, ev) == 0);  // reading part of it is no edge
  CHECK(wait_all(k, lt, ev) == 1);
  REQUIRE(write_str(k, p.client, "x") == 1);
  CHECK(wait_all(k, et, ev) == 1);  // new data: one more edge
  CHECK(wait_all(k, et, ev) == 0);

  read_available(k, p.server);
  CHECK(wait_all(k, lt, ev) == 0);  // drained: level-triggered stops too
}

TEST_CASE("emu readiness: edge-triggered EPOLLOUT comes back only when space frees up") {
  Config cfg;
  cfg.send_buffer = cfg.recv_buffer = 4096;
  Kernel k(cfg);
  int l = listener(k, 8201);
  Pair p = connect_pair(k, l, 8201);
  int ep = k.epoll_create();
  REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, p.client, kEpollOut | kEpollEt, 9) == 0);
  std::vector<EpollEvent> ev;
  REQUIRE(wait_all(k, ep, ev) == 1);  // ADD of a ready fd reports once
  CHECK(ev[0].events == kEpollOut);
  CHECK(wait_all(k, ep, ev) == 0);

  std::string big = pattern(20000);
  std::size_t sent = 0;
  std::int64_t n;
  while ((n = k.write(p.client, big.data() + sent, big.size() - sent)) > 0) sent += static_cast<std::size_t>(n);
  CHECK(n == -EAGAIN);
  CHECK(sent == 8192);  // own send buffer + the peer's receive buffer
  CHECK(wait_all(k, ep, ev) == 0);

  std::string got = read_available(k, p.server);  // frees the window: the sender's buffer drains
  CHECK(got.size() == 8192);
  REQUIRE(wait_all(k, ep, ev) == 1);
  CHECK(ev[0].events == kEpollOut);
  CHECK(wait_all(k, ep, ev) == 0);
  CHECK(got == big.substr(0, 8192));
}

TEST_CASE("emu readiness: one-shot reports once, MOD re-arms") {
  Kernel k;
  int fds[2];
  REQUIRE(k.pipe(fds) == 0);
  int ep = k.epoll_create();
  REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, fds[0], kEpollIn | kEpollOneShot, 5) == 0);
  REQUIRE(k.write(fds[1], "ab", 2) == 2);
  std::vector<EpollEvent> ev;
  CHECK(wait_all(k, ep, ev) == 1);
  CHECK(wait_all(k, ep, ev) == 0);
  REQUIRE(k.write(fds[1], "c", 1) == 1);
  CHECK(wait_all(k, ep, ev) == 0);  // disabled, even for new data
  REQUIRE(k.epoll_ctl(ep, kEpollCtlMod, fds[0], kEpollIn | kEpollOneShot, 6) == 0);
  REQUIRE(wait_all(k, ep, ev) == 1);
  CHECK(ev[0].data == 6);
}

TEST_CASE("emu readiness: ready list keeps wake-up order and rotates past maxevents") {
  Kernel k;
  int ep = k.epoll_create();
  int a[2], b[2], c[2];
  REQUIRE(k.pipe(a) == 0);
  REQUIRE(k.pipe(b) == 0);
  REQUIRE(k.pipe(c) == 0);
  for (int* p : {a, b, c}) REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, p[0], kEpollIn, static_cast<unsigned>(p[0])) == 0);
  // Wake-ups in the order c, a, b: reported in that order, not by fd number.
  REQUIRE(k.write(c[1], "x", 1) == 1);
  REQUIRE(k.write(a[1], "x", 1) == 1);
  REQUIRE(k.write(b[1], "x", 1) == 1);
  EpollEvent ev[2];
  REQUIRE(k.epoll_wait(ep, ev, 2) == 2);
  CHECK(ev[0].fd == c[0]);
  CHECK(ev[1].fd == a[0]);
  REQUIRE(k.epoll_wait(ep, ev, 2) == 2);  // b was left over, then the re-queued level-triggered c
  CHECK(ev[0].fd == b[0]);
  CHECK(ev[1].fd == c[0]);
  auto v = k.inspect().epolls.at(0);
  CHECK(v.entries.size() == 3);
  CHECK(v.entries[0].ready == kEpollIn);
}

TEST_CASE("emu readiness: epoll_ctl errors") {
  Kernel k;
  int ep = k.epoll_create();
  int fds[2];
  REQUIRE(k.pipe(fds) == 0);
  int f = k.open("/tmp/file", kOCreat | kORdWr);
  REQUIRE(f >= 0);
  CHECK(k.epoll_ctl(ep, kEpollCtlAdd, fds[0], kEpollIn, 0) == 0);
  CHECK(k.epoll_ctl(ep, kEpollCtlAdd, fds[0], kEpollIn, 0) == -EEXIST);
  CHECK(k.epoll_ctl(ep, kEpollCtlMod, fds[1], kEpollOut, 0) == -ENOENT);
  CHECK(k.epoll_ctl(ep, kEpollCtlDel, fds[1], 0, 0) == -ENOENT);
  CHECK(k.epoll_ctl(ep, kEpollCtlAdd, 77, kEpollIn, 0) == -EBADF);
  CHECK(k.epoll_ctl(ep, kEpollCtlAdd, f, kEpollIn, 0) == -EPERM);  // regular files are not pollable
  CHECK(k.epoll_ctl(ep, kEpollCtlAdd, ep, kEpollIn, 0) == -EINVAL);
  CHECK(k.epoll_ctl(fds[0], kEpollCtlAdd, fds[1], kEpollIn, 0) == -EINVAL);  // not an epoll fd
  CHECK(k.epoll_ctl(ep, 99, fds[1], kEpollIn, 0) == -EINVAL);
  CHECK(k.epoll_ctl(ep, kEpollCtlDel, fds[0], 0, 0) == 0);
  EpollEvent e;
  CHECK(k.epoll_wait(ep, &e, 0) == -EINVAL);
  CHECK(k.epoll_wait(fds[0], &e, 1) == -EINVAL);
}

TEST_CASE("emu readiness: closing fd 5 and reusing it: new generation, old registration gone") {
  Kernel k;
  int ep = k.epoll_create();  // 3
  int l = listener(k, 8202);  // 4
  Pair p = connect_pair(k, l, 8202);
  REQUIRE(p.client == 5);
  std::uint32_t old_gen = k.generation(5);
  REQUIRE(old_gen != 0);
  REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, 5, kEpollIn | kEpollOut, 555) == 0);
  REQUIRE(write_str(k, p.server, "pending") == 7);  // fd 5 is ready when it gets closed

  // A batch taken before the close, as a loop would hold it while running callbacks.
  std::vector<EpollEvent> batch;
  REQUIRE(wait_all(k, ep, batch) == 1);
  CHECK(batch[0].fd == 5);
  CHECK(batch[0].generation == old_gen);

  REQUIRE(k.close(5) == 0);
  int fresh = k.socket();
  REQUIRE(fresh == 5);  // lowest free fd, as POSIX
  CHECK(k.generation(5) != old_gen);
  CHECK(batch[0].generation != k.generation(5));  // the adapter can tell the batch's event is stale

  std::vector<EpollEvent> ev;
  CHECK(wait_all(k, ep, ev) == 0);  // the old registration left with the old fd
  CHECK(k.inspect().epolls[0].entries.empty());
  // The new socket polls OUT|HUP (unconnected, as Linux): a fresh registration reports it with its own data.
  REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, 5, kEpollIn | kEpollOut, 777) == 0);
  REQUIRE(wait_all(k, ep, ev) == 1);
  CHECK(ev[0].data == 777);
  CHECK(ev[0].generation == k.generation(5));
  CHECK(ev[0].events == (kEpollOut | kEpollHup));
}

TEST_CASE("emu readiness: a wake-up for a closed fd's old generation is ignored") {
  Kernel k;
  int ep = k.epoll_create();
  int fds[2];
  REQUIRE(k.pipe(fds) == 0);
  REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, fds[0], kEpollIn, 1) == 0);
  std::uint32_t g = k.generation(fds[0]);
  REQUIRE(k.close(fds[0]) == 0);
  int again[2];
  REQUIRE(k.pipe(again) == 0);
  REQUIRE(again[0] == fds[0]);
  REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, again[0], kEpollIn, 2) == 0);
  k.notify(again[0], g, kEpollIn);  // what an old object's late wake-up would look like
  std::vector<EpollEvent> ev;
  CHECK(wait_all(k, ep, ev) == 0);
  REQUIRE(k.write(again[1], "y", 1) == 1);
  REQUIRE(wait_all(k, ep, ev) == 1);
  CHECK(ev[0].data == 2);
}

TEST_CASE("emu readiness: EPOLLRDHUP only when asked; HUP and ERR always") {
  Kernel k;
  int l = listener(k, 8203);
  Pair p = connect_pair(k, l, 8203);
  int ep = k.epoll_create();
  REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, p.server, kEpollIn, 1) == 0);
  int ep2 = k.epoll_create();
  REQUIRE(k.epoll_ctl(ep2, kEpollCtlAdd, p.server, kEpollIn | kEpollRdHup, 2) == 0);
  REQUIRE(k.shutdown(p.client, kShutWr) == 0);
  std::vector<EpollEvent> ev;
  REQUIRE(wait_all(k, ep, ev) == 1);
  CHECK(ev[0].events == kEpollIn);
  REQUIRE(wait_all(k, ep2, ev) == 1);
  CHECK(ev[0].events == (kEpollIn | kEpollRdHup));
  REQUIRE(k.close_reset(p.client) == 0);
  REQUIRE(wait_all(k, ep, ev) == 1);
  CHECK(ev[0].events == (kEpollIn | kEpollHup | kEpollErr));  // not asked for OUT, yet HUP and ERR come
}

}  // TEST_SUITE
