// The loop's time source. Monotonic = steady_clock, Virtual = a nanosecond counter that only moves when the
// loop says so (a poll that would block, the cost model, sleep()). Both count from the loop's creation, so
// hrtime(), now() and trace times start near zero and never carry an address-like or boot-relative value.
#pragma once

#include <cstdint>
#include <ctime>

#include "types.h"

namespace ls {

class Clock {
 public:
  explicit Clock(ClockKind kind) : kind_(kind), start_ns_(monotonic_ns()) {}

  ClockKind kind() const { return kind_; }
  bool is_virtual() const { return kind_ == ClockKind::Virtual; }

  // Nanoseconds since the loop was created.
  uint64_t now_ns() const {
    if (kind_ == ClockKind::Virtual) return virtual_ns_;
    return monotonic_ns() - start_ns_;
  }

  // CLOCK_MONOTONIC (steady_clock's source) read directly: every iteration reads it, and libstdc++'s
  // steady_clock::now() is an out-of-line call around the same clock_gettime.
  static uint64_t monotonic_ns() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
  }

  // Virtual clock only (no-ops on the monotonic one): move forward by / up to a point. Saturates.
  void advance(uint64_t ns) {
    if (kind_ != ClockKind::Virtual) return;
    uint64_t t = virtual_ns_ + ns;
    virtual_ns_ = t < virtual_ns_ ? UINT64_MAX : t;
  }
  void advance_to(uint64_t ns) {
    if (kind_ == ClockKind::Virtual && ns > virtual_ns_) virtual_ns_ = ns;
  }

 private:
  ClockKind kind_;
  uint64_t virtual_ns_ = 0;
  uint64_t start_ns_;
};

}  // namespace ls
