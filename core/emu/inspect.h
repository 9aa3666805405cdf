// Inspection of the emulated kernel: plain value snapshots for the playground's fd/poll view and network panel,
// and a deterministic text dump (the same scenario gives byte-identical text, natively and under Emscripten:
// every list is in a fixed order — ascending fd, connection id, worker index, queue order — and errors print as
// names). Kernel::inspect() fills a KernelSnapshot; to_text() renders it. Covered by test_emu_determinism.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "types.h"

namespace ls::emu {

struct FdView {
  int fd = -1;
  std::uint32_t generation = 0;
  std::string kind;   // stdio, tcp, udp, pipe, unix, file, epoll, eventfd
  std::string state;  // e.g. fresh, bound, listening, connecting, ESTABLISHED, CLOSE_WAIT, read-end, /tmp/x
  std::string local, peer;
  std::size_t send_fill = 0, send_cap = 0;  // bytes queued to send / capacity (pipes: the write side)
  std::size_t recv_fill = 0, recv_cap = 0;  // bytes readable / capacity
  std::uint32_t ready = 0;                  // readiness right now (what poll(2) would say)
  std::uint64_t conn_id = 0;                // tcp: the connection table row, 0 if none
  std::string flags;                        // nodelay, keepalive=60, linger0, rd-shut, wr-shut, ...
};

struct ConnView {
  std::uint64_t id = 0;
  std::string client, server;            // addresses
  int client_fd = -1, server_fd = -1;    // -1: not accepted yet, or closed (orphan still draining)
  bool client_remote = false;            // the client is outside the program (remote.h): it has no fd
  std::string client_state, server_state;
  std::size_t c2s_queued = 0, c2s_inflight = 0, s2c_queued = 0, s2c_inflight = 0;
  std::uint64_t c2s_delivered = 0, s2c_delivered = 0;
  Nanos latency = 0;
  std::uint64_t bandwidth = 0;  // bytes/s, 0 = unlimited
  std::string fault;            // a pending reset rule, if any
};

struct ListenerView {
  int fd = -1;
  std::string addr;
  std::uint16_t port = 0;
  int backlog = 0;
  std::size_t queued = 0;
};

struct EpollEntryView {
  int fd = -1;
  std::uint32_t generation = 0;
  std::uint32_t interest = 0;  // including ET/ONESHOT flags
  std::uint32_t ready = 0;     // readiness & interest right now
  std::uint64_t data = 0;
  bool queued = false;         // on the ready list (will be looked at by the next wait)
};

struct EpollView {
  int epfd = -1;
  std::vector<EpollEntryView> entries;  // ascending fd
};

struct WorkerView {
  int index = 0;
  bool busy = false;
  std::uint64_t job = 0;
  Nanos started = 0, finishes = 0;
};

struct JobView {
  std::uint64_t job = 0;
  Nanos duration = 0, submitted = 0;
};

struct PoolView {
  std::vector<WorkerView> workers;
  std::vector<JobView> queue;  // FIFO order
  std::size_t completed_waiting = 0;
};

struct FaultView {
  int fd_limit = 0;
  std::size_t open_fds = 0;   // what the limit counts: every fd of the program, stdio and the loop's own included
  bool refuse_all = false;
  std::vector<std::uint16_t> refused_ports;
  std::size_t short_write_cap = 0;  // 0 = off
  int eintr_pending = 0;
  std::vector<std::string> port_resets;  // "port 8000 after 100 bytes"
};

struct KernelSnapshot {
  Nanos now = 0;
  std::optional<Nanos> next_event;
  std::vector<FdView> fds;  // ascending fd
  std::vector<ConnView> connections;
  std::vector<ListenerView> listeners;
  std::vector<EpollView> epolls;
  PoolView pool;
  FaultView faults;
};

std::string to_text(const KernelSnapshot& s);

}  // namespace ls::emu
