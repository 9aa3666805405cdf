// See l_crossing.h.
#include "lua/l_crossing.h"

#include "core/async.h"
#include "lua/l_metatable.h"
#include "lua/l_thread.h"

namespace ls::lua {
namespace {

constexpr const char* kAsync = "uv_async";  // luv's name in every state
const char kWorkerKey = 'w';                // registry marker of a work or thread state

bool is_worker(lua_State* L) {
  bool w = lua_rawgetp(L, LUA_REGISTRYINDEX, &kWorkerKey) != LUA_TNIL;
  lua_pop(L, 1);
  return w;
}

// The async at idx as a mailbox: a port in a worker state, the handle's own in the main state.
std::shared_ptr<AsyncMailbox> mailbox_at(lua_State* L, int idx) {
  if (!is_worker(L)) return async_mailbox_of(L, idx);
  auto* ref = static_cast<AsyncRef*>(luaL_testudata(L, idx, kAsync));
  return ref ? ref->box : nullptr;
}

int port_gc(lua_State* W) {
  static_cast<AsyncRef*>(luaL_checkudata(W, 1, kAsync))->~AsyncRef();
  return 0;
}

int port_tostring(lua_State* W) {
  lua_pushfstring(W, "uv_async_t: %p", lua_touserdata(W, 1));
  return 1;
}

// async:send(...) from a worker: luv's argument rules, then the values go to the mailbox and the loop wakes.
int port_send(lua_State* W) {
  auto* ref = static_cast<AsyncRef*>(luaL_checkudata(W, 1, kAsync));
  for (int i = 2, top = lua_gettop(W); i <= top; i++)
    if (!can_cross(W, i))
      return luaL_error(W, "Error: thread arg not support type '%s' at %d", luaL_typename(W, i), i - 1);
  std::vector<Value> values;
  copy_values(W, 2, lua_gettop(W), values);
  std::lock_guard<std::mutex> lock(ref->box->mu);
  if (ref->box->handle) {
    ref->box->values = std::move(values);
    ref->box->has = true;
    ref->box->handle->send();
  }
  lua_pushinteger(W, 0);
  return 1;
}

void push_port(lua_State* W, const AsyncRef& ref) {
  new (lua_newuserdatauv(W, sizeof(AsyncRef), 0)) AsyncRef{ref.box};
  luaL_setmetatable(W, kAsync);
}

}  // namespace

bool can_cross(lua_State* L, int idx) {
  int t = lua_type(L, idx);
  if (t == LUA_TNIL || t == LUA_TBOOLEAN || t == LUA_TNUMBER || t == LUA_TSTRING) return true;
  return t == LUA_TUSERDATA && (is_thread(L, idx) || mailbox_at(L, idx) != nullptr);
}

int copy_values(lua_State* L, int first, int last, std::vector<Value>& out) {
  for (int i = first; i <= last; i++) {
    switch (lua_type(L, i)) {
      case LUA_TNIL: out.emplace_back(std::monostate{}); break;
      case LUA_TBOOLEAN: out.emplace_back(lua_toboolean(L, i) != 0); break;
      case LUA_TNUMBER:
        if (lua_isinteger(L, i)) out.emplace_back(lua_tointeger(L, i));
        else out.emplace_back(lua_tonumber(L, i));
        break;
      case LUA_TSTRING: {
        size_t len;
        const char* s = lua_tolstring(L, i, &len);
        out.emplace_back(std::string(s, len));
        break;
      }
      case LUA_TUSERDATA:
        if (is_thread(L, i)) {
          out.emplace_back(ThreadValue{thread_id(L, i)});
        } else if (auto box = mailbox_at(L, i)) {
          out.emplace_back(AsyncRef{std::move(box)});
        } else {
          return i;
        }
        break;
      default: return i;
    }
  }
  return 0;
}

void push_values(lua_State* L, const std::vector<Value>& values) {
  luaL_checkstack(L, (int)values.size(), "too many values to cross between Lua states");
  bool worker = is_worker(L);
  for (const Value& v : values) {
    if (auto* b = std::get_if<bool>(&v)) lua_pushboolean(L, *b);
    else if (auto* i = std::get_if<lua_Integer>(&v)) lua_pushinteger(L, *i);
    else if (auto* n = std::get_if<lua_Number>(&v)) lua_pushnumber(L, *n);
    else if (auto* s = std::get_if<std::string>(&v)) lua_pushlstring(L, s->data(), s->size());
    else if (auto* t = std::get_if<ThreadValue>(&v)) push_thread(L, t->id);
    else if (auto* a = std::get_if<AsyncRef>(&v)) worker ? push_port(L, *a) : push_async_handle(L, *a->box);
    else lua_pushnil(L);
  }
}

void open_async_ports(lua_State* W) {
  lua_pushboolean(W, 1);
  lua_rawsetp(W, LUA_REGISTRYINDEX, &kWorkerKey);
  static const luaL_Reg kMeta[] = {{"__gc", port_gc}, {"__tostring", port_tostring}, {nullptr, nullptr}};
  static const luaL_Reg kMethods[] = {{"send", port_send}, {nullptr, nullptr}};
  define_metatable(W, kAsync, kMeta, kMethods);
  lua_pop(W, 1);
  lua_pushcfunction(W, port_send);
  lua_setfield(W, -2, "async_send");
}

}  // namespace ls::lua
