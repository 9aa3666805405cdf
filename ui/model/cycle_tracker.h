// What the phase ring shows of the current iteration, kept up to date from the trace as it grows: a frame reads
// only the events recorded since the last one. (Walking back to the iteration's start every frame cost O(the
// iteration): a main chunk that arms a million timers is one "iteration" of two million events.)
#pragma once
#include <array>
#include <cstdint>

#include "core/trace.h"

namespace ls::ui {

class CycleTracker {
 public:
  struct PhaseCount {
    bool visited = false;  // entered in the current iteration
    int queue = -1;        // callbacks considered on entry (-1 = not entered yet)
    int ran = -1;          // callbacks run (-1 = not entered, and none ran)
  };
  // Reads the events since the last call; a new trace (shorter than what was read) starts it over.
  void follow(const Trace& trace);
  const PhaseCount& phase(Phase p) const { return phases_[static_cast<size_t>(p)]; }
  bool pre_loop() const { return pre_loop_; }    // no iteration has begun in this run yet
  int redrains() const { return redrains_; }     // pending re-entered after the poll (libuv 1.45's re-drain)
  bool timers_again() const { return again_; }   // legacy order: timers after closing (run('once'))

 private:
  void begin(bool pre_loop);
  void take(const TraceEvent& ev);
  uint64_t seen_ = 0;
  std::array<PhaseCount, 8> phases_{};
  bool pre_loop_ = false, after_poll_ = false, after_closing_ = false, again_ = false;
  int redrains_ = 0;
};

}  // namespace ls::ui
