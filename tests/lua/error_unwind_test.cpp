// A Lua error raised inside a binding leaves its C++ frame through the destructors (cmake/lua.cmake: natively Lua
// is compiled as C++, so luaL_error throws instead of longjmp'ing). Before, every std::string alive in a binding
// that raised an argument error leaked (fuzz_lua_uv under ASan). The wasm build keeps Lua as C (longjmp), so
// this is a native test.
#ifndef __EMSCRIPTEN__
#include <doctest/doctest.h>

#include <string>

#include "lua.hpp"

namespace {

struct Counted {
  int* destroyed;
  ~Counted() { ++*destroyed; }
};

// The shape of lua/l_fs.cpp's bindings: a string copied out of the stack, then a check that raises.
int raise_with_live_objects(lua_State* L) {
  Counted counted{static_cast<int*>(lua_touserdata(L, lua_upvalueindex(1)))};
  std::string path(64, 'p');  // longer than the small-string buffer: a heap block that must be freed
  luaL_checkinteger(L, 1);
  return 0;
}

}  // namespace

TEST_CASE("a Lua error raised in a binding runs the destructors of the binding's objects") {
  lua_State* L = luaL_newstate();
  REQUIRE(L != nullptr);
  luaL_openlibs(L);
  int destroyed = 0;
  lua_pushlightuserdata(L, &destroyed);
  lua_pushcclosure(L, raise_with_live_objects, 1);
  lua_setglobal(L, "raise_with_live_objects");
  REQUIRE(luaL_dostring(L, "ok, err = pcall(raise_with_live_objects, 'not a number')") == LUA_OK);
  lua_getglobal(L, "err");
  CHECK(std::string(lua_tostring(L, -1)).find("bad argument #1") != std::string::npos);
  lua_pop(L, 1);
  CHECK(destroyed == 1);
  // The state is still usable, and an error inside a coroutine unwinds the same way.
  REQUIRE(luaL_dostring(L, "co_ok = coroutine.resume(coroutine.create(function() raise_with_live_objects({}) end))") == LUA_OK);
  CHECK(destroyed == 2);
  lua_close(L);
}
#endif  // __EMSCRIPTEN__
