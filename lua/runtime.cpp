#include "lua/runtime.h"

#include <cstdlib>
#include <utility>

#include "lua.hpp"
#include "lua/l_bindings.h"
#include "lua/l_uv.h"
#include "lua/sandbox.h"

namespace ls::lua {
namespace {

int l_print(lua_State* L) {
  Runtime& rt = Runtime::of(L);
  int n = lua_gettop(L);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 1; i <= n; i++) {
    if (i > 1) luaL_addchar(&b, '\t');
    luaL_tolstring(L, i, nullptr);
    luaL_addvalue(&b);
  }
  luaL_addchar(&b, '\n');
  luaL_pushresult(&b);
  size_t len;
  const char* s = lua_tolstring(L, -1, &len);
  rt.write_output({s, len});
  return 0;
}

int l_io_write(lua_State* L) {
  Runtime& rt = Runtime::of(L);
  for (int i = 1, n = lua_gettop(L); i <= n; i++) {
    size_t len;
    const char* s = luaL_checklstring(L, i, &len);
    rt.write_output({s, len});
  }
  return 0;
}

void set_arg_table(lua_State* L, const RuntimeOptions& o) {
  lua_createtable(L, (int)o.args.size(), 1);
  lua_pushstring(L, o.script_name.c_str());
  lua_rawseti(L, -2, 0);
  for (size_t i = 0; i < o.args.size(); i++) {
    lua_pushstring(L, o.args[i].c_str());
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setglobal(L, "arg");
}

}  // namespace

struct Runtime::Sandbox {
  MemoryMeter meter;
  Budget budget;
};

const char* to_string(Failure f) {
  switch (f) {
    case Failure::None: return "none";
    case Failure::Syntax: return "syntax";
    case Failure::Error: return "error";
    case Failure::Blocked: return "blocked";
    case Failure::Memory: return "memory";
    case Failure::Interrupted: return "interrupted";
  }
  return "?";
}

bool Runtime::charge_memory(size_t bytes) {
  MemoryMeter& m = sandbox_->meter;
  size_t others = m.shared ? m.shared->load(std::memory_order_relaxed) : 0;
  if (m.used + bytes + others > m.cap) return false;
  m.used += bytes;
  if (m.used > m.peak) m.peak = m.used;
  return true;
}

void Runtime::release_memory(size_t bytes) { sandbox_->meter.used -= bytes; }

void Runtime::raise_out_of_memory(lua_State* L) {
  // A block the cap cannot hold: capped_alloc refuses it, Lua raises its memory error (after an emergency
  // collection), and the run fails as for any other allocation over the cap.
  lua_newuserdatauv(L, sandbox_->meter.cap, 0);
  luaL_error(L, "out of memory");  // not reached: the allocation above always fails
  std::abort();
}

const char* to_string(RunState s) {
  switch (s) {
    case RunState::Idle: return "idle";
    case RunState::Loaded: return "loaded";
    case RunState::Chunk: return "chunk";
    case RunState::Looping: return "looping";
    case RunState::Draining: return "draining";
    case RunState::Done: return "done";
    case RunState::Failed: return "failed";
  }
  return "?";
}

Runtime::Runtime(Loop& loop, RuntimeOptions options, OutputSink sink)
    : loop_(loop), options_(std::move(options)), sink_(std::move(sink)), sandbox_(std::make_unique<Sandbox>()) {
  sandbox_->meter.cap = options_.limits.memory_bytes;
  sandbox_->budget.limit = options_.limits.instructions_per_entry;
  sandbox_->budget.loop = &loop_;
  sandbox_->budget.interrupt = &interrupt_requested_;
  L_ = lua_newstate(capped_alloc, &sandbox_->meter);
  // Runtime::of reads it back; threads created later (coroutines) start with a copy of the main state's.
  *static_cast<Runtime**>(lua_getextraspace(L_)) = this;
  open_stdlib(L_, options_.unsafe, options_.seed);
  // The generational collector, as the standalone lua interpreter (lua.c) selects: callbacks make short-lived
  // garbage (read data, request userdata) that a young collection frees cheaply.
  lua_gc(L_, LUA_GCGEN, 0, 0);
  lua_pushcfunction(L_, l_print);
  lua_setglobal(L_, "print");
  lua_getglobal(L_, "io");
  lua_pushcfunction(L_, l_io_write);
  lua_setfield(L_, -2, "write");
  lua_pop(L_, 1);
  set_arg_table(L_, options_);
  open_uv(L_);
  open_async_module(L_);
  watch_coroutines(L_);  // after the async module: it keeps Lua's own functions and reports its tasks itself
  install_budget_hook(L_, &sandbox_->budget);
}

Runtime::~Runtime() {
  close_all_handles(L_);
  lua_close(L_);
}

Runtime& Runtime::of(lua_State* L) { return **static_cast<Runtime**>(lua_getextraspace(L)); }

// The line of a syntax error: Lua's parser says it only as "name:LINE: message".
static int syntax_error_line(const std::string& message, const std::string& script_name) {
  if (message.compare(0, script_name.size() + 1, script_name + ":") != 0) return 0;
  return std::atoi(message.c_str() + script_name.size() + 1);
}

bool Runtime::load(std::string_view code) {
  chunk_ = lua_newthread(L_);
  chunk_ref_ = luaL_ref(L_, LUA_REGISTRYINDEX);
  chunkname_ = "@" + options_.script_name;
  // A binary chunk (string.dump's) only with the full library, whose `load` takes them too.
  const char* mode = options_.unsafe ? "bt" : "t";
  if (luaL_loadbufferx(chunk_, code.data(), code.size(), chunkname_.c_str(), mode) != LUA_OK) {
    std::string message = lua_tostring(chunk_, -1);
    int line = syntax_error_line(message, options_.script_name);
    fail(std::move(message), Failure::Syntax, line);
    return false;
  }
  for (const std::string& a : options_.args) lua_pushstring(chunk_, a.c_str());
  state_ = RunState::Loaded;
  return true;
}

bool Runtime::in_main_chunk(lua_State* L) const { return L == chunk_ && !loop_.running(); }

int Runtime::snippet_line(lua_State* L, int level) const {
  lua_Debug ar;
  for (; lua_getstack(L, level, &ar); ++level) {
    lua_getinfo(L, "Sl", &ar);
    if (ar.currentline > 0 && chunkname_ == ar.source) return ar.currentline;
  }
  return 0;
}

int Runtime::definition_line(lua_State* L, int idx) const {
  idx = lua_absindex(L, idx);
  if (!lua_isfunction(L, idx)) {
    if (luaL_getmetafield(L, idx, "__call") == LUA_TNIL) return 0;
  } else {
    lua_pushvalue(L, idx);
  }
  lua_Debug ar;
  lua_getinfo(L, ">S", &ar);  // pops the function
  return ar.linedefined > 0 && chunkname_ == ar.source ? ar.linedefined : 0;
}

void Runtime::fail(std::string message, Failure kind, int line) {
  if (state_ == RunState::Failed) return;  // the first error is the one to report
  error_ = std::move(message);
  failure_ = kind;
  error_line_ = line;
  state_ = RunState::Failed;
  if (loop_.running()) loop_.stop();
}

void Runtime::interrupt(std::string reason) { fail(std::move(reason), Failure::Interrupted); }

void Runtime::request_interrupt(const char* reason) noexcept {
  interrupt_reason_.store(reason);
  interrupt_requested_.store(true);
}

// Turns a pending interrupt request into the end of the run; true if the run was interrupted.
bool Runtime::check_interrupt() {
  if (!interrupt_requested_.load()) return false;
  const char* reason = interrupt_reason_.load();
  fail(reason ? reason : "interrupted", Failure::Interrupted);
  return true;
}

void Runtime::write_output(std::string_view text) {
  if (output_truncated_) return;
  size_t cap = options_.limits.output_bytes;
  if (output_written_ + text.size() > cap) {
    text = text.substr(0, cap - output_written_);
    output_truncated_ = true;
  }
  output_written_ += text.size();
  if (!text.empty()) {
    if (loop_.trace().enabled()) loop_.trace().output(std::string(text));
    if (sink_) sink_(text);
  }
  if (output_truncated_) {
    std::string marker = "\n[output truncated: the snippet printed more than " + std::to_string(cap) + " bytes]\n";
    if (sink_) sink_(marker);
  }
}

void Runtime::resume_chunk(int nargs) {
  Budget& budget = sandbox_->budget;
  budget.reset("the main chunk");
  int nres = 0;
  int status = lua_resume(chunk_, L_, nargs, &nres);
  if (state_ == RunState::Failed) return;  // interrupted from outside while the chunk ran
  if (status == LUA_YIELD) {
    if (nres == 2 && is_run_request(chunk_, -2)) {
      requested_mode_ = static_cast<RunMode>(lua_tointeger(chunk_, -1));
      lua_pop(chunk_, 2);
      state_ = RunState::Looping;
    } else {
      fail(options_.script_name + ": coroutine.yield() called in the main chunk, outside any coroutine");
    }
    return;
  }
  if (status == LUA_OK) {
    lua_pop(chunk_, nres);
    state_ = RunState::Draining;
    return;
  }
  if (check_interrupt()) {
    return;
  } else if (is_budget_sentinel(chunk_, -1)) {
    fail(budget.message, Failure::Blocked, budget.line);
  } else if (status == LUA_ERRMEM && sandbox_->meter.refused) {
    fail("out of memory: the snippet needs more than " + std::to_string(sandbox_->meter.cap >> 20) +
             " MiB (the memory cap)",
         Failure::Memory, snippet_line(chunk_));
  } else {
    const char* msg = lua_tostring(chunk_, -1);
    int line = snippet_line(chunk_);  // the dead coroutine's stack still shows where it raised
    luaL_traceback(L_, chunk_, msg ? msg : "(error object is not a string)", 0);
    fail(lua_tostring(L_, -1), Failure::Error, line);
    lua_pop(L_, 1);
  }
}

void Runtime::call_callback(int nargs, const char* what) {
  if (state_ == RunState::Failed || tearing_down_) {  // after an error the run is over: no more snippet code
    lua_pop(L_, nargs + 1);
    return;
  }
  sandbox_->budget.reset(what);
  sandbox_->meter.refused = false;
  int base = lua_gettop(L_) - nargs;
  if (loop_.trace().enabled()) [[unlikely]] {
    if (int line = definition_line(L_, base)) loop_.trace().set_callback_line(line);
  }
  lua_pushcfunction(L_, callback_message_handler);
  lua_insert(L_, base);
  int status = lua_pcall(L_, nargs, 0, base);
  if (status != LUA_OK) {
    fail_callback(status, what);
    lua_pop(L_, 1);
  }
  lua_remove(L_, base);
}

// traceback_handler, after noting the snippet's line where the error was raised (the stack unwinds after).
int Runtime::callback_message_handler(lua_State* L) {
  Runtime& rt = Runtime::of(L);
  rt.raised_line_ = rt.snippet_line(L, 1);
  return traceback_handler(L);
}

// Turns a failed protected call (its error object on top of L_) into the run's error.
void Runtime::fail_callback(int status, const char* what) {
  if (check_interrupt()) return;
  if (is_budget_sentinel(L_, -1)) {
    fail(sandbox_->budget.message, Failure::Blocked, sandbox_->budget.line);
  } else if (status == LUA_ERRMEM && sandbox_->meter.refused) {
    fail("out of memory in " + std::string(what) + ": the snippet needs more than " +
             std::to_string(sandbox_->meter.cap >> 20) + " MiB (the memory cap)",
         Failure::Memory, raised_line_);
  } else {
    const char* msg = lua_tostring(L_, -1);
    fail(msg ? msg : "error in callback", Failure::Error, raised_line_);
  }
}

RunState Runtime::advance(StepKind kind) {
  last_step_ = StepResult{};
  switch (state_) {
    case RunState::Loaded:
      state_ = RunState::Chunk;
      resume_chunk((int)options_.args.size());
      break;
    case RunState::Chunk:
      resume_chunk(std::exchange(resume_nargs_, 0));
      break;
    case RunState::Looping:
    case RunState::Draining: {
      bool draining = state_ == RunState::Draining;
      StepResult r = loop_.step(kind, draining ? RunMode::Default : requested_mode_);
      last_step_ = r;
      if (state_ == RunState::Failed) break;
      if (r.error < 0) {
        fail("the loop refused to step: " + loop_.last_error());
      } else if (r.run_ended) {
        finish_loop_run(r.result);
      }
      break;
    }
    default:
      break;
  }
  return state_;
}

// The loop run the chunk asked for has returned: the chunk gets uv.run's result at its next resumption (a step
// of its own: advance() never runs loop callbacks and snippet code of the chunk in one go).
void Runtime::finish_loop_run(int result) {
  stalled_ = loop_.stalled();
  if (state_ == RunState::Draining) {
    state_ = RunState::Done;
    return;
  }
  lua_pushboolean(chunk_, result > 0);
  resume_nargs_ = 1;
  state_ = RunState::Chunk;
}

bool Runtime::run_to_completion() {
  while (true) {
    switch (state_) {
      case RunState::Idle:
        fail("nothing loaded");
        return false;
      case RunState::Loaded:
        state_ = RunState::Chunk;
        resume_chunk((int)options_.args.size());
        break;
      case RunState::Chunk:  // the chunk resumes with uv.run's result
        resume_chunk(std::exchange(resume_nargs_, 0));
        break;
      case RunState::Looping:
      case RunState::Draining: {
        int result = loop_.run(state_ == RunState::Draining ? RunMode::Default : requested_mode_);
        if (state_ == RunState::Failed || check_interrupt()) return false;
        if (result < 0) {
          fail("the loop refused to run: " + loop_.last_error());
          return false;
        }
        finish_loop_run(result);
        break;
      }
      case RunState::Done:
        return true;
      case RunState::Failed:
        return false;
    }
  }
}

}  // namespace ls::lua
