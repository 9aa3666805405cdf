// See l_thread.h. uv.thread_self() / uv.thread_equal(a, b) / t:equal(b), and tostring "uv_thread_t: 0x...".
// In a work state, sleep blocks the worker natively, as luv's does; on the emulated backend it returns at once:
// a job's virtual duration is the pool's model there (EmulatedOptions::work_ns), and the loop thread, which
// runs the job, must not stall.
#include "lua/l_thread.h"

#include <chrono>
#include <cstdio>
#include <thread>
#ifndef __EMSCRIPTEN__
#include <pthread.h>
#endif

#include "core/emu/emulated_backend.h"
#include "lua/l_bindings.h"
#include "lua/runtime.h"

namespace ls::lua {

namespace {

constexpr const char* kThread = "uv_thread";

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
  if (luaL_newmetatable(L, kThread)) {
    lua_pushcfunction(L, l_thread_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushcfunction(L, l_thread_equal);
    lua_setfield(L, -2, "__eq");
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, l_thread_equal);
    lua_setfield(L, -2, "equal");
    lua_setfield(L, -2, "__index");
  }
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

const luaL_Reg kFunctions[] = {{"thread_self", l_thread_self}, {"thread_equal", l_thread_equal}, {nullptr, nullptr}};

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
  lua_getglobal(W, "require");
  lua_pushcclosure(W, work_require, 2);
  lua_setglobal(W, "require");
}

void open_thread(lua_State* L) {
  define_thread_type(L);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
