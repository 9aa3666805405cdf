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
#include "../sys_overrides.h"
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

  // Datagrams on the virtual network (emu/dgram.h), files of the in-memory file system (emu_fs_more.cpp),
  // inotify over it (emu/watch.h), random deterministic (the same bytes every run). What the kernel does not model
  // (multicast, links, owners, sendfile, processes) stays -ENOSYS.
  LS_SYS_OVERRIDES

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
