// The `async` module (lua/modules/async.lua, compiled in): coroutine-style snippets over luv callbacks. This file
// loads it with the one C function it needs, which records task suspensions and resumptions in the trace.
#include <cstring>
#include <string>

#include "lua/l_bindings.h"
#include "lua/runtime.h"
#include "lua.hpp"

namespace ls::lua {

extern const char* const kAsyncModuleSource;

namespace {

// trace(kind, task_name, line)
int l_trace(lua_State* L) {
  const char* kind = luaL_checkstring(L, 1);
  const char* name = luaL_checkstring(L, 2);
  int line = (int)luaL_optinteger(L, 3, 0);
  Trace& trace = Runtime::of(L).loop().trace();
  if (!trace.enabled()) return 0;
  if (std::strcmp(kind, "suspend") == 0)
    trace.coro_suspend(name, line);
  else
    trace.coro_resume(name, line);
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
