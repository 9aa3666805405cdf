// Emulated kernel, determinism and inspection: the same scenario run twice gives byte-identical dumps, and the
// dump shows what the playground's fd/poll view and network panel need.
#include <set>
#include <vector>

#include "emu_test_util.h"

using namespace emu_test;

TEST_SUITE("emu") {

namespace {

// An echo server with a few clients on a slow link, a refused port, a reset, pool jobs and files; returns the
// dumps taken along the way.
std::string scenario() {
  Config cfg;
  cfg.link.latency = 300 * kUs;
  cfg.link.bandwidth = 1000000;
  cfg.send_buffer = cfg.recv_buffer = 2048;
  cfg.pool_workers = 2;
  Kernel k(cfg);
  std::string dumps;
  int ep = k.epoll_create();
  int l = listener(k, 8300);
  REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, l, kEpollIn, 0) == 0);
  k.faults().refuse_port(8301);
  std::vector<int> clients;
  for (int i = 0; i < 4; ++i) {
    int c = k.socket();
    REQUIRE(k.connect(c, "127.0.0.1", i == 3 ? 8301 : 8300) == -EINPROGRESS);
    REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, c, kEpollOut | kEpollEt, 100 + static_cast<unsigned>(i)) == 0);
    clients.push_back(c);
  }
  REQUIRE(k.pool().submit(1, 700 * kUs) == 0);
  REQUIRE(k.pool().submit(2, 100 * kUs) == 0);
  REQUIRE(k.pool().submit(3, 100 * kUs) == 0);
  std::string tmp = "/tmp/runXXXXXX";
  REQUIRE(k.mkdtemp(tmp) == 0);
  dumps += k.dump();

  EpollEvent ev[8];
  std::set<int> started;
  for (int round = 0; round < 200; ++round) {
    int n = k.epoll_wait(ep, ev, 8);
    REQUIRE(n >= 0);
    for (int i = 0; i < n; ++i) {
      int fd = ev[i].fd;
      if (ev[i].data == 0) {
        int s;
        while ((s = k.accept(l)) >= 0) REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, s, kEpollIn, 1) == 0);
      } else if (ev[i].data == 1) {
        std::int64_t last = 0;
        std::string in = read_available(k, fd, &last);
        if (!in.empty()) write_str(k, fd, in);
        if (last == 0) k.close(fd);
      } else if (ev[i].data >= 100) {
        if (!started.insert(fd).second) continue;  // edge-triggered: later edges (the shutdown) need nothing
        if (k.getsockopt_error(fd) != 0) continue;
        write_str(k, fd, pattern(3000, static_cast<unsigned>(fd)));
        if (fd == clients[0]) k.shutdown(fd, kShutWr);
        if (fd == clients[1]) k.reset_connection_after(k.connection_id(fd), 1500);
      }
    }
    for (auto& c : k.pool().take_completed()) {
      int f = k.open(tmp + "/job" + std::to_string(c.job), kOCreat | kOWrOnly);
      write_str(k, f, std::to_string(c.finished));
      k.close(f);
    }
    if (round % 16 == 0) dumps += k.dump();
    if (n == 0 && !jump(k)) break;
  }
  std::vector<DirEntry> ents;
  REQUIRE(k.scandir(tmp, ents) == 0);
  for (auto& e : ents) dumps += e.name + "\n";
  dumps += k.dump();
  return dumps;
}

}  // namespace

TEST_CASE("emu determinism: the same scenario twice gives identical dumps") {
  std::string a = scenario();
  std::string b = scenario();
  CHECK(a.size() > 1000);
  CHECK(a == b);
  // The dump carries what the panels show.
  CHECK(a.find("listener fd 4 127.0.0.1:8300") != std::string::npos);
  CHECK(a.find("conn 1 127.0.0.1:32768") != std::string::npos);
  CHECK(a.find("tcp failed local 127.0.0.1:32771") != std::string::npos);
  CHECK(a.find("refused 8301") != std::string::npos);
  CHECK(a.find("RESET") != std::string::npos);
  CHECK(a.find("job1\njob2\njob3\n") != std::string::npos);
  CHECK(a.find("epoll 3") != std::string::npos);
}

TEST_CASE("emu inspect: fd table, connection table, readiness set and pool in one snapshot") {
  Config cfg;
  cfg.link.latency = 1 * kMs;
  Kernel k(cfg);
  int ep = k.epoll_create();
  int l = listener(k, 8310, 16);
  Pair p = connect_pair(k, l, 8310);
  REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, p.server, kEpollIn | kEpollEt, 0xabc) == 0);
  REQUIRE(write_str(k, p.client, "12345") == 5);
  REQUIRE(k.pool().submit(7, 3 * kMs) == 0);
  KernelSnapshot s = k.inspect();
  CHECK(s.now == 1 * kMs);
  CHECK(s.next_event == 2 * kMs);
  REQUIRE(s.fds.size() == 7);
  const FdView& c = s.fds[static_cast<std::size_t>(p.client)];
  CHECK(c.kind == "tcp");
  CHECK(c.state == "ESTABLISHED");
  CHECK(c.local == "127.0.0.1:32768");
  CHECK(c.peer == "127.0.0.1:8310");
  CHECK(c.send_cap == 65536);
  CHECK(c.generation == 1);
  REQUIRE(s.connections.size() == 1);
  const ConnView& cv = s.connections[0];
  CHECK(cv.client_fd == p.client);
  CHECK(cv.server_fd == p.server);
  CHECK(cv.c2s_inflight == 5);
  CHECK(cv.latency == 1 * kMs);
  REQUIRE(s.epolls.size() == 1);
  REQUIRE(s.epolls[0].entries.size() == 1);
  CHECK(s.epolls[0].entries[0].interest == (kEpollIn | kEpollEt));
  CHECK(s.epolls[0].entries[0].data == 0xabc);
  CHECK(s.epolls[0].entries[0].ready == 0);
  CHECK(s.pool.workers[0].busy);
  CHECK(s.pool.workers[0].finishes == 4 * kMs);
  CHECK(s.listeners[0].backlog == 16);

  REQUIRE(k.advance_to(2 * kMs) == 0);
  s = k.inspect();
  CHECK(s.connections[0].c2s_delivered == 5);
  CHECK(s.fds[static_cast<std::size_t>(p.server)].recv_fill == 5);
  CHECK(s.epolls[0].entries[0].ready == kEpollIn);
  CHECK(s.epolls[0].entries[0].queued);
  std::string text = to_text(s);
  CHECK(text.find("fd 6 gen 1 tcp ESTABLISHED local 127.0.0.1:8310 peer 127.0.0.1:32768 snd 0/65536 rcv "
                  "5/65536 ready IN|OUT conn 1") != std::string::npos);
  CHECK(text.find("  fd 6 gen 1 interest IN|ET ready IN data 2748 queued") != std::string::npos);
}

}  // TEST_SUITE
