// EmulatedBackend: ls::Backend over the emulated kernel — the backend that runs anywhere (the browser included)
// and, on the virtual clock, deterministically. Interest maps to the kernel's epoll (level-triggered); poll()
// first moves the kernel's time to the loop clock, then collects what is ready, dropping any event whose fd
// generation changed since (closed and reused); an injected EINTR is retried, as epoll_wait's is.
// On the virtual clock the loop never blocks: when nothing is ready it jumps to min(next timer,
// next_event_ns()), i.e. the kernel's next delivery, connect completion or job finish. On the monotonic clock
// poll() really waits for the kernel's next event, the timeout, or a wake-up.
// Streams, fs and work run on it through EmuSys (emu_sys.h): sockets on the virtual loopback network, the
// in-memory file system, and the kernel's virtual workers.
//
//   ls::LoopOptions o;
//   o.clock = ls::ClockKind::Virtual;
//   ls::EmulatedOptions e;
//   e.kernel.link.latency = 200'000;  // 200 us per segment
//   o.backend = ls::make_emulated_backend(e);
//   ls::Loop loop(std::move(o));
//   ls::emu::Kernel* k = ls::emulated_kernel(loop);  // faults, link parameters, inspection
//
// Covered by the conformance suites in tests/core/io/ (every test runs here and on epoll).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "../backend.h"
#include "kernel.h"

#ifndef __EMSCRIPTEN__
#include <condition_variable>
#include <mutex>
#endif

namespace ls {

class Loop;
class EmuSys;

struct EmulatedOptions {
  emu::Config kernel;            // fd limit, buffer sizes, link latency/bandwidth, pool workers, ...
  uint64_t work_ns = 1'000'000;  // virtual duration of a queue_work job unless the call gives one (1 ms)
  uint64_t fs_ns = 50'000;       // virtual duration of an async fs request on a worker (50 us)
};

class EmulatedBackend final : public Backend {
 public:
  explicit EmulatedBackend(EmulatedOptions options = {});
  ~EmulatedBackend() override;

  const char* name() const override { return "emulated"; }
  int add(int fd, int events) override;
  int modify(int fd, int events) override;
  int remove(int fd) override;
  int poll(int timeout_ms, std::vector<ReadyEvent>& out) override;
  void wakeup() override;
  void enable_wakeup() override { wake_enabled_ = true; }
  // Its waits end on wakeup() anyway; enabling the wake-up would make a run nothing can wake hang, not stall.
  void enable_interrupt() override {}
  uint64_t next_event_ns() const override;
  bool can_block() const override;
  void attach(const Clock& clock) override;
  Sys* sys() override;

  emu::Kernel& kernel() { return kernel_; }
  const EmulatedOptions& options() const { return options_; }
  uint64_t eintr_retries() const { return eintr_retries_; }  // injected EINTRs absorbed (tests)

 private:
  void sync_time();
  int collect(std::vector<ReadyEvent>& out);
  void wait_until(uint64_t deadline_ns);

  EmulatedOptions options_;
  emu::Kernel kernel_;
  std::unique_ptr<EmuSys> sys_;
  const Clock* clock_ = nullptr;
  int epfd_ = -1;
  std::vector<emu::EpollEvent> events_;
  std::atomic<bool> woken_{false};
  bool wake_enabled_ = false;
  uint64_t eintr_retries_ = 0;
#ifndef __EMSCRIPTEN__
  std::mutex mu_;
  std::condition_variable cv_;
#endif
};

std::unique_ptr<EmulatedBackend> make_emulated_backend(EmulatedOptions options = {});

// The kernel of a loop on the emulated backend; nullptr on any other backend.
emu::Kernel* emulated_kernel(Loop& loop);

}  // namespace ls
