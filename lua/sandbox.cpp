#include "lua/sandbox.h"

#include <cstdlib>
#include <cstring>

#include "core/loop.h"
#include "lua.hpp"

namespace ls::lua {
namespace {

const char kBudgetKey = 'b';   // registry key (address) of the budget pointer
const char kSentinelKey = 's'; // registry key of the sentinel table

Budget* budget_of(lua_State* L) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kBudgetKey);
  auto* b = static_cast<Budget*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  return b;
}

void count_hook(lua_State* L, lua_Debug* ar) {
  Budget* b = budget_of(L);
  if (!b) return;
  b->used += kHookBlock;
  if (b->loop) b->loop->charge(uint64_t(kHookBlock) * b->loop->costs().ns_per_lua_instruction);
  bool interrupted = b->interrupt && b->interrupt->load(std::memory_order_relaxed);
  if (b->used <= b->limit && !interrupted) return;
  if (!b->exceeded && interrupted) {
    b->exceeded = true;
    b->message = "interrupted";  // the runtime replaces it with the reason it was given
  } else if (!b->exceeded) {
    lua_getinfo(L, "Sl", ar);
    b->exceeded = true;
    b->message = b->verdict + ": " + std::to_string(b->used) + " instructions in " + b->entry;
    if (ar->currentline > 0) b->message += " at line " + std::to_string(ar->currentline);
    b->line = ar->currentline > 0 ? ar->currentline : 0;
  }
  push_budget_sentinel(L);
  lua_error(L);
}

// pcall/xpcall that let everything through except the budget sentinel, which they raise again.
int finish_protected(lua_State* L, int status, lua_KContext extra) {
  if (status != LUA_OK && status != LUA_YIELD) {
    if (is_budget_sentinel(L, -1)) return lua_error(L);
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
  }
  return lua_gettop(L) - (int)extra;
}

int safe_pcall(lua_State* L) {
  luaL_checkany(L, 1);
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish_protected);
  return finish_protected(L, status, 0);
}

int safe_xpcall(lua_State* L) {
  int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushboolean(L, 1);
  lua_pushvalue(L, 1);
  lua_rotate(L, 3, 2);
  int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_protected);
  return finish_protected(L, status, 2);
}

// load() accepts text only: crafted bytecode can crash the interpreter. The real load is upvalue 1.
int text_only_load(lua_State* L) {
  int n = lua_gettop(L);
  if (n < 3) lua_settop(L, n = 3);  // an explicit nil env would differ from none, so only pad up to mode
  lua_pushliteral(L, "t");
  lua_replace(L, 3);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  return lua_gettop(L);
}

// collectgarbage without "stop": a stopped collector would let the memory cap fire on garbage.
int safe_collectgarbage(lua_State* L) {
  const char* opt = luaL_optstring(L, 1, "collect");
  if (std::strcmp(opt, "stop") == 0) return luaL_error(L, "collectgarbage('stop') is not allowed in Loopscope");
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

// The one searcher: package.preload (how require("uv") finds luv's table), else a clear refusal.
int no_host_modules(lua_State* L) {
  const char* name = luaL_checkstring(L, 1);
  lua_getglobal(L, "package");
  if (lua_istable(L, -1) && lua_getfield(L, -1, "preload") == LUA_TTABLE &&
      lua_getfield(L, -1, name) != LUA_TNIL) {
    lua_pushliteral(L, ":preload:");
    return 2;
  }
  lua_pushfstring(L, "\n\tLoopscope snippets can require only 'luv', 'uv' and 'async' (not '%s')", name);
  return 1;
}

void wrap_global(lua_State* L, const char* name, lua_CFunction wrapper) {
  lua_getglobal(L, name);
  lua_pushcclosure(L, wrapper, 1);
  lua_setglobal(L, name);
}

int not_in_sandbox(lua_State* L) {
  return luaL_error(L, "%s is not available in Loopscope's sandbox (the native CLI's --unsafe allows it)",
                    lua_tostring(L, lua_upvalueindex(1)));
}

void block(lua_State* L, const char* table, const char* name) {
  lua_getglobal(L, table);
  if (!lua_istable(L, -1)) { lua_pop(L, 1); return; }
  std::string full = std::string(table) + "." + name;
  lua_pushstring(L, full.c_str());
  lua_pushcclosure(L, not_in_sandbox, 1);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

void block_global(lua_State* L, const char* name) {
  lua_pushstring(L, name);
  lua_pushcclosure(L, not_in_sandbox, 1);
  lua_setglobal(L, name);
}

// A fixed seed: the same snippet prints the same numbers natively and in the browser.
void seed_random(lua_State* L, uint32_t seed) {
  lua_getglobal(L, "math");
  lua_getfield(L, -1, "randomseed");
  lua_pushinteger(L, seed);
  lua_call(L, 1, 0);
  lua_pop(L, 1);
}

// The base library's ways around the sandbox: binary load, a stopped collector, a pcall that would swallow the
// budget sentinel.
void make_base_safe(lua_State* L) {
  wrap_global(L, "load", text_only_load);
  wrap_global(L, "collectgarbage", safe_collectgarbage);
  lua_pushcfunction(L, safe_pcall);
  lua_setglobal(L, "pcall");
  lua_pushcfunction(L, safe_xpcall);
  lua_setglobal(L, "xpcall");
}

int not_in_work_state(lua_State* L) {
  return luaL_error(L, "%s is not available in a work function: it runs in its own Lua state on a thread-pool "
                    "worker, with only the base, coroutine, string, table, math and utf8 libraries",
                    lua_tostring(L, lua_upvalueindex(1)));
}

}  // namespace

void* capped_alloc(void* ud, void* ptr, size_t osize, size_t nsize) {
  auto* m = static_cast<MemoryMeter*>(ud);
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    m->used -= old;
    std::free(ptr);
    return nullptr;
  }
  size_t others = m->shared ? m->shared->load(std::memory_order_relaxed) : 0;
  if (nsize > old && m->used - old + nsize + others > m->cap) {
    m->refused = true;
    return nullptr;
  }
  void* p = std::realloc(ptr, nsize);
  if (!p) return nullptr;
  m->used = m->used - old + nsize;
  if (m->used > m->peak) m->peak = m->used;
  return p;
}

void install_budget_hook(lua_State* L, Budget* budget) {
  lua_pushlightuserdata(L, budget);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kBudgetKey);
  lua_sethook(L, count_hook, LUA_MASKCOUNT, kHookBlock);
  // Made now: after an out-of-memory error nothing may be left to allocate it from (handles hold their memory).
  push_budget_sentinel(L);
  lua_pop(L, 1);
}

void push_budget_sentinel(lua_State* L) {
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &kSentinelKey) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kSentinelKey);
  }
}

bool is_budget_sentinel(lua_State* L, int idx) {
  idx = lua_absindex(L, idx);
  push_budget_sentinel(L);
  bool same = lua_rawequal(L, idx, -1);
  lua_pop(L, 1);
  return same;
}

int traceback_handler(lua_State* L) {
  if (is_budget_sentinel(L, 1)) return 1;
  const char* msg = lua_tostring(L, 1);
  if (!msg) msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  luaL_traceback(L, L, msg, 1);
  return 1;
}

void open_stdlib(lua_State* L, bool unsafe, uint32_t seed) {
  luaL_openlibs(L);
  seed_random(L, seed);
  if (unsafe) return;

  make_base_safe(L);

  // No process control and no host files through Lua's own libraries; uv.fs_* is the file API.
  for (const char* f : {"execute", "exit", "remove", "rename", "tmpname", "getenv", "setlocale"}) block(L, "os", f);
  for (const char* f : {"open", "popen", "lines", "input", "output", "close", "read", "tmpfile"}) block(L, "io", f);
  for (const char* f : {"dofile", "loadfile"}) block_global(L, f);
  // debug could remove the budget hook; keep only traceback and getinfo.
  lua_getglobal(L, "debug");
  lua_newtable(L);
  for (const char* f : {"traceback", "getinfo"}) {
    lua_getfield(L, -2, f);
    lua_setfield(L, -2, f);
  }
  lua_setglobal(L, "debug");
  lua_pop(L, 1);
  // package.loadlib and C searchers would load host code.
  lua_getglobal(L, "package");
  lua_pushnil(L);
  lua_setfield(L, -2, "loadlib");
  lua_newtable(L);
  lua_pushcfunction(L, no_host_modules);
  lua_rawseti(L, -2, 1);
  lua_setfield(L, -2, "searchers");
  lua_pushliteral(L, "");
  lua_setfield(L, -2, "path");
  lua_pushliteral(L, "");
  lua_setfield(L, -2, "cpath");
  lua_pop(L, 1);
}

void open_work_stdlib(lua_State* L, uint32_t seed) {
  const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},          {LUA_COLIBNAME, luaopen_coroutine},
                           {LUA_TABLIBNAME, luaopen_table},    {LUA_STRLIBNAME, luaopen_string},
                           {LUA_MATHLIBNAME, luaopen_math},    {LUA_UTF8LIBNAME, luaopen_utf8}};
  for (const luaL_Reg& lib : libs) {
    luaL_requiref(L, lib.name, lib.func, 1);
    lua_pop(L, 1);
  }
  seed_random(L, seed);
  make_base_safe(L);
  for (const char* f : {"dofile", "loadfile", "require"}) {
    lua_pushstring(L, f);
    lua_pushcclosure(L, not_in_work_state, 1);
    lua_setglobal(L, f);
  }
}

}  // namespace ls::lua
