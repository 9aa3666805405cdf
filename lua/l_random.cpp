// uv.random(len, [flags], [callback]) as luv 1.44 binds it over ls::random_bytes: the bytes at once without a
// callback; with one, 0 at once and callback(nil, bytes) — or callback(err) — from a pool request. flags: nil,
// an integer (anything but 0 is EINVAL, as libuv) or a table (for flags libuv may add). Natively the bytes are
// the system's; the emulated backend's repeat every run (core/random.h).
#include <string>

#include "core/errors.h"
#include "core/random.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

int l_random(lua_State* L) {
  lua_Integer len = luaL_checkinteger(L, 1);
  unsigned flags = 0;
  if (lua_type(L, 2) == LUA_TNUMBER || lua_isnoneornil(L, 2))
    flags = (unsigned)luaL_optinteger(L, 2, 0);
  else if (lua_type(L, 2) != LUA_TTABLE)
    return luaL_argerror(L, 2, "expected nil, integer, or table");
  bool async = !lua_isnoneornil(L, 3);
  if (async) check_callable(L, 3);
  // luv refuses what uv_random would (E2BIG past 2^31-1; a negative length wraps there); the buffer lives
  // outside Lua's allocator, so more than the snippet's memory cap is refused too.
  if ((uint64_t)len > 0x7FFFFFFFu) return push_error(L, -E2BIG);
  if ((uint64_t)len > Runtime::of(L).options().limits.memory_bytes) return push_error(L, -ENOMEM);
  Loop& loop = Runtime::of(L).loop();
  if (!async) {
    RandomResult r = random_bytes(loop, (size_t)len, flags);
    if (r.result < 0) return push_error(L, (int)r.result);
    lua_pushlstring(L, r.data.data(), r.data.size());
    return 1;
  }
  lua_pushvalue(L, 3);
  int ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_State* main = Runtime::of(L).L();
  RandomResult queued = random_bytes(loop, (size_t)len, flags, [main, ref](RandomResult& r) {
    lua_rawgeti(main, LUA_REGISTRYINDEX, ref);
    luaL_unref(main, LUA_REGISTRYINDEX, ref);
    int n = 1;
    if (r.result < 0) {
      lua_pushfstring(main, "%s: %s", err_name((int)r.result), ls::strerror((int)r.result));
    } else {
      lua_pushnil(main);
      lua_pushlstring(main, r.data.data(), r.data.size());
      n = 2;
    }
    Runtime::of(main).call_callback(n, "random callback");
  });
  if (queued.result < 0) {
    luaL_unref(L, LUA_REGISTRYINDEX, ref);
    return push_error(L, (int)queued.result);
  }
  lua_pushinteger(L, 0);
  return 1;
}

const luaL_Reg kFunctions[] = {{"random", l_random}, {nullptr, nullptr}};

}  // namespace

void open_random(lua_State* L) { luaL_setfuncs(L, kFunctions, 0); }

}  // namespace ls::lua
