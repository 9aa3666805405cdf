// The I/O parts of an inspection snapshot (Snapshot in inspect.h holds them): requests in flight, the thread
// pool, and — on the emulated backend — the kernel's socket buffers and connection table. Plain values, ids and
// names only (no pointers, no errno numbers), so the UI renders them the same natively and in wasm.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ls {

struct RequestInfo {
  uint64_t id = 0;
  std::string type;        // write, connect, shutdown, work, fs_open, ...
  uint64_t handle_id = 0;  // 0 for requests without a handle (fs, work)
};

struct WorkerInfo {
  int index = 0;
  bool busy = false;
  uint64_t req = 0;  // the request it runs
};

struct PoolInfo {
  int workers = 0;                 // 0: the pool was never used on this loop
  std::vector<WorkerInfo> busy;    // busy workers, ascending index
  std::vector<uint64_t> queue;     // queued requests, FIFO
  size_t completed_waiting = 0;    // finished, after-callback not delivered yet
};

// One fd of the emulated kernel (sockets with their buffers, pipes, files, ...): what the network panel shows.
struct KernelFdInfo {
  int fd = -1;
  std::string kind;   // tcp, udp, unix, pipe, file, eventfd, epoll, stdio
  std::string state;  // fresh, bound, listening, connecting, ESTABLISHED, CLOSE_WAIT, read-end, ...
  std::string local, peer;
  size_t send_fill = 0, send_cap = 0;  // bytes queued to send / send buffer size
  size_t recv_fill = 0, recv_cap = 0;  // bytes readable / receive buffer size
  int ready = 0;                       // IoEvent bits ready now
  uint64_t conn_id = 0;                // row in the connection table, 0 if none
  std::string flags;                   // nodelay, keepalive=60, rd-shut, wr-shut, ...
};

// One connection of the emulated loopback network.
struct ConnectionInfo {
  uint64_t id = 0;
  std::string client, server;  // addresses
  int client_fd = -1, server_fd = -1;
  bool client_remote = false;  // the client is outside the program (the playground's network client)
  std::string client_state, server_state;
  size_t c2s_queued = 0, c2s_inflight = 0, s2c_queued = 0, s2c_inflight = 0;
  uint64_t c2s_delivered = 0, s2c_delivered = 0;
  uint64_t latency_ns = 0;
  uint64_t bandwidth = 0;  // bytes/s, 0 = unlimited
};

// A listening socket of the emulated kernel.
struct ListenerInfo {
  int fd = -1;
  std::string addr;
  uint16_t port = 0;
  int backlog = 0;
  size_t queued = 0;  // connections waiting for accept()
};

// A client outside the program (emu/remote.h): what it sent, what it got, how it ended.
struct RemoteClientInfo {
  uint64_t id = 0;
  uint16_t port = 0;
  std::string state;  // connecting, connected, refused, reset, peer closed, finished, closed, failed
  bool connected = false, reading = true, shut = false, eof = false, closed = false;
  std::string received;
  size_t unsent = 0;
  std::string error;  // ECONNREFUSED, ECONNRESET, ...
  uint64_t conn_id = 0;
};

// The emulated kernel's fault switches as they stand.
struct KernelFaultInfo {
  int fd_limit = 0;
  size_t open_fds = 0;
  bool refuse_all = false;
  std::vector<uint16_t> refused_ports;
};

}  // namespace ls
