// Sys: the system a backend runs on, as seen by streams, files and the thread pool — the syscall seam that lets
// stream, fs and work code be written once and run on both backends. EpollBackend hands out the real system
// (sockets with SOCK_NONBLOCK|SOCK_CLOEXEC, host files, real threads; SIGPIPE is ignored so a write to a closed
// peer reports EPIPE); the emulated backend hands out its in-memory kernel (core/emu/). A backend without fds
// (NullBackend) has none: Backend::sys() is nullptr and streams, fs and work report -ENOSYS.
//
// Conventions: every call returns 0 / a count / an fd, or a negative errno (EINTR is retried inside). Every fd a
// Sys creates is non-blocking. Calls that name a socket address take text ("127.0.0.1", "::1", a path for
// AF_UNIX), so both implementations parse the same input the same way.
//
// Besides the calls, a Sys keeps the per-loop state streams and requests share: the spare fd of libuv's EMFILE
// trick, the registry of requests in flight (for inspection) and the loop's work queue (threadpool.h).
// Implementations: native_sys.cpp + native_fs.cpp + native_workers.cpp, emu/emu_sys.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "list.h"

namespace ls {

class Loop;
class Req;
class WorkQueue;
class Workers;
struct Snapshot;

enum class AddrFamily : uint8_t { Unspec, Inet, Inet6, Unix };

struct SockName {
  AddrFamily family = AddrFamily::Unspec;
  std::string host;  // canonical text ("127.0.0.1", "::1"); AF_UNIX: the path ("" = unnamed)
  uint16_t port = 0;
};

// One piece of a gathered write; the bytes belong to the caller.
struct ConstBuf {
  const void* base = nullptr;
  size_t len = 0;
};

// ---- file-system vocabulary (portable values: Linux's; the native Sys translates where the host differs) ----
namespace fsflag {
inline constexpr int kRdOnly = 00, kWrOnly = 01, kRdWr = 02, kAccMode = 03;
inline constexpr int kCreat = 0100, kExcl = 0200, kTrunc = 01000, kAppend = 02000, kDirectory = 0200000;
}  // namespace fsflag

// st_mode type bits, Linux's values.
inline constexpr uint32_t kModeTypeMask = 0170000, kModeSocket = 0140000, kModeLink = 0120000,
                          kModeFile = 0100000, kModeDir = 0040000, kModeChar = 0020000, kModeFifo = 0010000,
                          kModeBlock = 0060000;

struct TimeSpec {
  int64_t sec = 0;
  int64_t nsec = 0;
};

// uv_stat_t's fields.
struct FileStat {
  uint64_t dev = 0, mode = 0, nlink = 0, uid = 0, gid = 0, rdev = 0, ino = 0, size = 0, blksize = 0, blocks = 0;
  TimeSpec atime, mtime, ctime, birthtime;
};

// uv_dirent_type_t, same order.
enum class DirentType : uint8_t { Unknown, File, Dir, Link, Fifo, Socket, Char, Block };
const char* to_string(DirentType);

struct DirEnt {
  std::string name;
  DirentType type = DirentType::Unknown;
};

// uv_statfs_t's fields.
struct FsStats {
  uint64_t type = 0, bsize = 0, blocks = 0, bfree = 0, bavail = 0, files = 0, ffree = 0;
};

// An open directory (uv_dir_t): its entries, read a batch at a time, without . and .. (as libuv).
class DirStream {
 public:
  virtual ~DirStream() = default;
  // Up to max entries into out (cleared first); 0 entries at the end. -EBADF once closed.
  virtual int read(size_t max, std::vector<DirEnt>& out) = 0;
  virtual int close() = 0;
};

// uv_fs_copyfile flags, uv_fs_access modes (libuv's values).
inline constexpr int kCopyfileExcl = 1, kCopyfileFiclone = 2, kCopyfileFicloneForce = 4;
inline constexpr int kAccessExists = 0, kAccessExec = 1, kAccessWrite = 2, kAccessRead = 4;

// File-system change notification (inotify's vocabulary: Linux's IN_* values, the portable ones here). One
// event names the watch it belongs to and, for a watched directory, the entry that changed (empty for the
// watched file or directory itself).
namespace fswatch {
inline constexpr uint32_t kModify = 0x2, kAttrib = 0x4, kMovedFrom = 0x40, kMovedTo = 0x80, kCreate = 0x100,
                          kDelete = 0x200, kDeleteSelf = 0x400, kMoveSelf = 0x800, kIgnored = 0x8000,
                          kIsDir = 0x40000000;
// What uv_fs_event_start asks inotify for.
inline constexpr uint32_t kLibuvMask =
    kAttrib | kCreate | kModify | kDelete | kDeleteSelf | kMoveSelf | kMovedFrom | kMovedTo;
}  // namespace fswatch
struct FsWatchEvent {
  int wd = -1;
  uint32_t mask = 0;
  std::string name;
};

// uv_udp_flags that bind takes, libuv's values.
inline constexpr unsigned kUdpIpv6Only = 1, kUdpReuseAddr = 4;
// The socket options of uv_udp_set_*: value is 0/1 for the switches, the hop count for the TTLs.
enum class UdpOption : uint8_t { Broadcast, Ttl, MulticastTtl, MulticastLoop };
// What a child process is started with (uv_spawn's options once the Process handle resolved its stdio): argv
// (argv[0] included), the environment (unset: the parent's), and per child fd the parent's fd to give it
// (-1: /dev/null for 0-2, closed above) and whether the child gets it blocking (the pipes the handle created).
struct SpawnSpec {
  std::string file;
  std::vector<std::string> args;
  bool has_env = false;
  std::vector<std::string> env;
  std::string cwd;  // "" = the parent's
  std::vector<int> stdio;
  std::vector<bool> blocking;
  bool detached = false;  // setsid()
  bool set_uid = false, set_gid = false;
  uint32_t uid = 0, gid = 0;
};

class Sys {
 public:
  Sys();
  virtual ~Sys();
  Sys(const Sys&) = delete;
  Sys& operator=(const Sys&) = delete;

  // ---- sockets and local streams ----
  // The family an address text belongs to: Inet / Inet6, or -EINVAL for text that is no address.
  virtual int parse_address(std::string_view host, AddrFamily& family) = 0;
  virtual int socket(AddrFamily family) = 0;
  virtual int bind(int fd, std::string_view host, uint16_t port) = 0;  // TCP: SO_REUSEADDR; AF_UNIX: host = path
  virtual int listen(int fd, int backlog) = 0;
  virtual int accept(int fd) = 0;  // the new fd (non-blocking), -EAGAIN, -EMFILE, ...
  // 0 (connected), -EINPROGRESS (completion: writable, then socket_error()), or the error.
  virtual int connect(int fd, std::string_view host, uint16_t port) = 0;
  virtual int socket_error(int fd) = 0;  // SO_ERROR, negated; clears it
  virtual int64_t read(int fd, void* buf, size_t len) = 0;
  virtual int64_t writev(int fd, const ConstBuf* bufs, int count) = 0;
  virtual int shutdown_write(int fd) = 0;
  virtual int close(int fd) = 0;        // any fd (sockets, pipes, files)
  virtual int close_reset(int fd) = 0;  // SO_LINGER 0 + close: the peer gets RST
  virtual int sockname(int fd, SockName& out) = 0;
  virtual int peername(int fd, SockName& out) = 0;
  virtual int set_nodelay(int fd, bool on) = 0;
  virtual int set_keepalive(int fd, bool on, unsigned delay_s) = 0;
  virtual int pipe(int fds[2]) = 0;        // fds[0] read end, fds[1] write end
  virtual int socketpair(int fds[2]) = 0;  // AF_UNIX stream pair
  // Takes over an fd someone else opened (uv_pipe_open / uv_tcp_open): makes it non-blocking and reports which
  // directions its open mode allows (IoEvent bits kReadable | kWritable). -EBADF if it is not open.
  virtual int adopt(int fd, int& directions) = 0;

  // ---- datagram sockets (uv_udp_t; sys_udp.cpp: every call answers -ENOSYS unless a backend has datagrams) ----
  virtual int udp_socket(AddrFamily family);
  // flags: kUdpIpv6Only | kUdpReuseAddr (libuv's UV_UDP_* values). An IPv4 socket given an IPv6 address (or the
  // reverse) is -EINVAL, as libuv maps it.
  virtual int udp_bind(int fd, std::string_view host, uint16_t port, unsigned flags);
  // host empty: disconnect (connect to AF_UNSPEC).
  virtual int udp_connect(int fd, std::string_view host, uint16_t port);
  // One datagram of the buffers' bytes, to `to` (null: the connected peer). Bytes sent, -EAGAIN, -EMSGSIZE, ...
  virtual int64_t udp_send(int fd, const ConstBuf* bufs, int count, const SockName* to);
  // One datagram into buf; `from` is its source, `truncated` whether it was longer than len (MSG_TRUNC).
  virtual int64_t udp_recv(int fd, void* buf, size_t len, SockName& from, bool& truncated);
  virtual int udp_set_option(int fd, UdpOption option, int value);
  virtual int udp_set_membership(int fd, std::string_view group, std::string_view iface, bool join);
  // Source-specific membership (IGMPv3 / MLDv2): group and source are addresses of the socket's family.
  virtual int udp_set_source_membership(int fd, std::string_view group, std::string_view iface,
                                        std::string_view source, bool join);
  virtual int udp_set_multicast_interface(int fd, std::string_view iface);  // "" = the default interface

  // ---- files (the fs requests of fs.h run these, on the loop thread or on a worker) ----
  virtual int open(const std::string& path, int flags, int mode) = 0;
  virtual int64_t pread(int fd, void* buf, size_t len, int64_t offset) = 0;  // offset < 0: at the file position
  virtual int64_t pwrite(int fd, const void* buf, size_t len, int64_t offset) = 0;
  virtual int stat(const std::string& path, FileStat& out) = 0;
  virtual int lstat(const std::string& path, FileStat& out) = 0;
  virtual int fstat(int fd, FileStat& out) = 0;
  virtual int unlink(const std::string& path) = 0;
  virtual int mkdir(const std::string& path, int mode) = 0;
  virtual int mkdtemp(std::string& tmpl) = 0;  // "/tmp/xXXXXXX" -> the created path
  virtual int rmdir(const std::string& path) = 0;
  virtual int rename(const std::string& from, const std::string& to) = 0;
  virtual int scandir(const std::string& path, std::vector<DirEnt>& out) = 0;  // sorted by name, no . and ..
  // The calls below answer -ENOSYS unless a backend overrides them: a backend whose model lacks the facility
  // (the emulated kernel has no symbolic or hard links, no owners, no sendfile) fails as libuv would without it.
  virtual int mkstemp(std::string& tmpl);  // the fd (O_RDWR); tmpl -> the created path
  virtual int realpath(const std::string& path, std::string& out);
  virtual int link(const std::string& from, const std::string& to);
  virtual int symlink(const std::string& target, const std::string& path, int flags);
  virtual int readlink(const std::string& path, std::string& out);
  virtual int access(const std::string& path, int mode);  // kAccess* bits
  virtual int chmod(const std::string& path, int mode);
  virtual int fchmod(int fd, int mode);
  virtual int chown(const std::string& path, int64_t uid, int64_t gid, bool follow);  // follow = false: lchown
  virtual int fchown(int fd, int64_t uid, int64_t gid);
  // Times in seconds (fractions kept to the nanosecond). follow = false: the link itself (lutime).
  virtual int utime(const std::string& path, double atime, double mtime, bool follow);
  virtual int futime(int fd, double atime, double mtime);
  virtual int fsync(int fd, bool data_only);
  virtual int ftruncate(int fd, int64_t length);
  virtual int64_t sendfile(int out_fd, int in_fd, int64_t in_offset, size_t length);
  virtual int statfs(const std::string& path, FsStats& out);
  virtual int opendir(const std::string& path, std::unique_ptr<DirStream>& out);
  // uv_fs_copyfile, written once over the calls above (open, fstat, ftruncate, fchmod, pread, pwrite): the
  // destination gets the source's permissions; a failed copy removes what it created. flags: kCopyfile*; no
  // backend here clones, so FICLONE copies and FICLONE_FORCE fails with -ENOTSUP (as on ext4).
  int copyfile(const std::string& from, const std::string& to, int flags);

  // ---- file-system events (fs_event.h; -ENOSYS unless a backend overrides them) ----
  // A non-blocking fd, readable while change events are queued (inotify_init1).
  virtual int watch_open();
  // Watches path (fswatch bits); the same file or directory gives the same watch descriptor (inotify_add_watch).
  virtual int watch_add(int fd, const std::string& path, uint32_t mask);
  virtual int watch_remove(int fd, int wd);
  // Appends the queued events to out, oldest first: the count, or -EAGAIN when none is queued.
  virtual int watch_read(int fd, std::vector<FsWatchEvent>& out);

  // uv_random's source: fills buf, 0 or a negative errno (runs on a worker for the async form). -ENOSYS here.
  virtual int random(void* buf, size_t len);

  // ---- terminals, fd kinds, working directory ----
  // uv_guess_handle(fd): "tty", "pipe" (also AF_UNIX sockets), "tcp", "udp", "file" or "unknown".
  virtual const char* guess_handle(int fd) = 0;
  // uv_tty_set_mode (0 normal, 1 raw, 2 io) and uv_tty_get_winsize; -ENOTTY for an fd that is no terminal.
  virtual int tty_set_mode(int fd, int mode) = 0;
  virtual int tty_reset_mode() = 0;  // back to the mode the first set_mode found (uv_tty_reset_mode)
  virtual int tty_winsize(int fd, int& width, int& height) = 0;
  virtual int chdir(const std::string& path) = 0;

  // ---- child processes (process.h); -ENOSYS unless a backend overrides them (the emulated kernel has none) ----
  // Starts the child; 0 with pid set, or the error of fork, exec (a missing program is -ENOENT here, as libuv's
  // CLOEXEC error pipe reports it), chdir, setuid, ...
  virtual bool has_processes() const { return false; }
  virtual int spawn(const SpawnSpec& spec, int& pid);
  // Reaps pid if it has ended: 1 (status / term_signal set), 0 while it runs, or a negative errno.
  virtual int wait_child(int pid, int64_t& exit_status, int& term_signal);
  virtual int kill(int pid, int signum);  // uv_kill
  virtual void disable_stdio_inheritance() {}  // uv_disable_stdio_inheritance

  // ---- thread pool ----
  virtual Workers& workers() = 0;
  // Virtual duration of a job on the emulated backend's workers (0 = its default); ignored natively.
  virtual uint64_t default_fs_ns() const { return 0; }

  // ---- shared per-loop state ----
  // libuv's EMFILE trick (uv__emfile_trick): a spare fd opened early, closed to make room for one accept().
  void ensure_spare_fd();
  bool release_spare_fd();  // false when there is none to give up
  void reacquire_spare_fd() { ensure_spare_fd(); }
  WorkQueue& work_queue(Loop& loop);  // created on first use
  WorkQueue* work_queue_if_any() { return work_.get(); }

  // Fills the backend-specific parts of an inspection snapshot (requests, pool, readiness, kernel tables).
  virtual void inspect(Snapshot& s);

 protected:
  // A cheap fd to hold in reserve (natively /dev/null).
  virtual int open_spare() = 0;
  // Readiness of the given fds now (IoEvent bits), for the snapshot; 0 where unknown.
  virtual int readiness(int fd) = 0;

 private:
  friend class Req;
  int spare_fd_ = -1;
  detail::List<Req> requests_;  // every request in flight on this loop, for inspection
  std::unique_ptr<WorkQueue> work_;
};

#ifndef __EMSCRIPTEN__
// The host's system calls, with real worker threads. One per EpollBackend.
std::unique_ptr<Sys> make_native_sys();
#endif

// Worker threads of new native pools (UV_THREADPOOL_SIZE; the environment variable is read once as the default,
// clamped to 1..1024). Affects pools created after the call.
void set_threadpool_size(int n);
int threadpool_size();

}  // namespace ls
