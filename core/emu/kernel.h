// Kernel: the emulated kernel's system-call surface — what the emulated backend calls where the epoll backend
// makes syscalls. Portable C++20, no OS calls; it compiles the same with g++ and em++.
//
// Conventions (those of the Linux syscalls it stands in for, minus errno):
//  - Calls return 0 / a byte count / an fd, or a negative errno (-EAGAIN, -ECONNREFUSED, ...). No signals:
//    a write to a closed pipe or socket returns -EPIPE and nothing else happens.
//  - Every fd is non-blocking. Nothing ever waits: time moves only through advance_to(), driven by the loop's
//    clock. Work due at the current time (a zero-latency delivery) runs at the start of the next call.
//  - fds are small ints, lowest free first, with a per-slot generation (generation(fd)); 0, 1 and 2 are taken
//    by stdio unless Config::reserve_stdio is off. The fd limit (EMFILE) counts every open fd.
//  - Deterministic: no real clock, no randomness, ordered containers only. The same calls give the same
//    results and the same dump().
//
// [SECTION] index: config | time | fd table | generic I/O | sockets | local streams | readiness | files |
//                  thread pool | faults | inspection | services for kernel objects
// Model details live with each part: socket.h (socket states), connection.h (the wire, FIN/RST rules),
// readiness.h (epoll semantics), pipe.h, fs.h / file.h, threadpool.h, faults.h.
// Tests: tests/core/emu/test_emu_*.cpp (one file per area, all in the doctest suite "emu")
#pragma once

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "address.h"
#include "connection.h"
#include "faults.h"
#include "fd_table.h"
#include "fs.h"
#include "inspect.h"
#include "network.h"
#include "readiness.h"
#include "remote.h"
#include "scheduler.h"
#include "threadpool.h"
#include "types.h"

namespace ls::emu {

class DgramSocket;
class EpollSet;
class Socket;
class WatchQueue;
struct WatchEvent;

// ---- [SECTION] config -----------------------------------------------------------------------------------------
struct Config {
  int fd_limit = 1024;             // RLIMIT_NOFILE
  bool reserve_stdio = true;       // fds 0-2 exist, so the first fd handed out is 3
  LinkParams link;                 // default latency / bandwidth of every connection
  std::size_t send_buffer = 65536;  // default SO_SNDBUF of new sockets
  std::size_t recv_buffer = 65536;  // default SO_RCVBUF of new sockets
  std::size_t pipe_capacity = 65536;  // pipes and socketpairs
  int pool_workers = 4;
  std::uint16_t ephemeral_first = 32768, ephemeral_last = 60999;  // Linux's ip_local_port_range
  std::uint32_t umask = 022;
};

class Kernel {
 public:
  explicit Kernel(const Config& config = {});
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // ---- [SECTION] time -----------------------------------------------------------------------------------------
  Nanos now_ns() const { return sched_.now(); }
  // Moves virtual time forward to t, running everything scheduled up to then in order. -EINVAL if t < now.
  int advance_to(Nanos t);
  // The earliest time at which something scheduled (a delivery, a connect completion, a job finishing, a
  // paced segment) will happen; <= now_ns() means "due: the next call will see it". nullopt: nothing pending,
  // so readiness cannot change without a call. An action may turn out to change nothing (the handshake of a
  // socket closed meanwhile): a loop that jumps there just polls once more.
  std::optional<Nanos> next_event_time() const { return sched_.next_time(); }

  // ---- [SECTION] fd table -------------------------------------------------------------------------------------
  int close(int fd);
  std::uint32_t generation(int fd) const { return fds_.generation(fd); }  // 0 if not open
  int fd_limit() const { return fds_.limit(); }
  void set_fd_limit(int limit) { fds_.set_limit(limit); }
  std::size_t open_fds() const { return fds_.open_count(); }
  int fstat(int fd, Stat& st);
  // The access mode an fd was opened with (kORdOnly, kOWrOnly or kORdWr; a pipe's ends are read-only and
  // write-only, sockets read-write), as fcntl(F_GETFL) & O_ACCMODE; -EBADF if not open.
  int access_mode(int fd) const;

  // ---- [SECTION] generic I/O (sockets, pipes, socketpairs, eventfds, files at their position) -----------------
  std::int64_t read(int fd, void* buf, std::size_t len);
  std::int64_t write(int fd, const void* buf, std::size_t len);
  std::int64_t writev(int fd, const IoVec* iov, int iovcnt);

  // ---- [SECTION] sockets (TCP-like on the virtual loopback network; AF_UNIX by path) ----------------------
  // kAfInet, kAfInet6, or kAfUnix (stream; host = a path, port unused). -EAFNOSUPPORT otherwise.
  int socket(int domain = kAfInet);
  int bind(int fd, std::string_view host, std::uint16_t port);  // port 0: ephemeral; -EADDRINUSE
  int listen(int fd, int backlog);
  // TCP: -EINPROGRESS, then OUT (connected) or ERR (SO_ERROR). AF_UNIX: 0 at once, or an error.
  int connect(int fd, std::string_view host, std::uint16_t port);
  // A new fd (peer address into *peer if given), -EAGAIN, or -EMFILE (the connection stays queued).
  int accept(int fd, SockAddr* peer = nullptr);
  int shutdown(int fd, int how);  // tcp and socketpair
  int close_reset(int fd);        // SO_LINGER 0 + close: RST, the peer reads ECONNRESET
  int getsockopt_error(int fd);   // SO_ERROR: the pending error (negative) or 0; clears it
  int getsockname(int fd, SockAddr& out);
  int getpeername(int fd, SockAddr& out);
  int set_nodelay(int fd, bool on);
  int set_keepalive(int fd, bool on, unsigned delay_s);
  int set_send_buffer(int fd, std::size_t bytes);
  int set_recv_buffer(int fd, std::size_t bytes);
  std::int64_t send_buffer(int fd);
  std::int64_t recv_buffer(int fd);
  // Link parameters: the default for new connections, per server port, or of one live connection.
  void set_default_link(const LinkParams& link) { net_.default_link = link; }
  void set_port_link(std::uint16_t port, const LinkParams& link) { net_.set_port_link(port, link); }
  int set_link(int fd, const LinkParams& link);
  std::uint64_t connection_id(int fd) const;  // the connection table row of a connected socket, 0 if none

  // ---- [SECTION] datagram sockets (UDP on the virtual loopback network: dgram.h) ---------------------------
  int udp_socket(int domain = kAfInet);  // kAfInet or kAfInet6
  int udp_bind(int fd, std::string_view host, std::uint16_t port, bool reuseaddr = false);
  int udp_connect(int fd, std::string_view host, std::uint16_t port);  // host empty: disconnect (AF_UNSPEC)
  // One datagram; host empty: to the connected peer. Bytes sent, -EMSGSIZE, -EDESTADDRREQ, -ECONNREFUSED, ...
  std::int64_t sendto(int fd, const IoVec* iov, int iovcnt, std::string_view host, std::uint16_t port);
  // One datagram (cut to len, truncated set), its source into from; -EAGAIN when none is queued.
  std::int64_t recvfrom(int fd, void* buf, std::size_t len, SockAddr& from, bool& truncated);
  int udp_setopt(int fd, int option, int value);  // recorded only (option: ls::UdpOption's value)

  // ---- [SECTION] local streams --------------------------------------------------------------------------------
  int pipe(int fds[2]);        // fds[0] read end, fds[1] write end
  int socketpair(int fds[2]);  // AF_UNIX stream pair
  int set_pipe_capacity(int fd, std::size_t bytes);
  int eventfd(std::uint64_t initval = 0);

  // ---- [SECTION] readiness (epoll) ----------------------------------------------------------------------------
  int epoll_create();
  int epoll_ctl(int epfd, int op, int fd, std::uint32_t events, std::uint64_t data);
  // Never blocks: returns the ready events now (0 if none), or -EINTR under the EINTR fault. An event whose
  // generation differs from generation(event.fd) at dispatch time is stale (its fd was closed and reused).
  int epoll_wait(int epfd, EpollEvent* out, int max_events);

  // ---- [SECTION] files ----------------------------------------------------------------------------------------
  int open(std::string_view path, int flags, std::uint32_t mode = 0666);
  std::int64_t pread(int fd, void* buf, std::size_t len, std::int64_t offset);
  std::int64_t pwrite(int fd, const void* buf, std::size_t len, std::int64_t offset);
  std::int64_t pwritev(int fd, const IoVec* iov, int iovcnt, std::int64_t offset);
  std::int64_t lseek(int fd, std::int64_t offset, int whence);
  int ftruncate(int fd, std::int64_t length);
  int fsync(int fd);
  int stat(std::string_view path, Stat& st);
  int lstat(std::string_view path, Stat& st);
  int unlink(std::string_view path);
  int mkdir(std::string_view path, std::uint32_t mode = 0777);
  int rmdir(std::string_view path);
  int rename(std::string_view from, std::string_view to);
  int scandir(std::string_view path, std::vector<DirEntry>& out);
  int mkdtemp(std::string& tmpl);  // "/tmp/xXXXXXX" -> "/tmp/xaaaaab"
  int mkstemp(std::string& tmpl);  // same naming; returns an fd open O_RDWR
  FileSystem& fs() { return fs_; }
  // inotify (watch.h): an fd readable while changes are queued; watches by path; events read as structs.
  int inotify_init();
  int inotify_add_watch(int fd, std::string_view path, std::uint32_t mask);
  int inotify_rm_watch(int fd, int wd);
  int inotify_read(int fd, std::vector<WatchEvent>& out);  // the count, -EAGAIN, -EBADF, -EINVAL

  // ---- [SECTION] thread pool ----------------------------------------------------------------------------------
  ThreadPool& pool() { return pool_; }
  // Each completion (or cancellation) adds 1 to this eventfd, like libuv's async wake-up; -1 to stop.
  int set_pool_notify(int eventfd_fd);

  // ---- [SECTION] faults ---------------------------------------------------------------------------------------
  Faults& faults() { return faults_; }
  int reset_connection(std::uint64_t conn_id);                          // RST both ways now
  int reset_connection_at(std::uint64_t conn_id, Nanos t);              // ... at virtual time t
  int reset_connection_after(std::uint64_t conn_id, std::uint64_t n);  // ... after n more delivered bytes
  // Shrinks or grows one side's send buffer of a live connection (side: Connection::kClient / kServer), whether
  // or not that side has been accepted yet. -ENOENT if there is no such connection.
  int set_connection_send_buffer(std::uint64_t conn_id, int side, std::size_t bytes);

  // ---- [SECTION] remote clients (outside the program: remote.h) -------------------------------------------
  RemoteHost& remote() { return remote_; }

  // ---- [SECTION] inspection -----------------------------------------------------------------------------------
  KernelSnapshot inspect();  // runs what is due first, as a system call would
  // The same without running anything: what Loop::inspect() uses, because looking must not change the run (a
  // replay that does not look would otherwise differ from the run that did, e.g. in the poll's next event).
  KernelSnapshot observe();
  std::string dump() { return to_text(inspect()); }

  // ---- [SECTION] services for kernel objects (not for adapters) -----------------------------------------------
  Nanos now() const { return sched_.now(); }
  Scheduler& sched() { return sched_; }
  Network& net() { return net_; }
  const Config& config() const { return config_; }
  Object* object(int fd) const { return fds_.get(fd); }
  // Where bytes written to fds 0-2 go (the program's console); without a sink they are dropped.
  using ConsoleSink = std::function<void(int fd, std::string_view bytes)>;
  void set_console(ConsoleSink sink) { console_ = std::move(sink); }
  void console_write(int fd, std::string_view bytes) {
    if (console_) console_(fd, bytes);
  }
  // Wakes every readiness set watching fd (if its generation is still gen); mask as in Object::notify.
  void notify(int fd, std::uint32_t gen, std::uint32_t mask);

 private:
  void sync();  // runs due scheduled work and forgets finished connections
  // The object at fd as a T, or nullptr with err = -EBADF (no open fd) or `wrong_kind` (another kind of object:
  // each call answers as Linux does for it, -ENOTSOCK for socket calls, -ESPIPE for pread on a pipe, ...).
  template <class T>
  T* lookup(int fd, int& err, int wrong_kind = -EINVAL) {
    Object* o = fds_.get(fd);
    T* t = o ? dynamic_cast<T*>(o) : nullptr;
    if (!t) err = o ? wrong_kind : -EBADF;
    return t;
  }
  Socket* sock(int fd, int& err);        // lookup<Socket>, -ENOTSOCK
  DgramSocket* dgram(int fd, int& err);  // lookup<DgramSocket>, -ENOTSOCK
  int install(std::shared_ptr<Object> obj);

  Config config_;
  Scheduler sched_;  // first: scheduled actions may refer to the members below, which die before it
  Faults faults_;
  FdTable fds_;
  Network net_;
  FileSystem fs_;
  ThreadPool pool_;
  std::map<int, EpollSet*> epolls_;  // every open readiness set, by fd
  std::map<int, WatchQueue*> watch_queues_;  // every open inotify instance, by fd: FileSystem's changes go to each
  ConsoleSink console_;
  int pool_notify_fd_ = -1;
  std::uint32_t pool_notify_gen_ = 0;
  RemoteHost remote_{*this};  // last: its clients close their sockets while the network still exists
};

}  // namespace ls::emu
