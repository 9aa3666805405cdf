// Process handle (uv_process_t, src/unix/process.c): a child process started by spawn(), whose end the loop
// hears of through SIGCHLD (the signal machinery of signal.cpp) and reports with the exit callback in the poll
// phase: the exit status and the terminating signal, as libuv. The handle is active from a successful spawn
// until the child has been reaped; the callback runs once, after the handle has stopped.
//  - stdio: per child fd, Ignore (fds 0-2 become /dev/null), InheritFd (the parent's fd), CreatePipe (a Pipe
//    handle not yet open gets the parent's end of a new socketpair; child_reads / child_writes are libuv's
//    UV_READABLE_PIPE / UV_WRITABLE_PIPE, seen from the child) or InheritStream (the stream's fd).
//  - kill(signum): uv_process_kill; -ESRCH once the child has been reaped (its pid may belong to another
//    process by then).
//  - closing the handle does not kill the child (libuv neither); it is no longer watched.
// Natively only: a backend without processes (the emulated kernel, wasm) fails spawn with -ENOSYS, as
// kill_pid() does. Covered by tests/core/test_process.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "handle.h"

namespace ls {

class Stream;

struct StdioSpec {
  enum class Kind : uint8_t { Ignore, InheritFd, CreatePipe, InheritStream };
  Kind kind = Kind::Ignore;
  int fd = -1;               // InheritFd
  Stream* stream = nullptr;  // CreatePipe (must be a Pipe without an fd), InheritStream
  bool child_reads = false, child_writes = false;  // CreatePipe
};

struct ProcessOptions {
  std::string file;
  std::vector<std::string> args;  // argv, argv[0] included (libuv); empty = just the file
  bool has_env = false;           // false: the child inherits the parent's environment
  std::vector<std::string> env;   // "NAME=value"
  std::string cwd;
  std::vector<StdioSpec> stdio;
  bool detached = false;
  bool set_uid = false, set_gid = false;
  uint32_t uid = 0, gid = 0;
};

class Process final : public Handle {
 public:
  using ExitCallback = std::function<void(Process&, int64_t exit_status, int term_signal)>;

  explicit Process(Loop& loop);
  ~Process() override;

  // uv_spawn. 0, or a negative errno (-ENOENT for a missing program, -EINVAL for a bad stdio entry or an
  // option without a file, -ENOSYS on a backend without processes). On failure the handle stays inactive.
  int spawn(const ProcessOptions& options, ExitCallback cb);
  int pid() const { return pid_; }
  int kill(int signum);
  bool exited() const { return exited_; }
  int64_t exit_status() const { return exit_status_; }
  int term_signal() const { return term_signal_; }

 private:
  friend class Loop;
  void on_close() override;
  void describe(HandleInfo&) const override;
  void unwatch();
  int open_stdio(const ProcessOptions& options, std::vector<int>& child_fds, std::vector<bool>& blocking,
                 std::vector<int>& parent_ends);

  ExitCallback cb_;
  int pid_ = 0;
  bool watched_ = false;  // in the loop's list of children, SIGCHLD installed for it
  bool exited_ = false;
  int64_t exit_status_ = 0;
  int term_signal_ = 0;
  detail::Link<Process> node_{this};
};

// uv_kill: 0 or a negative errno; -ENOSYS on a backend without processes.
int kill_pid(Loop& loop, int pid, int signum);
// uv_disable_stdio_inheritance (natively: the fds this process has open become CLOEXEC); a no-op elsewhere.
void disable_stdio_inheritance(Loop& loop);

}  // namespace ls
