// The narrow contract between the loop and an I/O backend (Redis's aeApi in spirit): interest by fd, poll with a
// timeout into a ready list, a thread-safe wake-up, a name, and for the virtual clock "when is your next event".
// The loop keeps the fd -> watcher table, filters stale events and avoids redundant interest changes itself, so a
// backend stays a thin translation of these calls. Implementations: EpollBackend (core/epoll/), NullBackend
// (no fds, portable; the default on wasm) and the emulated kernel's backend (core/emu/).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace ls {

class Clock;
class Sys;

// Event bits, shared by Poll handles, the loop and every backend (the first four equal libuv's uv_poll_event).
enum IoEvent : int {
  kReadable = 1,
  kWritable = 2,
  kDisconnect = 4,   // peer closed its writing side (EPOLLRDHUP)
  kPrioritized = 8,  // urgent data (EPOLLPRI)
  kError = 16,       // reported by backends only (EPOLLERR); the loop widens it to the watcher's interest
  kHangup = 32,      // reported by backends only (EPOLLHUP); same
};

struct ReadyEvent {
  int fd;      // Backend::kWakeFd for a wake-up; -1 once the loop invalidated it (fd stopped or closed)
  int events;  // IoEvent bits
};

class Backend {
 public:
  static constexpr int kWakeFd = -2;
  static constexpr uint64_t kNever = UINT64_MAX;

  virtual ~Backend() = default;

  virtual const char* name() const = 0;

  // Interest changes. The loop calls add() for an fd it does not watch yet, modify() when the mask changes, and
  // remove() when it stops watching the fd. All return 0 or a negative errno.
  virtual int add(int fd, int events) = 0;
  virtual int modify(int fd, int events) = 0;
  virtual int remove(int fd) = 0;

  // Waits up to timeout_ms (-1 = no limit, 0 = do not block) and appends what is ready to `out`. A wake-up
  // appears as {kWakeFd, 0} (once, however many wakeup() calls). Returns the number appended or a negative errno.
  virtual int poll(int timeout_ms, std::vector<ReadyEvent>& out) = 0;

  // Thread-safe: makes a concurrent or the next poll() return with a kWakeFd event. Async::send uses it.
  virtual void wakeup() = 0;
  // Called once when the loop gets its first Async handle: until then a backend need not watch its wake-up
  // source, which lets epoll skip the epoll_wait syscall entirely for a zero timeout and no fds.
  virtual void enable_wakeup() {}
  // For a host that wants wakeup() to end a blocking poll (Ctrl-C in the CLI) without telling the loop that
  // something could wake it: by default the wake-up source must be watched, as for an Async handle.
  virtual void enable_interrupt() { enable_wakeup(); }

  // Virtual clock support: the loop-clock time (ns) of the next event the backend will produce by itself (the
  // emulated network's next delivery); kNever if none. The loop jumps time to min(next timer, this).
  virtual uint64_t next_event_ns() const { return kNever; }
  // Whether poll(-1) can ever return without an fd the loop watches (e.g. a wake-up from another thread). When
  // false and nothing else can happen, the loop reports a stall instead of waiting forever.
  virtual bool can_block() const { return true; }
  // Gives the backend the loop's clock (the emulated kernel schedules on it). Called once by the Loop.
  virtual void attach(const Clock&) {}
  // The system calls streams, files and the thread pool make on this backend (core/sys.h); nullptr for a
  // backend without fds, where they report -ENOSYS.
  virtual Sys* sys() { return nullptr; }
};

// No fds at all: add/modify/remove fail with -ENOSYS; poll only waits for the timeout or a wake-up.
std::unique_ptr<Backend> make_null_backend();
// epoll natively; the null backend where epoll does not exist (wasm).
std::unique_ptr<Backend> make_default_backend();

}  // namespace ls
