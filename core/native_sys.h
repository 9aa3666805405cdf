// NativeSys: Sys over the host's system calls (Linux), and NativeWorkers, the real worker threads of its pool.
// Internal (native only): EpollBackend creates one through make_native_sys(). Sockets are in native_sys.cpp,
// files in native_fs.cpp, threads in native_workers.cpp.
#pragma once

#ifndef __EMSCRIPTEN__

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <sys/socket.h>

#include "sys.h"
#include "sys_overrides.h"
#include "threadpool.h"

namespace ls {

// libuv's pool: N threads started on first use, FIFO queue, completions counted on an eventfd the loop watches.
class NativeWorkers final : public Workers {
 public:
  explicit NativeWorkers(int threads) : size_(threads) {}
  ~NativeWorkers() override;  // stops and joins the threads; queued jobs are dropped

  int notify_fd() override;
  void drain_notify() override;
  int submit(uint64_t id, std::function<void()> job, uint64_t virtual_ns, bool at_start) override;
  int cancel(uint64_t id) override;
  void take_done(std::vector<WorkDone>& done) override;
  void take_events(std::vector<WorkEvent>& events) override;
  void describe(PoolInfo& out) const override;

 private:
  struct Job {
    uint64_t id;
    std::function<void()> fn;
  };
  void worker_main(int index);
  void signal_loop();  // one more completion waits

  int size_;
  int efd_ = -1;
  mutable std::mutex mu_;  // guards everything below
  std::condition_variable cv_;
  std::deque<Job> queue_;
  std::vector<uint64_t> running_;  // per worker: the job it runs, 0 when idle
  std::vector<std::thread> threads_;
  std::vector<WorkDone> done_;
  std::vector<WorkEvent> events_;
  bool stop_ = false;
};

class NativeSys final : public Sys {
 public:
  NativeSys();
  ~NativeSys() override;

  // Sockets in native_sys.cpp, datagrams in native_udp.cpp, files in native_fs.cpp and native_fs_more.cpp,
  // inotify in native_watch.cpp, terminals in native_term.cpp.
  LS_SYS_OVERRIDES
  // What only the host has (native_udp.cpp, native_fs_more.cpp): multicast, links, owners, sendfile.
  int udp_set_membership(int fd, std::string_view group, std::string_view iface, bool join) override;
  int udp_set_source_membership(int fd, std::string_view group, std::string_view iface, std::string_view source,
                                bool join) override;
  int udp_set_multicast_interface(int fd, std::string_view iface) override;
  int link(const std::string& from, const std::string& to) override;
  int symlink(const std::string& target, const std::string& path, int flags) override;
  int readlink(const std::string& path, std::string& out) override;
  int chown(const std::string& path, int64_t uid, int64_t gid, bool follow) override;
  int fchown(int fd, int64_t uid, int64_t gid) override;
  int64_t sendfile(int out_fd, int in_fd, int64_t in_offset, size_t length) override;
  // native_process.cpp
  bool has_processes() const override { return true; }
  int spawn(const SpawnSpec& spec, int& pid) override;
  int wait_child(int pid, int64_t& exit_status, int& term_signal) override;
  int kill(int pid, int signum) override;
  void disable_stdio_inheritance() override;

  Workers& workers() override { return workers_; }

 protected:
  int open_spare() override;
  int readiness(int fd) override;

 private:
  NativeWorkers workers_;
};

// A sockaddr for host:port (IPv4, IPv6) or a path (AF_UNIX).
struct NativeAddr {
  sockaddr_storage ss{};
  socklen_t len = 0;
};
// native_sys.cpp, shared with native_udp.cpp: host:port ("localhost" = 127.0.0.1) as a sockaddr (-EINVAL for
// text that is no address), and a sockaddr back as text.
int make_inet(std::string_view host, uint16_t port, NativeAddr& a);
int to_name(const sockaddr_storage& ss, socklen_t len, SockName& out);

// A dirent's d_type as uv_dirent_type_t (native_fs.cpp; scandir and opendir share it).
DirentType dirent_type_of(unsigned char d_type);

}  // namespace ls

#endif  // __EMSCRIPTEN__
