// The snippet sandbox: a memory cap (a counting lua_Alloc), an instruction budget per entry (a count hook that
// also charges the virtual clock), and a curated standard library.
#pragma once
#include <cstddef>
#include <atomic>
#include <cstdint>
#include <string>

struct lua_State;
struct lua_Debug;

namespace ls { class Loop; }

namespace ls::lua {

struct MemoryMeter {
  size_t used = 0;
  size_t cap = 0;
  size_t peak = 0;
  bool refused = false;  // an allocation was refused since the last reset
  // Bytes that other Lua states hold against the same cap (work states on pool threads, l_work.cpp).
  const std::atomic<size_t>* shared = nullptr;
};

// lua_Alloc that refuses to grow past meter->cap.
void* capped_alloc(void* meter, void* ptr, size_t osize, size_t nsize);

// The instruction budget of the entry (callback or chunk resumption) running now.
struct Budget {
  uint64_t limit = 0;
  uint64_t used = 0;
  const char* entry = "main chunk";  // what is running, for the "loop was blocked" message (a literal)
  std::string verdict = "the loop was blocked";  // how the message starts (a work state did not block the loop)
  Loop* loop = nullptr;              // charged ns_per_lua_instruction per instruction on the virtual clock
  bool exceeded = false;
  std::string message;               // "the loop was blocked: ..."
  int line = 0;                      // where the budget ran out (0 = unknown)
  // Set from a signal handler (Ctrl-C, --timeout): the hook stops the snippet at its next instruction block.
  const std::atomic<bool>* interrupt = nullptr;
  // `what` must outlive the entry: callers pass literals ("timer callback", ...).
  void reset(const char* what) {
    used = 0;
    entry = what;
    exceeded = false;
    message.clear();
    line = 0;
  }
};

// How often the count hook runs: a block of instructions, so the hook costs little.
constexpr int kHookBlock = 1000;

// Installs the hook on L (coroutines created later inherit it).
void install_budget_hook(lua_State* L, Budget* budget);

// Opens the curated standard library into L; `unsafe` opens everything (native CLI only).
void open_stdlib(lua_State* L, bool unsafe, uint32_t seed);
// The smaller library of a work state (uv.new_work): base, coroutine, string, table, math and utf8 with the same
// safe load/pcall/collectgarbage; nothing that touches the host, the loop or other states.
void open_work_stdlib(lua_State* L, uint32_t seed);

// The unique value raised when the budget runs out; pcall/xpcall re-raise it so a snippet cannot swallow it.
void push_budget_sentinel(lua_State* L);
bool is_budget_sentinel(lua_State* L, int idx);

// The message handler of every protected call into snippet code (main state and work states): a traceback,
// except for the budget sentinel, which must reach the caller as is.
int traceback_handler(lua_State* L);

}  // namespace ls::lua
