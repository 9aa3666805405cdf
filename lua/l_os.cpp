// luv's process and operating-system functions. guess_handle and chdir work on both backends (on the emulated
// one the console is a tty and the working directory is /). The others describe the host process and system,
// so they answer natively only; on the emulated backend (natively and in the browser alike) they fail with
// luv's ENOSYS triple.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#ifndef __EMSCRIPTEN__
#include <climits>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <pwd.h>
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

// uv_cpu_info on Linux: the model from /proc/cpuinfo, the speed from cpufreq, the times from /proc/stat (clock ticks turned
// into milliseconds). luv pushes speed and times as floats.
int l_cpu_info(lua_State* L) {
  struct Cpu {
    std::string model;
    double speed = 0;
    double user = 0, nice = 0, sys = 0, idle = 0, irq = 0;
  };
  std::vector<Cpu> cpus;
  std::ifstream stat("/proc/stat");
  const double ms_per_tick = 1000.0 / (double)sysconf(_SC_CLK_TCK);
  for (std::string line; std::getline(stat, line);) {
    if (line.rfind("cpu", 0) != 0 || line.size() < 4 || line[3] < '0' || line[3] > '9') continue;
    std::istringstream in(line.substr(line.find(' ')));
    double user = 0, nice = 0, sys = 0, idle = 0, iowait = 0, irq = 0;
    in >> user >> nice >> sys >> idle >> iowait >> irq;
    Cpu c;
    c.user = user * ms_per_tick;
    c.nice = nice * ms_per_tick;
    c.sys = sys * ms_per_tick;
    c.idle = idle * ms_per_tick;
    c.irq = irq * ms_per_tick;
    cpus.push_back(c);
  }
  if (cpus.empty()) return push_error(L, -EIO);
  std::ifstream info("/proc/cpuinfo");
  size_t model_i = 0;
  for (std::string line; std::getline(info, line);) {
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
    if (line.rfind("model name", 0) == 0 && model_i < cpus.size()) cpus[model_i++].model = value;
  }
  for (size_t i = 0; i < cpus.size(); ++i) {  // libuv 1.44's read_speeds: the current frequency, in MHz
    std::ifstream freq("/sys/devices/system/cpu/cpu" + std::to_string(i) + "/cpufreq/scaling_cur_freq");
    long khz = 0;
    if (freq >> khz) cpus[i].speed = (double)(khz / 1000);
  }
  lua_createtable(L, (int)cpus.size(), 0);
  for (size_t i = 0; i < cpus.size(); ++i) {
    const Cpu& c = cpus[i];
    lua_createtable(L, 0, 3);
    lua_pushstring(L, c.model.empty() ? "unknown" : c.model.c_str());
    lua_setfield(L, -2, "model");
    lua_pushnumber(L, c.speed);
    lua_setfield(L, -2, "speed");
    lua_createtable(L, 0, 5);
    const std::pair<const char*, double> times[] = {{"user", c.user}, {"nice", c.nice}, {"sys", c.sys},
                                                    {"idle", c.idle}, {"irq", c.irq}};
    for (const auto& [name, v] : times) {
      lua_pushnumber(L, v);
      lua_setfield(L, -2, name);
    }
    lua_setfield(L, -2, "times");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

std::string address_text(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  else
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  return buf;
}

// uv_interface_addresses: the IPv4 and IPv6 addresses of the interfaces that are up and running, by name, each
// {ip, netmask, family, internal, mac} — mac as libuv's six raw bytes (from the interface's AF_PACKET entry).
int l_interface_addresses(lua_State* L) {
  ifaddrs* all = nullptr;
  if (getifaddrs(&all) != 0) return push_error(L, -errno);
  lua_newtable(L);
  for (ifaddrs* a = all; a; a = a->ifa_next) {
    if (!a->ifa_addr || !(a->ifa_flags & IFF_UP) || !(a->ifa_flags & IFF_RUNNING)) continue;
    int family = a->ifa_addr->sa_family;
    if (family != AF_INET && family != AF_INET6) continue;
    char mac[6] = {};
    for (ifaddrs* p = all; p; p = p->ifa_next)
      if (p->ifa_addr && p->ifa_addr->sa_family == AF_PACKET && std::strcmp(p->ifa_name, a->ifa_name) == 0)
        std::memcpy(mac, reinterpret_cast<sockaddr_ll*>(p->ifa_addr)->sll_addr, sizeof mac);
    if (lua_getfield(L, -1, a->ifa_name) != LUA_TTABLE) {
      lua_pop(L, 1);
      lua_newtable(L);
      lua_pushvalue(L, -1);
      lua_setfield(L, -3, a->ifa_name);
    }
    lua_createtable(L, 0, 5);
    lua_pushboolean(L, (a->ifa_flags & IFF_LOOPBACK) != 0);
    lua_setfield(L, -2, "internal");
    lua_pushlstring(L, mac, sizeof mac);
    lua_setfield(L, -2, "mac");
    lua_pushstring(L, address_text(a->ifa_addr).c_str());
    lua_setfield(L, -2, "ip");
    lua_pushstring(L, a->ifa_netmask ? address_text(a->ifa_netmask).c_str() : "");
    lua_setfield(L, -2, "netmask");
    lua_pushstring(L, family == AF_INET ? "inet" : "inet6");
    lua_setfield(L, -2, "family");
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 1);
  }
  freeifaddrs(all);
  return 1;
}

// uv_os_get_passwd: the effective user's entry.
int l_os_get_passwd(lua_State* L) {
  std::vector<char> buf(16384);
  passwd pw{};
  passwd* found = nullptr;
  int r = getpwuid_r(geteuid(), &pw, buf.data(), buf.size(), &found);
  if (r != 0) return push_error(L, -r);
  if (!found) return push_error(L, -ENOENT);
  lua_createtable(L, 0, 5);
  lua_pushstring(L, pw.pw_name);
  lua_setfield(L, -2, "username");
  lua_pushinteger(L, pw.pw_uid);
  lua_setfield(L, -2, "uid");
  lua_pushinteger(L, pw.pw_gid);
  lua_setfield(L, -2, "gid");
  lua_pushstring(L, pw.pw_shell);
  lua_setfield(L, -2, "shell");
  lua_pushstring(L, pw.pw_dir);
  lua_setfield(L, -2, "homedir");
  return 1;
}

int l_os_environ(lua_State* L) {
  lua_newtable(L);
  for (char** e = environ; e && *e; ++e) {
    const char* eq = std::strchr(*e, '=');
    if (!eq) continue;
    lua_pushlstring(L, *e, (size_t)(eq - *e));
    lua_pushstring(L, eq + 1);
    lua_rawset(L, -3);
  }
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
    {"cpu_info", NATIVE_ONLY(l_cpu_info)},
    {"interface_addresses", NATIVE_ONLY(l_interface_addresses)},
    {"os_get_passwd", NATIVE_ONLY(l_os_get_passwd)},
    {"os_environ", NATIVE_ONLY(l_os_environ)},
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
