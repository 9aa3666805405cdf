// The loop functions of luv: run, stop, alive, time, walk, version.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#ifndef __EMSCRIPTEN__
#include <sys/resource.h>
#include <unistd.h>
#endif
#include <string>
#include <vector>

#include "core/emu/emulated_backend.h"
#include "core/errors.h"
#include "core/loop.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/l_uv.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

const char* const kModes[] = {"default", "once", "nowait", nullptr};

Loop& loop_of(lua_State* L) { return Runtime::of(L).loop(); }

// uv.run does not run the loop itself: the main chunk yields to the driver, which runs the loop (across as many
// browser frames as needed) and resumes the chunk with luv's return value.
int l_run(lua_State* L) {
  int mode = luaL_checkoption(L, 1, "default", kModes);
  Runtime& rt = Runtime::of(L);
  if (rt.loop().running())
    return luaL_error(L, "uv.run called from a callback: the loop is already running (uv.run is not re-entrant)");
  if (!rt.in_main_chunk(L)) return luaL_error(L, "uv.run can only be called from the main chunk, not from a coroutine");
  push_run_request(L);
  lua_pushinteger(L, mode);
  return lua_yield(L, 2);
}

int l_loop_mode(lua_State* L) {
  Loop& loop = loop_of(L);
  if (!loop.running()) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushstring(L, kModes[static_cast<int>(loop.mode())]);
  return 1;
}

int l_stop(lua_State* L) {
  loop_of(L).stop();
  return 0;
}

int l_loop_alive(lua_State* L) {
  lua_pushboolean(L, loop_of(L).alive());
  return 1;
}

int l_now(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(loop_of(L).now()));
  return 1;
}

int l_update_time(lua_State* L) {
  loop_of(L).update_time();
  return 0;
}

int l_hrtime(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(loop_of(L).hrtime()));
  return 1;
}

int l_backend_timeout(lua_State* L) {
  lua_pushinteger(L, loop_of(L).backend_timeout());
  return 1;
}

// The libuv version whose loop order is in force: modern follows libuv >= 1.45, legacy is exactly 1.44.2.
int l_version(lua_State* L) {
  bool legacy = loop_of(L).order() == Order::Legacy;
  lua_pushinteger(L, legacy ? (1 << 16 | 44 << 8 | 2) : (1 << 16 | 48 << 8 | 0));
  return 1;
}

int l_version_string(lua_State* L) {
  lua_pushstring(L, loop_of(L).order() == Order::Legacy ? "1.44.2" : "1.48.0");
  return 1;
}

// uv.walk(cb): cb(handle) for every handle, closing ones included (as uv_walk).
int l_walk(lua_State* L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);  // luv: walk takes a function only
  std::vector<HandleBinding*> all;
  loop_of(L).walk([&](Handle& h) {
    if (h.data) all.push_back(static_cast<HandleBinding*>(h.data));
  });
  for (HandleBinding* b : all) {
    if (!b->handle || b->self_ref == LUA_NOREF) continue;
    lua_pushvalue(L, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, b->self_ref);
    lua_call(L, 1, 0);
  }
  return 0;
}

// uv.sleep(ms): blocks the loop's thread. On the virtual clock time moves by exactly ms.
int l_sleep(lua_State* L) {
  lua_Integer ms = luaL_checkinteger(L, 1);
  luaL_argcheck(L, ms >= 0, 1, "must not be negative");
  loop_of(L).sleep(static_cast<uint64_t>(ms));
  return 0;
}

// libuv's uv_print_all_handles format: [R-A-I-] type address; an id stands in for the address.
void print_handles(lua_State* L, bool only_active) {
  std::string out;
  loop_of(L).walk([&](Handle& h) {
    if (only_active && !h.is_active()) return;
    char line[96];
    std::snprintf(line, sizeof line, "[%c%c-] %-8s 0x%08llx\n", h.has_ref() ? 'R' : '-', h.is_active() ? 'A' : '-',
                  h.type_name(), (unsigned long long)h.id());
    out += line;
  });
  Runtime::of(L).write_output(out);
}

int l_print_all_handles(lua_State* L) {
  print_handles(L, false);
  return 0;
}

int l_print_active_handles(lua_State* L) {
  print_handles(L, true);
  return 0;
}

// uv.getrusage(): luv's table of resource usage. On wasm there is no such accounting: every field is 0.
int l_getrusage(lua_State* L) {
  double user = 0, system = 0;
  long maxrss = 0;
#ifndef __EMSCRIPTEN__
  struct rusage ru {};
  if (getrusage(RUSAGE_SELF, &ru) == 0) {
    user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
    system = ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    maxrss = ru.ru_maxrss;
  }
#endif
  lua_createtable(L, 0, 3);
  auto timeval = [L](double seconds, const char* key) {
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, (lua_Integer)seconds);
    lua_setfield(L, -2, "sec");
    lua_pushinteger(L, (lua_Integer)((seconds - (lua_Integer)seconds) * 1e6));
    lua_setfield(L, -2, "usec");
    lua_setfield(L, -2, key);
  };
  timeval(user, "utime");
  timeval(system, "stime");
  lua_pushinteger(L, maxrss);
  lua_setfield(L, -2, "maxrss");
  return 1;
}

// uv.cwd(): the host's working directory on epoll; "/" on the emulated backend, whose file system takes
// relative paths from its root (and in the browser, which has no other).
int l_cwd(lua_State* L) {
#ifndef __EMSCRIPTEN__
  if (!emulated_kernel(Runtime::of(L).loop())) {
    char buf[4096];
    if (!getcwd(buf, sizeof buf)) return push_error(L, -errno);
    lua_pushstring(L, buf);
    return 1;
  }
#endif
  lua_pushliteral(L, "/");
  return 1;
}

// uv.os_tmpdir(): where a snippet may put temporary files. Natively libuv's rule (TMPDIR, TMP, TEMP, TEMPDIR,
// else /tmp, without a trailing slash); the emulated file system has /tmp from the start.
int l_os_tmpdir(lua_State* L) {
#ifndef __EMSCRIPTEN__
  if (!emulated_kernel(Runtime::of(L).loop())) {
    for (const char* var : {"TMPDIR", "TMP", "TEMP", "TEMPDIR"}) {
      const char* value = std::getenv(var);
      if (!value || !*value) continue;
      std::string dir = value;
      if (dir.size() > 1 && dir.back() == '/') dir.pop_back();
      lua_pushstring(L, dir.c_str());
      return 1;
    }
  }
#endif
  lua_pushliteral(L, "/tmp");
  return 1;
}

const luaL_Reg kFunctions[] = {
    {"getrusage", l_getrusage},
    {"cwd", l_cwd},
    {"os_tmpdir", l_os_tmpdir},
    {"walk", l_walk},
    {"sleep", l_sleep},
    {"print_all_handles", l_print_all_handles},
    {"print_active_handles", l_print_active_handles},
    {"run", l_run},
    {"loop_mode", l_loop_mode},
    {"stop", l_stop},
    {"loop_alive", l_loop_alive},
    {"now", l_now},
    {"update_time", l_update_time},
    {"hrtime", l_hrtime},
    {"backend_timeout", l_backend_timeout},
    {"version", l_version},
    {"version_string", l_version_string},
    {nullptr, nullptr},
};

}  // namespace

void open_loop(lua_State* L) { luaL_setfuncs(L, kFunctions, 0); }

}  // namespace ls::lua
