// The snippet's raw coroutines, made visible: coroutine.create, wrap, resume and close are replaced by functions
// that tell the coroutine table (lua/coroutines.h) what happened and otherwise do exactly what Lua's own do — the
// same results, the same error messages (at the same levels), the same stack and instruction counts, so a luv
// snippet behaves byte for byte as under lua5.4 + luv (tests/lua/peer checks it). create and resume call the
// standard library's functions themselves; wrap's function has to be ours (Lua's keeps its coroutine in an
// upvalue and raises past any wrapper), so luaB_auxwrap and auxresume of Lua 5.4.4's lcorolib.c are repeated
// here, line for line, with the bookkeeping added. yield needs no wrapper: after every resume the coroutine's
// own status and stack say whether it yielded, ended or failed, and at which line it is parked.
//
// A coroutine is known by a weak-keyed registry table: coroutine -> a small userdata holding its id, whose
// finalizer tells the table that the coroutine was collected. The runtime's own threads (the main chunk, the
// async module's tasks) are not in it: tasks are reported by async.lua with what they await.
#include "lua/coroutines.h"
#include "lua/l_bindings.h"
#include "lua/runtime.h"
#include "lua.hpp"

namespace ls::lua {
namespace {

const char kIdsKey = 'c';       // registry: the weak table coroutine -> id userdata
const char kIdMetaKey = 'm';    // registry: the id userdata's metatable (__gc)
lua_CFunction g_create = nullptr, g_resume = nullptr, g_close = nullptr;  // the standard library's

struct CoroId {
  uint64_t id;
  bool wrapped;  // made by coroutine.wrap: resumed by calling its function
};

int id_gc(lua_State* L) {
  auto* c = static_cast<CoroId*>(lua_touserdata(L, 1));
  Runtime::of(L).coroutines().forget(c->id);
  return 0;
}

// The id record of the coroutine at stack index idx of L, or null if the snippet did not make it (the stack is
// left as it was).
CoroId* lookup(lua_State* L, int idx) {
  idx = lua_absindex(L, idx);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kIdsKey);
  lua_pushvalue(L, idx);
  lua_rawget(L, -2);
  auto* c = static_cast<CoroId*>(lua_touserdata(L, -1));
  lua_pop(L, 2);
  return c;
}

// Registers the new coroutine on top of L's stack (left there).
void watch(lua_State* L, bool wrapped) {
  Runtime& rt = Runtime::of(L);
  CoroutineTable& table = rt.coroutines();
  int line = rt.snippet_line(L, 1);
  uint64_t id = table.spawn(CoroKind::Coroutine, table.next_coroutine_name(), line);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kIdsKey);
  lua_pushvalue(L, -2);
  auto* c = static_cast<CoroId*>(lua_newuserdatauv(L, sizeof(CoroId), 0));
  *c = CoroId{id, wrapped};
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kIdMetaKey);
  lua_setmetatable(L, -2);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

// Lua's auxstatus: only a suspended coroutine (yielded, or not started yet) really resumes.
bool resumable(lua_State* co) {
  if (lua_status(co) == LUA_YIELD) return true;
  lua_Debug ar;
  return lua_status(co) == LUA_OK && !lua_getstack(co, 0, &ar) && lua_gettop(co) > 0;
}

// Before a resume of co (at stack index idx): its id if it is one of the snippet's and will run (else 0).
uint64_t before(lua_State* L, lua_State* co, int idx) {
  if (!co) return 0;
  CoroId* c = lookup(L, idx);
  if (!c || !resumable(co)) return 0;
  Runtime::of(L).coroutines().resume(c->id);
  return c->id;
}

// After it: yielded (parked at its innermost snippet line), ended, or failed.
void after(lua_State* L, lua_State* co, uint64_t id, bool wrapped) {
  if (!id) return;
  Runtime& rt = Runtime::of(L);
  int status = lua_status(co);
  if (status == LUA_OK && resumable(co)) {  // it did not start after all (too many arguments): still waiting
    rt.coroutines().suspend(id, 0, wrapped ? "its first call" : "its first coroutine.resume()");
  } else if (status == LUA_YIELD) {
    rt.coroutines().suspend(id, rt.snippet_line(co), wrapped ? "the next call of its wrap() function"
                                                             : "the next coroutine.resume()");
  } else {
    rt.coroutines().end(id, status != LUA_OK, status != LUA_OK ? rt.snippet_line(co) : 0);
  }
}

int watched_create(lua_State* L) {
  int n = g_create(L);
  watch(L, false);
  return n;
}

int watched_resume(lua_State* L) {
  lua_State* co = lua_tothread(L, 1);
  uint64_t id = before(L, co, 1);
  int n = g_resume(L);
  after(L, co, id, false);
  return n;
}

int watched_close(lua_State* L) {
  lua_State* co = lua_tothread(L, 1);
  bool was_suspended = co && resumable(co);
  int n = g_close(L);  // raises for a running or normal coroutine: then nothing changed
  if (was_suspended) {
    if (CoroId* c = lookup(L, 1)) Runtime::of(L).coroutines().end(c->id, false, 0);
  }
  return n;
}

// lcorolib.c's auxresume (Lua 5.4.4), unchanged.
int auxresume(lua_State* L, lua_State* co, int narg) {
  int status, nres;
  if (!lua_checkstack(co, narg)) {
    lua_pushliteral(L, "too many arguments to resume");
    return -1;
  }
  lua_xmove(L, co, narg);
  status = lua_resume(co, L, narg, &nres);
  if (status == LUA_OK || status == LUA_YIELD) {
    if (!lua_checkstack(L, nres + 1)) {
      lua_pop(co, nres);
      lua_pushliteral(L, "too many results to resume");
      return -1;
    }
    lua_xmove(co, L, nres);
    return nres;
  } else {
    lua_xmove(co, L, 1);
    return -1;
  }
}

// lcorolib.c's luaB_auxwrap (Lua 5.4.4) with the bookkeeping around the resume; upvalue 1 is the coroutine,
// as in Lua's, so luaL_where(L, 1) names the same caller.
int watched_auxwrap(lua_State* L) {
  lua_State* co = lua_tothread(L, lua_upvalueindex(1));
  uint64_t id = before(L, co, lua_upvalueindex(1));
  int r = auxresume(L, co, lua_gettop(L));
  after(L, co, id, true);
  if (r < 0) {
    int stat = lua_status(co);
    if (stat != LUA_OK && stat != LUA_YIELD) {
      stat = lua_resetthread(co);
      lua_xmove(co, L, 1);
    }
    if (stat != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
      luaL_where(L, 1);
      lua_insert(L, -2);
      lua_concat(L, 2);
    }
    return lua_error(L);
  }
  return r;
}

int watched_wrap(lua_State* L) {
  g_create(L);
  watch(L, true);
  lua_pushcclosure(L, watched_auxwrap, 1);
  return 1;
}

}  // namespace

void watch_coroutines(lua_State* L) {
  lua_newtable(L);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_pushvalue(L, -1);
  lua_setmetatable(L, -2);  // the table is its own metatable: weak keys
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kIdsKey);
  lua_newtable(L);
  lua_pushcfunction(L, id_gc);
  lua_setfield(L, -2, "__gc");
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kIdMetaKey);

  lua_getglobal(L, "coroutine");
  lua_getfield(L, -1, "create");
  g_create = lua_tocfunction(L, -1);
  lua_getfield(L, -2, "resume");
  g_resume = lua_tocfunction(L, -1);
  lua_getfield(L, -3, "close");
  g_close = lua_tocfunction(L, -1);
  lua_pop(L, 3);
  const luaL_Reg fns[] = {{"create", watched_create}, {"resume", watched_resume}, {"wrap", watched_wrap},
                          {"close", watched_close}, {nullptr, nullptr}};
  luaL_setfuncs(L, fns, 0);  // in place: `coroutine` stays the table package.loaded.coroutine is
  lua_pop(L, 1);
}

}  // namespace ls::lua
