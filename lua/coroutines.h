// The runtime's account of the snippet's coroutines: every `async` task (lua/modules/async.lua reports them) and
// every raw coroutine the snippet makes itself (lua/l_coroutine.cpp watches coroutine.create/wrap/resume/close).
// Each change of state is a row update here and an event in the loop's trace (coro_spawn, coro_suspend with what
// the coroutine awaits, coro_resume, coro_done); the playground's Coroutines panel reads the rows, the timeline
// and exported traces read the events.
//
// Bounded: rows of coroutines that ended are kept for the newest kKeepEnded only, and a raw coroutine that the
// collector frees (abandoned while suspended, as a `for ... in coroutine.wrap(gen)` loop left with break) loses
// its row, so a snippet that makes a million coroutines does not grow this table.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>

#include "core/trace.h"

namespace ls::lua {

enum class CoroState { Running, Suspended, Done, Failed };
const char* to_string(CoroState);

struct CoroutineRow {
  uint64_t id = 0;
  std::string name;          // "task 2", "coroutine 1"
  CoroKind kind = CoroKind::Task;
  CoroState state = CoroState::Running;
  int created_line = 0;      // the snippet line that made it (0 = unknown)
  int line = 0;              // where it is parked (suspended), or where it ended
  std::string awaiting;      // what it waits for, in words: "sleep 200 ms", "read on tcp #5"
};

class CoroutineTable {
 public:
  static constexpr size_t kKeepEnded = 64;

  explicit CoroutineTable(Trace& trace) : trace_(trace) {}

  // A new coroutine, running or about to (its first resume follows). Returns its id (1, 2, ... per runtime).
  uint64_t spawn(CoroKind kind, std::string name, int line);
  void suspend(uint64_t id, int line, std::string awaiting);
  void resume(uint64_t id);
  void end(uint64_t id, bool failed, int line);
  void forget(uint64_t id);  // collected by the GC: the row goes, the trace keeps its history

  const CoroutineRow* find(uint64_t id) const;
  const std::map<uint64_t, CoroutineRow>& rows() const { return rows_; }  // by id = creation order
  uint64_t spawned() const { return next_id_ - 1; }
  // The name the next raw coroutine gets ("coroutine N": its own count, apart from the tasks').
  std::string next_coroutine_name() { return "coroutine " + std::to_string(++raw_count_); }

 private:
  CoroutineRow* row(uint64_t id);
  Trace& trace_;
  std::map<uint64_t, CoroutineRow> rows_;
  std::deque<uint64_t> ended_;  // ids of ended rows, oldest first
  uint64_t next_id_ = 1;
  uint64_t raw_count_ = 0;
};

}  // namespace ls::lua
