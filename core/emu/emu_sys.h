// EmuSys: ls::Sys over the emulated kernel (stream, file and pool calls of the emulated backend), and
// EmuWorkers, the kernel's virtual workers seen as the pool's executing side. Internal to the emulated backend.
//
// Time: before each call the kernel is brought up to the loop's clock, so a write made by a callback that ran
// at virtual time t leaves at t (the cost model's time included), not at the last poll.
// Work rule (deterministic): the kernel only models *when* a job runs; its function runs on the loop thread, when
// the loop takes the completion (EmuWorkers::take_done), in completion order, right before the after callback —
// or, for a job that asks for it (PoolReq::runs_at_start: queue_work), as soon as a virtual worker has started it
// (at submission, or when the loop takes the completion that freed the worker).
#pragma once

#include <functional>
#include <map>

#include "../sys.h"
#include "../threadpool.h"
#include "kernel.h"

namespace ls {

class Clock;

class EmuWorkers final : public Workers {
 public:
  EmuWorkers(emu::Kernel& k, uint64_t default_ns) : k_(k), default_ns_(default_ns) {}

  int notify_fd() override;
  void drain_notify() override;
  int submit(uint64_t id, std::function<void()> job, uint64_t virtual_ns, bool at_start) override;
  int cancel(uint64_t id) override;
  void take_done(std::vector<WorkDone>& done) override;
  void take_events(std::vector<WorkEvent>& events) override;
  void describe(PoolInfo& out) const override;

 private:
  emu::Kernel& k_;
  uint64_t default_ns_;
  int efd_ = -1;
  struct Pending {
    std::function<void()> fn;  // empty once it ran
    bool at_start = false;
  };
  void run_started();
  std::map<uint64_t, Pending> jobs_;
};

class EmuSys final : public Sys {
 public:
  EmuSys(emu::Kernel& k, uint64_t work_ns, uint64_t fs_ns) : k_(k), workers_(k, work_ns), fs_ns_(fs_ns) {}
  ~EmuSys() override;

  void attach(const Clock& clock) { clock_ = &clock; }

  int parse_address(std::string_view host, AddrFamily& family) override;
  int socket(AddrFamily family) override;
  int bind(int fd, std::string_view host, uint16_t port) override;
  int listen(int fd, int backlog) override;
  int accept(int fd) override;
  int connect(int fd, std::string_view host, uint16_t port) override;
  int socket_error(int fd) override;
  int64_t read(int fd, void* buf, size_t len) override;
  int64_t writev(int fd, const ConstBuf* bufs, int count) override;
  int shutdown_write(int fd) override;
  int close(int fd) override;
  int close_reset(int fd) override;
  int sockname(int fd, SockName& out) override;
  int peername(int fd, SockName& out) override;
  int set_nodelay(int fd, bool on) override;
  int set_keepalive(int fd, bool on, unsigned delay_s) override;
  int pipe(int fds[2]) override;
  int socketpair(int fds[2]) override;
  int adopt(int fd, int& directions) override;
  // Datagrams on the virtual network (emu/dgram.h); multicast membership and interfaces are -ENOSYS.
  int udp_socket(AddrFamily family) override;
  int udp_bind(int fd, std::string_view host, uint16_t port, unsigned flags) override;
  int udp_connect(int fd, std::string_view host, uint16_t port) override;
  int64_t udp_send(int fd, const ConstBuf* bufs, int count, const SockName* to) override;
  int64_t udp_recv(int fd, void* buf, size_t len, SockName& from, bool& truncated) override;
  int udp_set_option(int fd, UdpOption option, int value) override;

  int open(const std::string& path, int flags, int mode) override;
  int64_t pread(int fd, void* buf, size_t len, int64_t offset) override;
  int64_t pwrite(int fd, const void* buf, size_t len, int64_t offset) override;
  int stat(const std::string& path, FileStat& out) override;
  int lstat(const std::string& path, FileStat& out) override;
  int fstat(int fd, FileStat& out) override;
  int unlink(const std::string& path) override;
  int mkdir(const std::string& path, int mode) override;
  int mkdtemp(std::string& tmpl) override;
  int rmdir(const std::string& path) override;
  int rename(const std::string& from, const std::string& to) override;
  int scandir(const std::string& path, std::vector<DirEnt>& out) override;
  // emu_fs_more.cpp: what the in-memory file system models; links, owners and sendfile stay -ENOSYS.
  int mkstemp(std::string& tmpl) override;
  int realpath(const std::string& path, std::string& out) override;
  int access(const std::string& path, int mode) override;
  int chmod(const std::string& path, int mode) override;
  int fchmod(int fd, int mode) override;
  int utime(const std::string& path, double atime, double mtime, bool follow) override;
  int futime(int fd, double atime, double mtime) override;
  int fsync(int fd, bool data_only) override;
  int ftruncate(int fd, int64_t length) override;
  int statfs(const std::string& path, FsStats& out) override;
  int opendir(const std::string& path, std::unique_ptr<DirStream>& out) override;
  int random(void* buf, size_t len) override;  // deterministic: the same bytes every run
  // inotify over the in-memory file system (emu/watch.h)
  int watch_open() override;
  int watch_add(int fd, const std::string& path, uint32_t mask) override;
  int watch_remove(int fd, int wd) override;
  int watch_read(int fd, std::vector<FsWatchEvent>& out) override;

  const char* guess_handle(int fd) override;
  int tty_set_mode(int fd, int mode) override;
  int tty_reset_mode() override;
  int tty_winsize(int fd, int& width, int& height) override;
  int chdir(const std::string& path) override;

  Workers& workers() override { return workers_; }
  uint64_t default_fs_ns() const override { return fs_ns_; }
  void inspect(Snapshot& s) override;

  // Bit translation between the kernel's epoll bits and IoEvent (shared with the backend).
  static int from_epoll(uint32_t bits);
  static uint32_t to_epoll(int events);

 protected:
  int open_spare() override;
  int readiness(int fd) override;

 private:
  emu::Kernel& sync();  // the kernel, with its time brought up to the loop's clock

  emu::Kernel& k_;
  EmuWorkers workers_;
  uint64_t fs_ns_;
  const Clock* clock_ = nullptr;
  uint64_t random_state_ = 0x9e3779b97f4a7c15ull;  // xorshift64* state (uv_random); any non-zero seed
};

}  // namespace ls
