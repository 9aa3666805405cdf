// Scheduler: the emulated kernel's sense of time. It owns the virtual "now" (told, never read from a real
// clock) and a queue of timed actions (a segment reaching its peer, a connect completing, a worker finishing a
// job). Actions run in (time, insertion sequence) order, with now() equal to the action's own time while it
// runs, so effects they schedule are timed from the right instant. Nothing here is random or address-ordered:
// the same calls give the same order.
// Tests: tests/core/emu/test_emu_tcp.cpp (latency, bandwidth), test_emu_threadpool.cpp
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "types.h"

namespace ls::emu {

class Scheduler {
 public:
  Nanos now() const { return now_; }

  // Runs fn at time t (t < now() is treated as now()). Actions hold weak references to what they touch, so an
  // action whose object died meanwhile does nothing; there is no cancel.
  void at(Nanos t, std::function<void()> fn);

  // Earliest pending action time, if any (may equal now(): due but not yet run).
  std::optional<Nanos> next_time() const;
  std::size_t pending() const { return heap_.size(); }

  // Runs every action due at or before now(), including ones that due actions add for now().
  void run_due();
  // Moves time forward to t, running actions in order on the way. -EINVAL if t < now(): time never goes back.
  int advance_to(Nanos t);

 private:
  struct Item {
    Nanos t;
    std::uint64_t seq;
    std::function<void()> fn;
  };
  // std::*_heap keeps the earliest (t, seq) at the front.
  static bool later(const Item& a, const Item& b) { return a.t != b.t ? a.t > b.t : a.seq > b.seq; }
  bool run_one_until(Nanos limit);

  std::vector<Item> heap_;
  Nanos now_ = 0;
  std::uint64_t seq_ = 0;
};

}  // namespace ls::emu
