// uv.new_work(work_fn, after_fn) and uv.queue_work(ctx, ...) / ctx:queue(...), as in luv: work_fn runs on the
// thread pool in a Lua state of its own (natively on a real worker thread; on the emulated backend on the loop
// thread when its virtual worker starts the job), then after_fn(...) gets its return values on the loop thread.
//
// What crosses between the states is copied (l_crossing.h): nil, boolean, number (integer or float, as given:
// luv 1.44 turns every number into a float), string, uv_thread_t (uv.thread_self()'s value) and uv_async_t (the
// work function may send to it). In the work state, require('luv') gives sleep, thread_self, thread_equal and
// async_send (l_thread.h); any other module is refused.
// The function itself crosses as its string.dump; only the runtime loads
// that binary chunk (snippet `load` stays text-only), and it always comes from a function the runtime compiled.
// The work state is fresh for every job (luv reuses states, so globals could leak from one job to the next).
//
// An error in work_fn is luv's: "Uncaught Error: <message and traceback>" is printed (luv writes it to stderr;
// here it joins the snippet's output), after_fn is called with nothing and the run carries on. An argument of
// another type is luv's error at queue time ("Error: thread arg not support type 'table' at 1").
// work_fn returning a value of another type is luv's error too: printed the same way, and after_fn gets the values
// before it. Where we differ from luv on purpose: the instruction budget or the memory cap running out in work_fn
// end the run with a clear error (they are Loopscope's limits, not the snippet's bug).
// Like luv, locals of the enclosing code that work_fn uses (upvalues other than _ENV) are nil in the work state;
// if work_fn then fails, the error says so.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/emu/emulated_backend.h"
#include "core/threadpool.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/l_metatable.h"
#include "lua/l_thread.h"
#include "lua/l_work.h"
#include "lua/runtime.h"
#include "lua/sandbox.h"

namespace ls::lua {
namespace {

constexpr const char* kWorkCtx = "luv_work_ctx";
constexpr const char* kPoolKey = "loopscope.work_pool";
constexpr const char* kCountKey = "loopscope.work_ctx_count";  // ctxs print with a counter: runs are repeatable

// ---- the work state (on a worker) ----

// The work state's allocator: its bytes count against the snippet's cap together with the main state's (as they
// were at queue time) and every other work state's.
void* work_alloc(void* ud, void* ptr, size_t osize, size_t nsize) {
  auto* job = static_cast<Job*>(ud);
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    std::free(ptr);
    job->used -= old;
    job->pool->used.fetch_sub(old, std::memory_order_relaxed);
    return nullptr;
  }
  size_t grow = nsize > old ? nsize - old : 0;
  if (grow) {
    size_t total = job->pool->used.fetch_add(grow, std::memory_order_relaxed) + grow;
    if (job->main_used + total > job->memory_cap) {
      job->pool->used.fetch_sub(grow, std::memory_order_relaxed);
      job->refused = true;
      return nullptr;
    }
  }
  void* p = std::realloc(ptr, nsize);
  if (!p) {
    job->pool->used.fetch_sub(grow, std::memory_order_relaxed);
    return nullptr;
  }
  if (!grow) job->pool->used.fetch_sub(old - nsize, std::memory_order_relaxed);
  job->used = job->used - old + nsize;
  return p;
}

Job* job_of(lua_State* W) { return static_cast<Job*>(lua_touserdata(W, lua_upvalueindex(1))); }

// print in a work state: kept (up to the output cap) and written out on the loop thread before after_fn, so the
// output stays in one deterministic place instead of racing the loop's own prints.
int work_print(lua_State* W) {
  Job* job = job_of(W);
  for (int i = 1, n = lua_gettop(W); i <= n; i++) {
    size_t len;
    const char* s = luaL_tolstring(W, i, &len);
    if (i > 1) job->output += '\t';
    job->output.append(s, len);
    lua_pop(W, 1);
  }
  job->output += '\n';
  if (job->output.size() > job->output_cap) job->output.resize(job->output_cap);
  return 0;
}

// lua_load set the first upvalue to the globals; as in luv, _ENV (wherever it is) sees the globals and every
// other upvalue is nil.
void bind_upvalues(lua_State* W, int fn) {
  for (int i = 1;; i++) {
    const char* name = lua_getupvalue(W, fn, i);
    if (!name) break;
    lua_pop(W, 1);
    if (std::string_view(name) == "_ENV") lua_pushglobaltable(W);
    else lua_pushnil(W);
    lua_setupvalue(W, fn, i);
  }
}

std::string memory_message(const Job& job) {
  return "out of memory in the work function: the snippet needs more than " + std::to_string(job.memory_cap >> 20) +
         " MiB (the memory cap, work states included)";
}

// Runs in protected mode in the fresh work state: opens the library, loads and calls work_fn, keeps its results.
int run_protected(lua_State* W) {
  Job* job = static_cast<Job*>(lua_touserdata(W, 1));
  Budget* budget = static_cast<Budget*>(lua_touserdata(W, 2));
  lua_settop(W, 0);
  open_work_stdlib(W, job->seed);
  open_work_luv(W, job->emulated);
  lua_pushlightuserdata(W, job);
  lua_pushcclosure(W, work_print, 1);
  lua_setglobal(W, "print");
  install_budget_hook(W, budget);

  lua_pushcfunction(W, traceback_handler);
  const char* mode = job->text ? "t" : "b";
  if (luaL_loadbufferx(W, job->code.data(), job->code.size(), "=work", mode) != LUA_OK) {
    job->error = std::string("work function: ") + lua_tostring(W, -1);
    return 0;
  }
  if (!job->text) bind_upvalues(W, 2);
  push_values(W, job->args);
  int status = lua_pcall(W, (int)job->args.size(), LUA_MULTRET, 1);
  if (status != LUA_OK) {
    if (is_budget_sentinel(W, -1)) {
      job->error = budget->message;
      if (budget->message != "interrupted")
        job->error += " (the limit per work function; it runs on a pool worker, so the loop was not blocked)";
    } else if (job->refused) {
      job->error = memory_message(*job);
    } else {
      const char* msg = lua_tostring(W, -1);
      job->output += std::string("Uncaught Error: ") + (msg ? msg : "error") + "\n";
      if (!job->outer_locals.empty())
        job->output += "(note: " + job->outer_locals +
                       " nil in its state, as in luv: it runs in a Lua state of its own, so pass values as "
                       "arguments)\n";
    }
    return 0;
  }
  // As luv's luv_work_cb: a value that cannot cross is an error raised from C after work_fn returned (so its
  // traceback is just "[C]: in ?"), and the values before it still reach after_fn.
  if (int bad = copy_values(W, 2, lua_gettop(W), job->results))
    job->output += "Uncaught Error: Error: thread arg not support type '" + std::string(luaL_typename(W, bad)) +
                   "' at " + std::to_string(bad - 1) + "\nstack traceback:\n\t[C]: in ?\n";
  return 0;
}

}  // namespace

// The job's body on the pool (or a thread): a fresh state, closed before returning.
void run_job(Job& job) {
  Budget budget;
  budget.limit = job.instruction_limit;
  budget.verdict = "the work function ran too long";
  budget.interrupt = &job.pool->stop;
  budget.reset("the work function");
  lua_State* W = lua_newstate(work_alloc, &job);
  if (!W) {
    job.error = memory_message(job);
    return;
  }
  lua_pushcfunction(W, run_protected);
  lua_pushlightuserdata(W, &job);
  lua_pushlightuserdata(W, &budget);
  int status = lua_pcall(W, 2, 0, 0);
  if (status != LUA_OK && job.error.empty()) {
    const char* msg = lua_tostring(W, -1);
    job.error = job.refused ? memory_message(job) : std::string("work function: ") + (msg ? msg : "error");
  }
  lua_close(W);
}

// ---- the binding (loop thread) ----
namespace {

// The runtime's pool, kept in the registry; its __gc (when the main state closes) tells running work to stop
// and unhooks the main state's meter from it.
struct PoolHolder {
  std::shared_ptr<WorkPool> pool;
  MemoryMeter* meter = nullptr;
};

int pool_gc(lua_State* L) {
  auto* h = static_cast<PoolHolder*>(lua_touserdata(L, 1));
  h->pool->stop.store(true);
  if (h->meter && h->meter->shared == &h->pool->used) h->meter->shared = nullptr;
  h->~PoolHolder();
  return 0;
}

PoolHolder& pool_of(lua_State* L) {
  lua_getfield(L, LUA_REGISTRYINDEX, kPoolKey);
  auto* h = static_cast<PoolHolder*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  return *h;
}

void create_pool(lua_State* L) {
  auto* h = static_cast<PoolHolder*>(lua_newuserdatauv(L, sizeof(PoolHolder), 0));
  new (h) PoolHolder{std::make_shared<WorkPool>(), nullptr};
  void* ud = nullptr;
  if (lua_getallocf(L, &ud) == capped_alloc) {
    h->meter = static_cast<MemoryMeter*>(ud);
    h->meter->shared = &h->pool->used;
  }
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, pool_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, kPoolKey);
}

// The ctx userdata: a number for __tostring; its user values are the code (1), after_fn (2), whether the code is
// text (3) and the names of work_fn's outer locals (4).
struct WorkCtx {
  lua_Integer id = 0;
};

int dump_writer(lua_State*, const void* p, size_t size, void* out) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(p), size);
  return 0;
}

// The upvalues other than _ENV, named for the error hint: "the local 'n' ... is", "the locals 'n', 'fib' ... are".
std::string outer_locals(lua_State* L, int fn) {
  std::string names;
  int count = 0;
  for (int i = 1;; i++) {
    const char* name = lua_getupvalue(L, fn, i);
    if (!name) break;
    lua_pop(L, 1);
    if (std::string_view(name) == "_ENV") continue;
    names += (count++ ? ", '" : "'") + std::string(name) + "'";
  }
  if (count == 0) return names;
  return (count == 1 ? "the local " : "the locals ") + names + " from outside the work function " +
         (count == 1 ? "is" : "are");
}

int l_new_work(lua_State* L) {
  bool text = lua_type(L, 1) == LUA_TSTRING;
  if (!text) luaL_checktype(L, 1, LUA_TFUNCTION);
  if (!is_callable(L, 2)) luaL_typeerror(L, 2, "function");
  if (text && lua_tostring(L, 1)[0] == LUA_SIGNATURE[0])
    return luaL_error(L, "uv.new_work: binary chunks cannot be loaded in Loopscope; pass the function itself");
  if (!text && lua_iscfunction(L, 1))
    return luaL_error(L, "uv.new_work: unable to dump given function (a work function must be written in Lua: "
                      "it is copied to the work state with string.dump)");

  auto* ctx = static_cast<WorkCtx*>(lua_newuserdatauv(L, sizeof(WorkCtx), 4));
  lua_getfield(L, LUA_REGISTRYINDEX, kCountKey);
  ctx->id = lua_tointeger(L, -1) + 1;
  lua_pop(L, 1);
  lua_pushinteger(L, ctx->id);
  lua_setfield(L, LUA_REGISTRYINDEX, kCountKey);
  luaL_setmetatable(L, kWorkCtx);

  if (text) {
    lua_pushvalue(L, 1);
  } else {
    std::string dump = dump_function(L, 1);
    lua_pushlstring(L, dump.data(), dump.size());
  }
  lua_setiuservalue(L, -2, 1);
  lua_pushvalue(L, 2);
  lua_setiuservalue(L, -2, 2);
  lua_pushboolean(L, text);
  lua_setiuservalue(L, -2, 3);
  lua_pushstring(L, text ? "" : outer_locals(L, 1).c_str());
  lua_setiuservalue(L, -2, 4);
  return 1;
}

// The completion, on the loop thread: the work's output, then after_fn(results) — or the work's error ends the run.
void finish_job(lua_State* L, int ctx_ref, Job& job) {
  Runtime& rt = Runtime::of(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, ctx_ref);
  luaL_unref(L, LUA_REGISTRYINDEX, ctx_ref);
  if (rt.state() == RunState::Failed) {
    lua_pop(L, 1);
    return;
  }
  if (!job.output.empty()) rt.write_output(job.output);
  if (!job.error.empty()) {
    lua_pop(L, 1);
    rt.fail(job.error);
    return;
  }
  lua_getiuservalue(L, -1, 2);
  lua_remove(L, -2);
  push_values(L, job.results);
  rt.call_callback((int)job.results.size(), "after work callback");
}

int l_queue_work(lua_State* L) {
  luaL_checkudata(L, 1, kWorkCtx);
  // Checked before any C++ object exists: a Lua error longjmps past destructors.
  for (int i = 2, top = lua_gettop(L); i <= top; i++)
    if (!can_cross(L, i))
      return luaL_error(L, "Error: thread arg not support type '%s' at %d", luaL_typename(L, i), i - 1);
  Runtime& rt = Runtime::of(L);
  auto job = std::make_shared<Job>();
  copy_values(L, 2, lua_gettop(L), job->args);
  lua_getiuservalue(L, 1, 1);
  size_t len;
  const char* code = lua_tolstring(L, -1, &len);
  job->code.assign(code, len);
  lua_getiuservalue(L, 1, 3);
  job->text = lua_toboolean(L, -1);
  lua_getiuservalue(L, 1, 4);
  job->outer_locals = lua_tostring(L, -1);
  lua_pop(L, 3);

  set_job_limits(L, *job);

  lua_pushvalue(L, 1);  // as luv: the ctx (and its after_fn) stays alive while work is pending
  int ctx_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_State* main = rt.L();
  int64_t id = queue_work(
      rt.loop(), [job] { run_job(*job); }, [main, ctx_ref, job](int) { finish_job(main, ctx_ref, *job); });
  if (id < 0) {
    luaL_unref(L, LUA_REGISTRYINDEX, ctx_ref);
    return push_error(L, (int)id);
  }
  lua_pushboolean(L, 1);
  return 1;
}

}  // namespace

void set_job_limits(lua_State* L, Job& job) {
  Runtime& rt = Runtime::of(L);
  PoolHolder& holder = pool_of(L);
  job.pool = holder.pool;
  job.instruction_limit = rt.options().limits.instructions_per_entry;
  job.memory_cap = rt.options().limits.memory_bytes;
  job.main_used = holder.meter ? holder.meter->used : 0;
  job.output_cap = rt.options().limits.output_bytes;
  job.seed = rt.options().seed;
  job.emulated = emulated_kernel(rt.loop()) != nullptr;
}

std::string dump_function(lua_State* L, int idx) {
  std::string dump;
  lua_pushvalue(L, idx);
  lua_dump(L, dump_writer, &dump, 0);
  lua_pop(L, 1);
  return dump;
}

namespace {

int l_ctx_tostring(lua_State* L) {
  auto* ctx = static_cast<WorkCtx*>(luaL_checkudata(L, 1, kWorkCtx));
  char buf[48];
  std::snprintf(buf, sizeof buf, "luv_work_ctx_t: 0x%08llx", (unsigned long long)ctx->id);
  lua_pushstring(L, buf);
  return 1;
}

const luaL_Reg kMethods[] = {{"queue", l_queue_work}, {nullptr, nullptr}};
const luaL_Reg kMeta[] = {{"__tostring", l_ctx_tostring}, {nullptr, nullptr}};
const luaL_Reg kFunctions[] = {{"new_work", l_new_work}, {"queue_work", l_queue_work}, {nullptr, nullptr}};

}  // namespace

void open_work(lua_State* L) {
  define_metatable(L, kWorkCtx, kMeta, kMethods);
  lua_pop(L, 1);
  create_pool(L);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
