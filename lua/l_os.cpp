// luv's process and operating-system functions. guess_handle and chdir work on both backends (on the emulated
// one the console is a tty and the working directory is /). The others describe the host process and system,
// so they answer natively only; on the emulated backend (natively and in the browser alike) they fail with
// luv's ENOSYS triple.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#ifndef __EMSCRIPTEN__
#include <climits>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <thread>
#endif
#include <string_view>

#include "core/emu/emulated_backend.h"
#include "core/errors.h"
#include "core/loop.h"
#include "core/sys.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

Sys* sys_of(lua_State* L) { return Runtime::of(L).loop().backend().sys(); }

// luv returns nothing for an fd libuv cannot classify.
int l_guess_handle(lua_State* L) {
  int fd = (int)luaL_checkinteger(L, 1);
  Sys* sys = sys_of(L);
  const char* kind = sys ? sys->guess_handle(fd) : "unknown";
  if (std::string_view(kind) == "unknown") return 0;
  lua_pushstring(L, kind);
  return 1;
}

int l_chdir(lua_State* L) {
  const char* path = luaL_checkstring(L, 1);
  Sys* sys = sys_of(L);
  return push_result(L, sys ? sys->chdir(path) : -ENOSYS);
}

#ifndef __EMSCRIPTEN__
int l_getpid(lua_State* L) {
  lua_pushinteger(L, getpid());
  return 1;
}

// luv pushes these as Lua numbers (floats), not integers.
int l_os_getpid(lua_State* L) {
  lua_pushnumber(L, getpid());
  return 1;
}

int l_os_getppid(lua_State* L) {
  lua_pushnumber(L, getppid());
  return 1;
}

int l_os_uname(lua_State* L) {
  utsname u{};
  if (uname(&u) != 0) return push_error(L, -errno);
  lua_createtable(L, 0, 4);
  const char* fields[][2] = {{"sysname", u.sysname}, {"release", u.release}, {"version", u.version},
                             {"machine", u.machine}};
  for (auto& f : fields) {
    lua_pushstring(L, f[1]);
    lua_setfield(L, -2, f[0]);
  }
  return 1;
}

int l_gettimeofday(lua_State* L) {
  timeval tv{};
  if (gettimeofday(&tv, nullptr) != 0) return push_error(L, -errno);
  lua_pushinteger(L, tv.tv_sec);
  lua_pushinteger(L, tv.tv_usec);
  return 2;
}

int l_uptime(lua_State* L) {
  timespec ts{};
  if (clock_gettime(CLOCK_BOOTTIME, &ts) != 0) return push_error(L, -errno);
  lua_pushnumber(L, (double)ts.tv_sec);  // libuv: whole seconds
  return 1;
}

int l_exepath(lua_State* L) {
  char buf[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", buf, sizeof buf);
  if (len < 0) return push_error(L, -errno);
  lua_pushlstring(L, buf, (size_t)len);
  return 1;
}

int l_os_homedir(lua_State* L) {
  const char* home = std::getenv("HOME");
  if (!home || !*home) return push_error(L, -ENOENT);
  lua_pushstring(L, home);
  return 1;
}

int l_os_gethostname(lua_State* L) {
  char buf[HOST_NAME_MAX + 1] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return push_error(L, -errno);
  lua_pushstring(L, buf);
  return 1;
}

int l_os_getenv(lua_State* L) {
  const char* name = luaL_checkstring(L, 1);
  const char* value = std::getenv(name);
  if (!value) return push_error(L, -ENOENT);
  lua_pushstring(L, value);
  return 1;
}

int l_os_setenv(lua_State* L) {
  const char* name = luaL_checkstring(L, 1);
  const char* value = luaL_checkstring(L, 2);
  if (setenv(name, value, 1) != 0) return push_error(L, -errno);
  lua_pushboolean(L, 1);
  return 1;
}

int l_os_unsetenv(lua_State* L) {
  const char* name = luaL_checkstring(L, 1);
  if (unsetenv(name) != 0) return push_error(L, -errno);
  lua_pushboolean(L, 1);
  return 1;
}

int l_loadavg(lua_State* L) {
  double avg[3] = {0, 0, 0};
  if (getloadavg(avg, 3) < 0) avg[0] = avg[1] = avg[2] = 0;
  for (double v : avg) lua_pushnumber(L, v);
  return 3;
}

int l_available_parallelism(lua_State* L) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  lua_pushinteger(L, cpus > 0 ? cpus : 1);
  return 1;
}

int l_memory(lua_State* L, bool free_memory) {
  struct sysinfo info{};
  if (sysinfo(&info) != 0) return push_error(L, -errno);
  double unit = info.mem_unit;
  lua_pushnumber(L, (free_memory ? (double)info.freeram : (double)info.totalram) * unit);
  return 1;
}
int l_get_free_memory(lua_State* L) { return l_memory(L, true); }
int l_get_total_memory(lua_State* L) { return l_memory(L, false); }

int l_resident_set_memory(lua_State* L) {
  long pages = 0, rss = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = 0;
    std::fclose(f);
  }
  lua_pushinteger(L, (lua_Integer)rss * sysconf(_SC_PAGESIZE));
  return 1;
}
#endif

// Every backend answers these.
const luaL_Reg kFunctions[] = {
    {"guess_handle", l_guess_handle},
    {"chdir", l_chdir},
    {nullptr, nullptr},
};

// These describe the host process and system. They exist in every build (a luv feature test finds them), but
// only the native backend answers them: on the emulated backend, natively and in wasm alike, each fails with
// luv's ENOSYS triple, so a snippet behaves the same wherever the emulated kernel runs it.
#ifdef __EMSCRIPTEN__
#define NATIVE_ONLY(f) nullptr
#else
#define NATIVE_ONLY(f) f
#endif
const luaL_Reg kHostFunctions[] = {
    {"getpid", NATIVE_ONLY(l_getpid)},
    {"os_getpid", NATIVE_ONLY(l_os_getpid)},
    {"os_getppid", NATIVE_ONLY(l_os_getppid)},
    {"os_uname", NATIVE_ONLY(l_os_uname)},
    {"gettimeofday", NATIVE_ONLY(l_gettimeofday)},
    {"uptime", NATIVE_ONLY(l_uptime)},
    {"exepath", NATIVE_ONLY(l_exepath)},
    {"os_homedir", NATIVE_ONLY(l_os_homedir)},
    {"os_gethostname", NATIVE_ONLY(l_os_gethostname)},
    {"os_getenv", NATIVE_ONLY(l_os_getenv)},
    {"os_setenv", NATIVE_ONLY(l_os_setenv)},
    {"os_unsetenv", NATIVE_ONLY(l_os_unsetenv)},
    {"loadavg", NATIVE_ONLY(l_loadavg)},
    {"available_parallelism", NATIVE_ONLY(l_available_parallelism)},
    {"get_free_memory", NATIVE_ONLY(l_get_free_memory)},
    {"get_total_memory", NATIVE_ONLY(l_get_total_memory)},
    {"resident_set_memory", NATIVE_ONLY(l_resident_set_memory)},
};
#undef NATIVE_ONLY

int host_unavailable(lua_State* L) { return push_error(L, -ENOSYS); }

}  // namespace

void open_os(lua_State* L) {
  luaL_setfuncs(L, kFunctions, 0);
  bool host = !emulated_kernel(Runtime::of(L).loop());
  for (const luaL_Reg& f : kHostFunctions) {
    lua_pushcfunction(L, host && f.func ? f.func : host_unavailable);
    lua_setfield(L, -2, f.name);
  }
}

}  // namespace ls::lua
