// The `async` module (lua/modules/async.lua, compiled in): coroutine-style snippets over luv callbacks. This file
// loads it with the one C function it needs, which reports what its tasks do (spawn, suspend with what they
// await, resume, end) to the runtime's coroutine table and the trace.
#include <cstring>
#include <string>

#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/runtime.h"
#include "lua.hpp"

namespace ls::lua {

extern const char* const kAsyncModuleSource;

namespace {

// The module's trace(event, ...) (see async.lua): the task's row in the runtime's coroutine table, and its
// event in the loop's trace.
int l_trace(lua_State* L) {
  Runtime& rt = Runtime::of(L);
  CoroutineTable& table = rt.coroutines();
  const char* event = luaL_checkstring(L, 1);
  if (std::strcmp(event, "spawn") == 0) {
    uint64_t id = table.spawn(CoroKind::Task, luaL_checkstring(L, 2), (int)luaL_optinteger(L, 3, 0));
    lua_pushinteger(L, (lua_Integer)id);
    return 1;
  }
  auto id = (uint64_t)luaL_optinteger(L, 2, 0);
  if (std::strcmp(event, "suspend") == 0) {
    std::string what = luaL_optstring(L, 4, "");
    if (HandleBinding* b = test_binding(L, 5); b && b->handle)
      what += std::string(" ") + to_string(b->handle->type()) + " #" + std::to_string(b->handle->id());
    table.suspend(id, (int)luaL_optinteger(L, 3, 0), std::move(what));
  } else if (std::strcmp(event, "resume") == 0) {
    table.resume(id);
  } else if (std::strcmp(event, "done") == 0) {
    table.end(id, !lua_toboolean(L, 3), 0);
  }
  return 0;
}

}  // namespace

void open_async_module(lua_State* L) {
  if (luaL_loadbufferx(L, kAsyncModuleSource, std::strlen(kAsyncModuleSource), "@async.lua", "t") != LUA_OK)
    lua_error(L);  // a broken build, not a snippet error
  lua_pushcfunction(L, l_trace);
  lua_call(L, 1, 1);
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "loaded");
  lua_pushvalue(L, -3);
  lua_setfield(L, -2, "async");
  lua_pop(L, 3);
}

}  // namespace ls::lua
