// The state a work function (l_work.cpp) or a thread (l_thread.cpp) runs in: a fresh Lua state on another
// thread with the work library, require('luv') for the thread-safe functions, the snippet's limits (its
// instruction budget, and the memory cap shared with the main state), and values crossing by copy
// (l_crossing.h). A Job is everything one run needs and what it hands back.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lua.hpp"
#include "lua/l_crossing.h"

namespace ls::lua {

// What the runtime and its jobs in flight share; a job may outlive the runtime (a native worker still running
// when the run is torn down), so it is reference-counted and holds only atomics.
struct WorkPool {
  std::atomic<size_t> used{0};    // bytes held by all work states, counted against the snippet's memory cap
  std::atomic<bool> stop{false};  // the runtime is gone: running work states stop at their next hook
};

// One queued call: everything the worker needs, and what it hands back. The worker writes the results; the loop
// thread reads them after the completion, which the pool's queue orders after the job.
struct Job {
  std::shared_ptr<WorkPool> pool;
  std::string code;
  bool text = false;  // the string form of new_work: Lua source, not a dumped function
  std::string outer_locals;  // upvalues other than _ENV, named in the error hint
  std::vector<Value> args;
  uint64_t instruction_limit = 0;
  size_t memory_cap = 0;
  size_t main_used = 0;  // the main state's bytes when the job was queued
  size_t output_cap = 0;
  uint32_t seed = 0;
  bool emulated = false;  // the backend's (require('luv') in the work state: sleep and thread_self follow it)

  size_t used = 0;
  bool refused = false;
  std::vector<Value> results;
  std::string output;  // what work_fn printed, written out before after_fn runs
  std::string error;   // the run's error when not empty
};

// Fills the job's pool and limits from the runtime of L (the main state).
void set_job_limits(lua_State* L, Job& job);
// Runs the job in a fresh state on the calling thread; the state is closed before it returns.
void run_job(Job& job);
// The function at idx as string.dump's bytes (not stripped: errors keep the snippet's line numbers).
std::string dump_function(lua_State* L, int idx);

}  // namespace ls::lua
