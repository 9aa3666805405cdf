// uv.new_async(cb) and async:send(...): sends coalesce; the callback gets the values of the last send, as in luv.
#include "core/async.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

constexpr const char* kAsync = "uv_async";

// The values of the last send() wait in the registry in a table {n = count, ...} under this slot's ref.
struct AsyncValues {
  int ref = LUA_NOREF;
};

int l_new_async(lua_State* L) {
  auto* values = new AsyncValues;
  auto* async = new Async(Runtime::of(L).loop(), [values](Async& a) {
    auto* b = static_cast<HandleBinding*>(a.data);
    lua_State* L = b->L;
    if (!push_callback(b, kMainCallback)) return;
    int n = 0;
    if (values->ref != LUA_NOREF) {
      lua_rawgeti(L, LUA_REGISTRYINDEX, values->ref);
      lua_getfield(L, -1, "n");
      n = (int)lua_tointeger(L, -1);
      lua_pop(L, 1);
      for (int i = 1; i <= n; i++) lua_rawgeti(L, -i, i);
      lua_remove(L, -n - 1);
      luaL_unref(L, LUA_REGISTRYINDEX, values->ref);
      values->ref = LUA_NOREF;
    }
    call_slot(b, kMainCallback, n, "async callback");
  });
  HandleBinding* b = push_handle(L, async, kAsync);
  // Owned by the binding before set_callback, which raises on a bad callback (a leak ASan found by fuzzing).
  b->cleanup = [](HandleBinding* self) {
    auto* v = static_cast<AsyncValues*>(self->extra);
    luaL_unref(self->L, LUA_REGISTRYINDEX, v->ref);
    delete v;
  };
  b->extra = values;
  set_callback(L, b, kMainCallback, 1);
  return 1;
}

int l_async_send(lua_State* L) {
  HandleBinding* b = check_binding(L, 1, kAsync);
  auto* values = static_cast<AsyncValues*>(b->extra);
  int n = lua_gettop(L) - 1;
  lua_createtable(L, n, 1);
  for (int i = 1; i <= n; i++) {
    lua_pushvalue(L, i + 1);
    lua_rawseti(L, -2, i);
  }
  lua_pushinteger(L, n);
  lua_setfield(L, -2, "n");
  luaL_unref(L, LUA_REGISTRYINDEX, values->ref);
  values->ref = luaL_ref(L, LUA_REGISTRYINDEX);
  return push_result(L, static_cast<Async*>(b->handle)->send());
}

const luaL_Reg kMethods[] = {{"send", l_async_send}, {nullptr, nullptr}};
const luaL_Reg kFunctions[] = {{"new_async", l_new_async}, {"async_send", l_async_send}, {nullptr, nullptr}};

}  // namespace

void open_async(lua_State* L) {
  define_handle_type(L, kAsync, kMethods);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
