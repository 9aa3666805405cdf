// See l_thread.h. uv.thread_self() / uv.thread_equal(a, b) / t:equal(b), and tostring "uv_thread_t: 0x...".
// In a work state, sleep blocks the worker natively, as luv's does; on the emulated backend it returns at once:
// a job's virtual duration is the pool's model there (EmulatedOptions::work_ns), and the loop thread, which
// runs the job, must not stall.
//
// uv.new_thread([options,] fn or code, ...) and thread:join() / uv.thread_join(t), natively: an OS thread runs
// fn in a Lua state of its own, the work state of l_work.h (the same library, require('luv'), limits and
// argument rules, "Error: thread arg not support type 'table' at 1"); fn crosses as its string.dump, code as
// given (a binary chunk only with --unsafe, whose load takes them too). What the thread prints is written out
// when it is joined, as is luv's "Uncaught Error: ..." for an error in it (luv then exits the process; here the
// run goes on). A thread never joined is detached when its value is collected, its output dropped. On the
// emulated backend, whose kernel has one thread, and in wasm, new_thread is luv's ENOSYS triple.
#include "lua/l_thread.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <system_error>
#include <thread>
#ifndef __EMSCRIPTEN__
#include <pthread.h>
#endif

#include "core/emu/emulated_backend.h"
#include "lua/l_bindings.h"
#include "lua/l_crossing.h"
#include "lua/l_handle.h"
#include "lua/l_metatable.h"
#include "lua/l_work.h"
#include "lua/runtime.h"

namespace ls::lua {

namespace {

constexpr const char* kThread = "uv_thread";

// A uv_thread_t made by new_thread: the id (first, so thread_id() reads both kinds) and its run.
struct ThreadRun {
  std::shared_ptr<Job> job;
  std::thread thread;
};
struct NewThread {
  uint64_t id = 0;
  ThreadRun* run = nullptr;  // null once joined
};

NewThread* new_thread_at(lua_State* L, int idx) {
  void* p = luaL_checkudata(L, idx, kThread);
  return lua_rawlen(L, idx) >= sizeof(NewThread) ? static_cast<NewThread*>(p) : nullptr;
}

int l_thread_gc(lua_State* L) {
  NewThread* t = new_thread_at(L, 1);
  if (t && t->run) {
    t->run->thread.detach();  // the job is shared: the thread finishes on its own (the pool's stop ends it)
    delete t->run;
    t->run = nullptr;
  }
  return 0;
}

int l_thread_join(lua_State* L) {
  NewThread* t = new_thread_at(L, 1);
  if (!t) return push_error(L, -EINVAL);  // thread_self's value: not a thread this state started
  if (!t->run) return push_error(L, -ESRCH);  // joined already
  t->run->thread.join();
  std::shared_ptr<Job> job = std::move(t->run->job);
  delete t->run;
  t->run = nullptr;
  Runtime& rt = Runtime::of(L);
  if (!job->output.empty()) rt.write_output(job->output);
  if (!job->error.empty()) return luaL_error(L, "thread: %s", job->error.c_str());
  lua_pushboolean(L, 1);
  return 1;
}

int l_new_thread(lua_State* L) {
  int fn = 1;
  if (lua_type(L, 1) == LUA_TTABLE) {  // options: stack_size is accepted (std::thread picks the stack)
    fn = 2;
    lua_getfield(L, 1, "stack_size");
    if (!lua_isnil(L, -1) && !lua_isnumber(L, -1)) return luaL_argerror(L, 1, "stack_size option must be a number if set");
    lua_pop(L, 1);
  }
  bool text = lua_type(L, fn) == LUA_TSTRING;
  if (!text) luaL_checktype(L, fn, LUA_TFUNCTION);
  if (!text && lua_iscfunction(L, fn)) return luaL_error(L, "Error: unable to dump given function");
  bool binary = text && lua_tostring(L, fn)[0] == LUA_SIGNATURE[0];
  if (binary && !Runtime::of(L).options().unsafe)
    return luaL_error(L, "uv.new_thread: binary chunks cannot be loaded in Loopscope's sandbox (the native CLI's "
                      "--unsafe allows it); pass the function itself");
  for (int i = fn + 1, top = lua_gettop(L); i <= top; i++)
    if (!can_cross(L, i))
      return luaL_error(L, "Error: thread arg not support type '%s' at %d", luaL_typename(L, i), i - fn);
#ifdef __EMSCRIPTEN__
  return push_error(L, -ENOSYS);
#else
  if (emulated_kernel(Runtime::of(L).loop())) return push_error(L, -ENOSYS);
  auto* t = static_cast<NewThread*>(lua_newuserdatauv(L, sizeof(NewThread), 0));
  *t = NewThread{};
  luaL_setmetatable(L, kThread);
  auto job = std::make_shared<Job>();
  set_job_limits(L, *job);
  if (text) {
    size_t len;
    const char* code = lua_tolstring(L, fn, &len);
    job->code.assign(code, len);
  } else {
    job->code = dump_function(L, fn);
  }
  job->text = text && !binary;
  copy_values(L, fn + 1, lua_gettop(L) - 1, job->args);
  auto* run = new ThreadRun{job, {}};
  try {
    run->thread = std::thread([job] { run_job(*job); });
  } catch (const std::system_error& e) {
    delete run;
    return push_error(L, -e.code().value());
  }
  t->id = static_cast<uint64_t>(run->thread.native_handle());
  t->run = run;
  return 1;
#endif
}

int l_thread_tostring(lua_State* L) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "uv_thread_t: 0x%llx", (unsigned long long)thread_id(L, 1));
  lua_pushstring(L, buf);
  return 1;
}

int l_thread_equal(lua_State* L) {
  lua_pushboolean(L, thread_id(L, 1) == thread_id(L, 2));
  return 1;
}

void define_thread_type(lua_State* L) {
  static const luaL_Reg kMeta[] = {
      {"__tostring", l_thread_tostring}, {"__eq", l_thread_equal}, {"__gc", l_thread_gc}, {nullptr, nullptr}};
  static const luaL_Reg kMethods[] = {{"equal", l_thread_equal}, {"join", l_thread_join}, {nullptr, nullptr}};
  define_metatable(L, kThread, kMeta, kMethods);
  lua_pop(L, 1);
}

int l_thread_self(lua_State* L) {
  push_thread(L, current_thread_id(emulated_kernel(Runtime::of(L).loop()) != nullptr));
  return 1;
}

// The work state's versions: the backend is an upvalue (the work state has no Runtime).
int work_thread_self(lua_State* W) {
  push_thread(W, current_thread_id(lua_toboolean(W, lua_upvalueindex(1))));
  return 1;
}

int work_sleep(lua_State* W) {
  lua_Integer ms = luaL_checkinteger(W, 1);
  if (!lua_toboolean(W, lua_upvalueindex(1)) && ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return 0;
}

int work_require(lua_State* W) {
  const char* name = luaL_checkstring(W, 1);
  if (std::string_view(name) == "luv") {  // only luv's own name: a work state of luv has no "uv" alias
    lua_pushvalue(W, lua_upvalueindex(1));
    return 1;
  }
  // The state's refusal, its message placed at the caller's line (as if the caller had called it directly).
  luaL_where(W, 1);
  lua_pushvalue(W, lua_upvalueindex(2));
  lua_pushvalue(W, 1);
  lua_pcall(W, 1, 0, 0);
  lua_concat(W, 2);
  return lua_error(W);
}

const luaL_Reg kFunctions[] = {{"thread_self", l_thread_self}, {"thread_equal", l_thread_equal},
                               {"new_thread", l_new_thread},   {"thread_join", l_thread_join},
                               {nullptr, nullptr}};

}  // namespace

void push_thread(lua_State* L, uint64_t id) {
  define_thread_type(L);
  *static_cast<uint64_t*>(lua_newuserdatauv(L, sizeof(uint64_t), 0)) = id;
  luaL_setmetatable(L, kThread);
}

bool is_thread(lua_State* L, int idx) { return luaL_testudata(L, idx, kThread) != nullptr; }

uint64_t thread_id(lua_State* L, int idx) { return *static_cast<uint64_t*>(luaL_checkudata(L, idx, kThread)); }

uint64_t current_thread_id(bool emulated) {
#ifdef __EMSCRIPTEN__
  (void)emulated;
  return 1;
#else
  return emulated ? 1 : static_cast<uint64_t>(pthread_self());
#endif
}

void open_work_luv(lua_State* W, bool emulated) {
  lua_createtable(W, 0, 3);
  lua_pushboolean(W, emulated);
  lua_pushcclosure(W, work_sleep, 1);
  lua_setfield(W, -2, "sleep");
  lua_pushboolean(W, emulated);
  lua_pushcclosure(W, work_thread_self, 1);
  lua_setfield(W, -2, "thread_self");
  lua_pushcfunction(W, l_thread_equal);
  lua_setfield(W, -2, "thread_equal");
  open_async_ports(W);
  lua_getglobal(W, "require");
  lua_pushcclosure(W, work_require, 2);
  lua_setglobal(W, "require");
}

void open_thread(lua_State* L) {
  define_thread_type(L);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
