// uv.new_async(cb) and async:send(...): sends coalesce; the callback gets the values of the last send, as in luv.
// A work function or a thread may be given the handle and send from its own thread (l_crossing.h): those values
// wait in the handle's mailbox; the newest send, from either side, is what the callback gets.
#include <memory>

#include "core/async.h"
#include "lua/l_crossing.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

constexpr const char* kAsync = "uv_async";

// The values of the last send() wait in the registry in a table {n = count, ...} under this slot's ref.
struct AsyncValues {
  int ref = LUA_NOREF;
  std::shared_ptr<AsyncMailbox> box = std::make_shared<AsyncMailbox>();
};

// Values another thread sent, if they are the newest: pushed, and their count returned; else -1.
int take_mailbox(lua_State* L, AsyncMailbox& box) {
  std::vector<Value> values;
  {
    std::lock_guard<std::mutex> lock(box.mu);
    if (!box.has) return -1;
    box.has = false;
    values = std::move(box.values);
    box.values.clear();
  }
  push_values(L, values);
  return (int)values.size();
}

int l_new_async(lua_State* L) {
  auto* values = new AsyncValues;
  auto* async = new Async(Runtime::of(L).loop(), [values](Async& a) {
    auto* b = static_cast<HandleBinding*>(a.data);
    lua_State* L = b->L;
    if (!push_callback(b, kMainCallback)) return;
    int n = take_mailbox(L, *values->box);
    if (n >= 0) {
      luaL_unref(L, LUA_REGISTRYINDEX, values->ref);
      values->ref = LUA_NOREF;
    } else if (n = 0; values->ref != LUA_NOREF) {
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
  values->box->handle = async;
  b->cleanup = [](HandleBinding* self) {
    auto* v = static_cast<AsyncValues*>(self->extra);
    {
      std::lock_guard<std::mutex> lock(v->box->mu);  // ports in other threads see the handle go
      v->box->handle = nullptr;
    }
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
  {
    std::lock_guard<std::mutex> lock(values->box->mu);  // this send is newer than any other thread's
    values->box->has = false;
  }
  return push_result(L, static_cast<Async*>(b->handle)->send());
}

const luaL_Reg kMethods[] = {{"send", l_async_send}, {nullptr, nullptr}};
const luaL_Reg kFunctions[] = {{"new_async", l_new_async}, {"async_send", l_async_send}, {nullptr, nullptr}};

}  // namespace

std::shared_ptr<AsyncMailbox> async_mailbox_of(lua_State* L, int idx) {
  if (!luaL_testudata(L, idx, kAsync)) return nullptr;
  HandleBinding* b = test_binding(L, idx);
  if (!b || !b->handle) return nullptr;
  return static_cast<AsyncValues*>(b->extra)->box;
}

void push_async_handle(lua_State* L, AsyncMailbox& box) {
  Async* handle;
  {
    std::lock_guard<std::mutex> lock(box.mu);
    handle = box.handle;
  }
  auto* b = handle ? static_cast<HandleBinding*>(handle->data) : nullptr;
  if (b && b->self_ref != LUA_NOREF) lua_rawgeti(L, LUA_REGISTRYINDEX, b->self_ref);
  else lua_pushnil(L);
}

void open_async(lua_State* L) {
  define_handle_type(L, kAsync, kMethods);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
