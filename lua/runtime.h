// The snippet runtime: one Lua 5.4 state, sandboxed, whose `uv` module follows luv, driving one ls::Loop.
//
// The main chunk runs as a coroutine. `uv.run(mode)` inside it yields to the driver, which runs the loop as the
// mode says and resumes the chunk with what luv's uv.run would return. When the chunk ends the driver runs the
// loop until it is no longer alive, so a snippet that forgets uv.run() still works (as in luvit and Node).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/loop.h"
#include "lua/coroutines.h"

struct lua_State;

namespace ls::lua {

struct Limits {
  uint64_t instructions_per_entry = 20'000'000;  // per callback and per resumption of the main chunk
  // Lua's heap and the handles' memory outside it (core handle and binding) together: sized so that one million
  // live timers (bench S1, ~330 MiB) run with the defaults.
  size_t memory_bytes = 512u << 20;
  size_t output_bytes = 1u << 20;
};

struct RuntimeOptions {
  Limits limits;
  uint32_t seed = 1;               // math.random starts from this seed: runs are repeatable
  bool unsafe = false;             // native CLI only: the full standard library
  std::string script_name = "snippet";
  std::vector<std::string> args;   // the `arg` table, as the lua interpreter sets it
};

// Where printed text goes; the runtime has already applied the output cap.
using OutputSink = std::function<void(std::string_view)>;

// What the driver is doing: the states of one snippet run.
enum class RunState {
  Idle,      // nothing loaded
  Loaded,    // compiled, not started
  Chunk,     // the main chunk is to be resumed
  Looping,   // the chunk asked for uv.run(mode) and the loop is running it
  Draining,  // the chunk has ended; the loop runs until it is no longer alive
  Done,      // finished without error
  Failed,    // an error ended the run (see error())
};
const char* to_string(RunState);

// Why a run failed: what the UI says (and colours) without reading the message.
enum class Failure {
  None,
  Syntax,       // the snippet did not compile
  Error,        // an error raised in the chunk or a callback
  Blocked,      // the instruction budget ran out: the loop was blocked
  Memory,       // the memory cap
  Interrupted,  // stopped from outside (Stop, Ctrl-C, --timeout)
};
const char* to_string(Failure);

class Runtime {
 public:
  Runtime(Loop& loop, RuntimeOptions options, OutputSink sink);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // Compiles the snippet (text only; binary chunks too when unsafe). On a syntax error returns false and error()
  // says "name:line: message".
  bool load(std::string_view code);

  // Runs the snippet to the end, blocking as the loop blocks (the CLI). Returns true when it ended without error.
  bool run_to_completion();

  // Advances the run by one unit without blocking the host (the browser frame loop): resumes the chunk once, or
  // steps the loop by `kind` in the mode the chunk asked for (Default while draining). Returns the new state.
  // Stepping runs the same phase code as run(), so the callbacks and their order are the same as the CLI's.
  RunState advance(StepKind kind);
  // What the last loop step of advance() did (callbacks 0 and phase None when it resumed the chunk instead).
  const StepResult& last_step() const { return last_step_; }

  RunState state() const { return state_; }
  const std::string& error() const { return error_; }
  Failure failure() const { return failure_; }
  // The snippet's line the failure happened at (the error's frame, the blocking instruction), 0 = unknown.
  int error_line() const { return error_line_; }
  // The last loop run ended because nothing could ever wake the loop (it would wait forever).
  bool stalled() const { return stalled_; }
  // The line of the snippet running in L now: the innermost frame of the snippet's own chunk (frames of
  // async.lua and C functions are skipped); 0 if none.
  int snippet_line(lua_State* L, int level = 0) const;
  // Where the main chunk stands (suspended in uv.run, or about to start: 0).
  int chunk_line() const { return chunk_ ? snippet_line(chunk_) : 0; }
  // Where a callable was defined, if in the snippet's chunk (0 otherwise: a C function, async.lua's helpers).
  int definition_line(lua_State* L, int idx) const;
  Loop& loop() { return loop_; }
  lua_State* L() { return L_; }
  // The snippet's async tasks and raw coroutines: status, the line each is parked at, what it awaits.
  CoroutineTable& coroutines() { return coroutines_; }
  const CoroutineTable& coroutines() const { return coroutines_; }

  // Stops the run from outside (the UI's Stop button): the loop stops and the run ends as failed.
  void interrupt(std::string reason);  // Failure::Interrupted
  // The same from a signal handler (Ctrl-C, --timeout): async-signal-safe. `reason` must outlive the run (a
  // literal). Snippet code stops at its next instruction block; a loop blocked in poll needs loop.stop() and a
  // backend wake-up as well, which the caller does (both are safe there).
  void request_interrupt(const char* reason) noexcept;

  // --- for the binding files ---
  static Runtime& of(lua_State* L);
  // Calls the function on top of the stack (below it nargs arguments) as a loop callback named `what`:
  // with the instruction budget reset, errors turned into a failed run (the loop is stopped).
  void call_callback(int nargs, const char* what);
  void write_output(std::string_view text);
  const RuntimeOptions& options() const { return options_; }
  bool in_main_chunk(lua_State* L) const;
  void fail(std::string message, Failure kind = Failure::Error, int line = 0);
  // From here on no snippet code runs: handles are being closed for good.
  void begin_teardown() { tearing_down_ = true; }
  // Memory held outside Lua's allocator (a handle's core object and binding), counted against the memory cap as
  // Lua's own: false, and nothing charged, when it would exceed the cap.
  bool charge_memory(size_t bytes);
  void release_memory(size_t bytes);
  // Raises Lua's out-of-memory error (the run fails with the memory cap's message).
  [[noreturn]] void raise_out_of_memory(lua_State* L);

 private:
  struct Sandbox;
  void resume_chunk(int nargs);
  void finish_loop_run(int result);

  Loop& loop_;
  RuntimeOptions options_;
  OutputSink sink_;
  std::unique_ptr<Sandbox> sandbox_;
  lua_State* L_ = nullptr;
  lua_State* chunk_ = nullptr;  // the main chunk's coroutine
  int chunk_ref_ = -2;          // LUA_NOREF
  RunState state_ = RunState::Idle;
  RunMode requested_mode_ = RunMode::Default;
  int resume_nargs_ = 0;  // values on the chunk's stack for its next resumption (uv.run's result)
  std::string chunkname_;  // "@" + script name: how Lua names the snippet's frames
  std::string error_;
  Failure failure_ = Failure::None;
  int error_line_ = 0;
  bool stalled_ = false;
  size_t output_written_ = 0;
  bool output_truncated_ = false;
  bool tearing_down_ = false;
  std::atomic<bool> interrupt_requested_{false};
  std::atomic<const char*> interrupt_reason_{nullptr};
  bool check_interrupt();
  void fail_callback(int status, const char* what);
  static int callback_message_handler(lua_State* L);
  int raised_line_ = 0;  // set by callback_message_handler
  StepResult last_step_;
  CoroutineTable coroutines_{loop_.trace()};
};

}  // namespace ls::lua
