// Two runs side by side: the gallery's callback/coroutine pairs (echo_callbacks / echo_async, ...) do the same
// work, and this view model shows whether the loop saw the same thing. Each run's trace is cut into its
// loop-level shape — iterations, and in each the callbacks by phase, handle type and kind, and the poll's
// decision — and the two are aligned: iterations by a global alignment that maximises how alike the paired ones
// are (so one extra iteration on one side shifts nothing after it), callbacks within a pair by their longest
// common subsequence. Handle ids are ignored (the async version makes its handles in another order). What is not
// paired, or paired but different, is marked. Coroutine events are not loop-level and are left out.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/trace.h"
#include "ui/model/words.h"

namespace ls::ui {

struct LoopCallback {
  std::string key;    // "poll: tcp read" — phase, handle type, callback kind: what is compared
  uint64_t handle = 0;
  int line = 0;
};

struct LoopIteration {
  uint64_t number = 0;          // 0: before the first iteration (the main chunk, the pre-loop timers pass)
  uint64_t now_ms = 0;          // loop time when it began
  std::string poll;             // "poll 100 ms (timer)" ("" if it did not poll)
  std::vector<LoopCallback> callbacks;
};

struct LoopShape {
  std::vector<LoopIteration> iterations;
  bool truncated = false;  // longer than kMaxIterations: the rest is not compared
  static constexpr size_t kMaxIterations = 800;
};

LoopShape loop_shape(const std::vector<TraceEvent>& events);

struct AlignedCallback {
  int a = -1, b = -1;  // indexes into the iterations' callbacks (-1 = none on that side)
};

struct AlignedIteration {
  int a = -1, b = -1;  // indexes into the shapes' iterations (-1 = only on the other side)
  bool same = false;   // paired, same callbacks and the same poll decision
  std::vector<AlignedCallback> callbacks;
};

struct Comparison {
  std::string name_a, name_b;
  LoopShape a, b;
  std::vector<AlignedIteration> rows;
  size_t same = 0, differing = 0, only_a = 0, only_b = 0;
  std::string summary;
  std::string error;  // "no gallery example named ..." (then nothing else is set)
};

Comparison compare_shapes(LoopShape a, LoopShape b);
// Runs both gallery examples as the playground does (deterministic, to their end or at most a bounded amount of
// work: a server that never exits is cut off) and compares their loop-level traces.
Comparison compare_examples(const std::string& a, const std::string& b);
// The gallery's callback/coroutine pairs: NAME_async with NAME_callbacks, or else with NAME (echo_server).
std::vector<std::pair<std::string, std::string>> example_pairs();
std::string to_json(const Comparison& c);
// "12 and 13 iterations: 11 alike, 1 differ, 0 only in the first, 1 only in the second" in lang
// (compare_words.cpp).
std::string compare_summary(const Comparison& c, Lang lang);

}  // namespace ls::ui
