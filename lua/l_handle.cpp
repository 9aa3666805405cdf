#include "lua/l_handle.h"

#include <cstdio>
#include <new>

#include "core/errors.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

const char kAnyHandleKey = 'h';  // registry key: set of all handle metatables

int l_close(lua_State* L) {
  HandleBinding* b = check_binding(L, 1);
  if (b->handle->is_closing()) return luaL_error(L, "handle %s is already closing", b->handle->type_name());
  if (!lua_isnoneornil(L, 2)) set_callback(L, b, kCloseCallback, 2);
  b->handle->close([b](Handle& h) {
    // The close callback is the last the snippet hears of this handle; then the core handle is freed.
    if (push_callback(b, kCloseCallback)) call_slot(b, kCloseCallback, 0, "close callback");
    release_binding(b);
    delete &h;
  });
  return 0;
}

// A handle whose close callback has run: luv still answers is_active (false) and is_closing (true) for it.
HandleBinding* check_maybe_closed(lua_State* L) { return check_binding(L, 1, nullptr, /*allow_closed=*/true); }

int l_is_active(lua_State* L) {
  HandleBinding* b = check_maybe_closed(L);
  lua_pushboolean(L, b->handle && b->handle->is_active());
  return 1;
}

int l_is_closing(lua_State* L) {
  HandleBinding* b = check_maybe_closed(L);
  lua_pushboolean(L, !b->handle || b->handle->is_closing());
  return 1;
}

int l_ref(lua_State* L) {
  check_binding(L, 1)->handle->ref();
  return 0;
}

int l_unref(lua_State* L) {
  check_binding(L, 1)->handle->unref();
  return 0;
}

int l_has_ref(lua_State* L) {
  lua_pushboolean(L, check_binding(L, 1)->handle->has_ref());
  return 1;
}

// libuv's uv_handle_type values, which luv returns with the name.
int libuv_handle_type(HandleType t) {
  switch (t) {
    case HandleType::Async: return 1;
    case HandleType::Check: return 2;
    case HandleType::Idle: return 6;
    case HandleType::Pipe: return 7;  // UV_NAMED_PIPE
    case HandleType::Poll: return 8;
    case HandleType::Prepare: return 9;
    case HandleType::Tcp: return 12;
    case HandleType::Tty: return 14;
    case HandleType::Udp: return 15;
    case HandleType::Timer: return 13;
    case HandleType::Signal: return 16;
    case HandleType::Process: return 10;
    case HandleType::FsEvent: return 3;
    case HandleType::FsPoll: return 4;
    case HandleType::Unknown: break;
  }
  return 0;
}

int l_get_type(lua_State* L) {
  Handle* h = check_binding(L, 1)->handle;
  lua_pushstring(L, h->type_name());
  lua_pushinteger(L, libuv_handle_type(h->type()));
  return 2;
}

int l_fileno(lua_State* L) {
  int fd = check_binding(L, 1)->handle->fileno();
  if (fd < 0) return push_error(L, fd);
  lua_pushinteger(L, fd);
  return 1;
}

// luv prints the userdata's address; an id keeps output identical between runs and between native and wasm.
int l_tostring(lua_State* L) {
  auto* b = static_cast<HandleBinding*>(lua_touserdata(L, 1));
  lua_getfield(L, lua_upvalueindex(1), "__name");
  unsigned long long id = b && b->handle ? b->handle->id() : 0;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s_t: 0x%08llx", lua_tostring(L, -1), id);
  lua_pushstring(L, buf);
  return 1;
}

const luaL_Reg kCommonMethods[] = {
    {"close", l_close},     {"is_active", l_is_active}, {"is_closing", l_is_closing}, {"ref", l_ref},
    {"unref", l_unref},     {"has_ref", l_has_ref},     {"get_type", l_get_type},     {"fileno", l_fileno},
    {nullptr, nullptr},
};

}  // namespace

const luaL_Reg kHandleFunctions[] = {
    {"close", l_close},   {"is_active", l_is_active}, {"is_closing", l_is_closing},
    {"ref", l_ref},       {"unref", l_unref},         {"has_ref", l_has_ref},
    {"handle_get_type", l_get_type}, {"fileno", l_fileno}, {nullptr, nullptr},
};

void release_binding(HandleBinding* b) {
  lua_State* L = b->L;
  b->handle = nullptr;
  for (int& r : b->callbacks) {
    luaL_unref(L, LUA_REGISTRYINDEX, r);
    r = LUA_NOREF;
  }
  luaL_unref(L, LUA_REGISTRYINDEX, b->self_ref);
  b->self_ref = LUA_NOREF;
  if (b->cleanup) {
    b->cleanup(b);
    b->cleanup = nullptr;
  }
  Runtime::of(L).release_memory(b->charged);
  b->charged = 0;
}

HandleBinding* push_handle(lua_State* L, Handle* handle, const char* tname, size_t handle_bytes) {
  Runtime& rt = Runtime::of(L);
  constexpr size_t kMallocHeader = 16;  // glibc's and emscripten's dlmalloc chunk overhead, per block
  size_t bytes = handle_bytes + kMallocHeader;  // the binding is in the userdata, which Lua's heap counts
  if (!rt.charge_memory(bytes)) {
    handle->close([](Handle& h) { delete &h; });
    rt.raise_out_of_memory(L);
  }
  auto* b = new (lua_newuserdatauv(L, sizeof(HandleBinding), 0)) HandleBinding;
  b->charged = static_cast<uint32_t>(bytes);
  b->handle = handle;
  // Callbacks run on the main thread, never on the coroutine that happened to create the handle.
  b->L = rt.L();
  handle->data = b;
  handle->set_source_line(rt.snippet_line(L));
  luaL_setmetatable(L, tname);
  lua_pushvalue(L, -1);
  b->self_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  return b;
}

// True if idx is a handle's userdata (any handle type); *out = its binding (null once released).
static bool is_handle_value(lua_State* L, int idx, HandleBinding** out) {
  void* p = lua_touserdata(L, idx);
  bool is_handle = false;
  if (p && lua_getmetatable(L, idx)) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &kAnyHandleKey);
    lua_pushvalue(L, -2);
    is_handle = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 3);
  }
  if (is_handle) *out = static_cast<HandleBinding*>(p);
  return is_handle;
}

HandleBinding* test_binding(lua_State* L, int idx) {
  HandleBinding* b = nullptr;
  return is_handle_value(L, idx, &b) ? b : nullptr;
}

HandleBinding* check_binding(lua_State* L, int idx, const char* tname, bool allow_closed) {
  HandleBinding* b = nullptr;
  if (tname) {
    b = static_cast<HandleBinding*>(luaL_checkudata(L, idx, tname));
  } else if (!is_handle_value(L, idx, &b)) {
    luaL_typeerror(L, idx, "uv_handle");
  }
  if (!b || (!b->handle && !allow_closed)) luaL_error(L, "attempt to use a closed handle");
  return b;
}

bool is_callable(lua_State* L, int idx) {
  if (lua_isfunction(L, idx)) return true;
  if (luaL_getmetafield(L, idx, "__call") == LUA_TNIL) return false;
  lua_pop(L, 1);
  return true;
}

void check_callable(lua_State* L, int idx) {
  if (!is_callable(L, idx)) luaL_typeerror(L, idx, "function or callable table");
}

void set_callback(lua_State* L, HandleBinding* b, CallbackSlot slot, int idx) {
  check_callable(L, idx);
  luaL_unref(L, LUA_REGISTRYINDEX, b->callbacks[slot]);
  lua_pushvalue(L, idx);
  b->callbacks[slot] = luaL_ref(L, LUA_REGISTRYINDEX);
}

bool push_callback(HandleBinding* b, CallbackSlot slot) {
  if (b->callbacks[slot] == LUA_NOREF || b->callbacks[slot] == LUA_REFNIL) return false;
  lua_rawgeti(b->L, LUA_REGISTRYINDEX, b->callbacks[slot]);
  return true;
}

void call_slot(HandleBinding* b, CallbackSlot slot, int nargs, const char* what) {
  // The callable was pushed before the arguments by the caller.
  (void)slot;
  Runtime::of(b->L).call_callback(nargs, what);
}

int push_error(lua_State* L, int err) {
  lua_pushnil(L);
  lua_pushfstring(L, "%s: %s", err_name(err), strerror(err));
  lua_pushstring(L, err_name(err));
  return 3;
}

int push_result(lua_State* L, int err) {
  if (err < 0) return push_error(L, err);
  lua_pushinteger(L, err);
  return 1;
}

void define_handle_type(lua_State* L, const char* tname, const luaL_Reg* methods, const luaL_Reg* more_methods) {
  luaL_newmetatable(L, tname);
  lua_newtable(L);
  luaL_setfuncs(L, kCommonMethods, 0);
  luaL_setfuncs(L, methods, 0);
  if (more_methods) luaL_setfuncs(L, more_methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pushvalue(L, -1);
  lua_pushcclosure(L, l_tostring, 1);
  lua_setfield(L, -2, "__tostring");
  // No __gc: a handle is collected only after its close callback ran (it is anchored until then), and by then
  // release_binding() has freed what the binding owned; the binding itself is the userdata's memory.
  // Remember it as a handle metatable, for functions that take any handle.
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &kAnyHandleKey) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kAnyHandleKey);
  }
  lua_pushvalue(L, -2);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 2);
}

}  // namespace ls::lua
