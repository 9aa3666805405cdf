// luv's process and operating-system functions. guess_handle and chdir work on both backends (on the emulated
// one the console is a tty and the working directory is /). The others describe the host process and system,
// so they answer natively only; on the emulated backend (and in the browser) they fail with luv's ENOSYS triple.
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

// True when the host process may be described (native backend); otherwise pushes luv's ENOSYS triple.
bool host_only(lua_State* L, int& nret) {
#ifndef __EMSCRIPTEN__
  if (!emulated_kernel(Runtime::of(L).loop())) return true;
#endif
  nret = push_error(L, -ENOSYS);
  return false;
}

#ifndef __EMSCRIPTEN__
int l_getpid(lua_State* L) {
  int n;
  if (!host_only(L, n)) return n;
  lua_pushinteger(L, getpid());
  return 1;
}

// luv pushes these as Lua numbers (floats), not integers.
int l_os_getpid(lua_State* L) {
  int n;
  if (!host_only(L, n)) return n;
  lua_pushnumber(L, getpid());
  return 1;
}

int l_os_getppid(lua_State* L) {
  int n;
  if (!host_only(L, n)) return n;
  lua_pushnumber(L, getppid());
  return 1;
}

int l_os_uname(lua_State* L) {
  int n;
  if (!host_only(L, n)) return n;
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
  int n;
  if (!host_only(L, n)) return n;
  timeval tv{};
  if (gettimeofday(&tv, nullptr) != 0) return push_error(L, -errno);
  lua_pushinteger(L, tv.tv_sec);
  lua_pushinteger(L, tv.tv_usec);
  return 2;
}

int l_uptime(lua_State* L) {
  int n;
  if (!host_only(L, n)) return n;
  timespec ts{};
  if (clock_gettime(CLOCK_BOOTTIME, &ts) != 0) return push_error(L, -errno);
  lua_pushnumber(L, (double)ts.tv_sec);  // libuv: whole seconds
  return 1;
}

int l_exepath(lua_State* L) {
  int n;
  if (!host_only(L, n)) return n;
  char buf[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", buf, sizeof buf);
  if (len < 0) return push_error(L, -errno);
  lua_pushlstring(L, buf, (size_t)len);
  return 1;
}

int l_os_homedir(lua_State* L) {
  int n;
  if (!host_only(L, n)) return n;
  const char* home = std::getenv("HOME");
  if (!home || !*home) return push_error(L, -ENOENT);
  lua_pushstring(L, home);
  return 1;
}

int l_os_gethostname(lua_State* L) {
  int n;
  if (!host_only(L, n)) return n;
  char buf[HOST_NAME_MAX + 1] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return push_error(L, -errno);
  lua_pushstring(L, buf);
  return 1;
}

int l_os_getenv(lua_State* L) {
  const char* name = luaL_checkstring(L, 1);
  int n;
  if (!host_only(L, n)) return n;
  const char* value = std::getenv(name);
  if (!value) return push_error(L, -ENOENT);
  lua_pushstring(L, value);
  return 1;
}

int l_os_setenv(lua_State* L) {
  const char* name = luaL_checkstring(L, 1);
  const char* value = luaL_checkstring(L, 2);
  int n;
  if (!host_only(L, n)) return n;
  if (setenv(name, value, 1) != 0) return push_error(L, -errno);
  lua_pushboolean(L, 1);
  return 1;
}

int l_os_unsetenv(lua_State* L) {
  const char* name = luaL_checkstring(L, 1);
  int n;
  if (!host_only(L, n)) return n;
  if (unsetenv(name) != 0) return push_error(L, -errno);
  lua_pushboolean(L, 1);
  return 1;
}

int l_loadavg(lua_State* L) {
  int n;
  if (!host_only(L, n)) return n;
  double avg[3] = {0, 0, 0};
  if (getloadavg(avg, 3) < 0) avg[0] = avg[1] = avg[2] = 0;
  for (double v : avg) lua_pushnumber(L, v);
  return 3;
}

int l_available_parallelism(lua_State* L) {
  int n;
  if (!host_only(L, n)) return n;
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  lua_pushinteger(L, cpus > 0 ? cpus : 1);
  return 1;
}

int l_memory(lua_State* L, bool free_memory) {
  int n;
  if (!host_only(L, n)) return n;
  struct sysinfo info{};
  if (sysinfo(&info) != 0) return push_error(L, -errno);
  double unit = info.mem_unit;
  lua_pushnumber(L, (free_memory ? (double)info.freeram : (double)info.totalram) * unit);
  return 1;
}
int l_get_free_memory(lua_State* L) { return l_memory(L, true); }
int l_get_total_memory(lua_State* L) { return l_memory(L, false); }

int l_resident_set_memory(lua_State* L) {
  int n;
  if (!host_only(L, n)) return n;
  long pages = 0, rss = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = 0;
    std::fclose(f);
  }
  lua_pushinteger(L, (lua_Integer)rss * sysconf(_SC_PAGESIZE));
  return 1;
}
#endif

const luaL_Reg kFunctions[] = {
    {"guess_handle", l_guess_handle},
    {"chdir", l_chdir},
#ifndef __EMSCRIPTEN__
    {"getpid", l_getpid},
    {"os_getpid", l_os_getpid},
    {"os_getppid", l_os_getppid},
    {"os_uname", l_os_uname},
    {"gettimeofday", l_gettimeofday},
    {"uptime", l_uptime},
    {"exepath", l_exepath},
    {"os_homedir", l_os_homedir},
    {"os_gethostname", l_os_gethostname},
    {"os_getenv", l_os_getenv},
    {"os_setenv", l_os_setenv},
    {"os_unsetenv", l_os_unsetenv},
    {"loadavg", l_loadavg},
    {"available_parallelism", l_available_parallelism},
    {"get_free_memory", l_get_free_memory},
    {"get_total_memory", l_get_total_memory},
    {"resident_set_memory", l_resident_set_memory},
#endif
    {nullptr, nullptr},
};

}  // namespace

void open_os(lua_State* L) { luaL_setfuncs(L, kFunctions, 0); }

}  // namespace ls::lua
