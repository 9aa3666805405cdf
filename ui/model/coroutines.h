// The coroutines panel's view model: every async task and raw coroutine of the run, with its status, the line
// it is parked at and what it awaits in words. Read from the runtime's coroutine table (lua/coroutines.h), which
// holds only the live coroutines and the newest ended ones: a frame costs O(rows), not O(the run).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ui/model/words.h"

namespace ls::lua {
class Runtime;
}

namespace ls::ui {

struct CoroutineView {
  uint64_t id = 0;
  std::string name;      // "task 2", "coroutine 1"
  std::string kind;      // "task" | "coroutine"
  std::string status;    // "running" | "suspended" | "done" | "failed"
  int line = 0;          // where it is parked (or ended); 0 = unknown
  int created_line = 0;  // the line that made it
  std::string awaiting;  // "sleep 200 ms", "read on tcp #5" ("" unless suspended)
};

struct CoroutinesView {
  std::vector<CoroutineView> rows;  // creation order, at most kMaxRows
  static constexpr size_t kMaxRows = 500;
  size_t hidden = 0;                // rows left out past kMaxRows
  size_t suspended = 0, running = 0, ended = 0;
  uint64_t spawned = 0;             // coroutines made in the run so far (ended ones included)
  std::string summary;              // "3 tasks: 2 suspended, 1 done"
};

CoroutinesView build_coroutines(const lua::Runtime& rt, Lang lang = Lang::en);

}  // namespace ls::ui
