// uv.getnameinfo(address, [callback]) as in luv 1.44: address = {ip, port, family}; without a callback the
// hostname and service come back at once, with one callback(err, hostname, service) runs in the poll phase
// after a pool request ("getnameinfo", as libuv's uv_getnameinfo).
//
// As for getaddrinfo (l_dns.cpp), there is no resolver: Loopscope only touches loopback, so the answer is
// computed the same on every backend and host. 127.0.0.1 and ::1 are "localhost" (what Debian's /etc/hosts
// says); every other address is its numeric form (what glibc answers when no name is found, without asking a
// DNS server here). A port is named from a short table of well-known services (Debian's /etc/services names),
// else given as its number.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <memory>
#include <string>

#include "core/errors.h"
#include "core/threadpool.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/l_stream.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

constexpr int kInet = 2, kInet6 = 10;  // Linux's AF_INET, AF_INET6 (also in wasm, where luv's numbers are these)

struct NameInfo {
  std::string host, service;
};

const char* service_name(int port) {
  static const struct {
    int port;
    const char* name;
  } kServices[] = {{20, "ftp-data"}, {21, "ftp"},   {22, "ssh"},     {23, "telnet"}, {25, "smtp"},
                   {53, "domain"},   {80, "http"},  {110, "pop3"},   {123, "ntp"},   {143, "imap2"},
                   {443, "https"},   {993, "imaps"}, {995, "pop3s"}};
  for (const auto& s : kServices)
    if (s.port == port) return s.name;
  return nullptr;
}

NameInfo lookup(int family, const unsigned char* addr, int port) {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(family == kInet ? AF_INET : AF_INET6, addr, text, sizeof text);
  NameInfo n;
  n.host = std::strcmp(text, "127.0.0.1") == 0 || std::strcmp(text, "::1") == 0 ? "localhost" : text;
  const char* name = service_name(port);
  n.service = name ? name : std::to_string(port);
  return n;
}

int l_getnameinfo(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  const char* ip = nullptr;
  int port = 0, family = 0;
  if (lua_getfield(L, 1, "ip") == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER) ip = lua_tostring(L, -1);
  else if (!lua_isnil(L, -1)) luaL_argerror(L, 1, "ip property must be string if set");
  if (lua_getfield(L, 1, "port") == LUA_TNUMBER) port = (int)lua_tointeger(L, -1);
  else if (!lua_isnil(L, -1)) luaL_argerror(L, 1, "port property must be integer if set");
  unsigned char addr[16] = {};
  if (ip || port) {
    if (!ip) ip = "0.0.0.0";
    if (inet_pton(AF_INET, ip, addr) == 1) family = kInet;
    else if (inet_pton(AF_INET6, ip, addr) == 1) family = kInet6;
    else return luaL_argerror(L, 1, "Invalid ip address or port");
  }
  if (lua_getfield(L, 1, "family") == LUA_TNUMBER) {
    family = (int)lua_tointeger(L, -1);
  } else if (lua_type(L, -1) == LUA_TSTRING) {
    const char* f = lua_tostring(L, -1);
    family = std::strcmp(f, "inet") == 0 ? kInet : std::strcmp(f, "inet6") == 0 ? kInet6 : 0;
  } else if (!lua_isnil(L, -1)) {
    luaL_argerror(L, 1, "family must be string if set");
  }
  lua_pop(L, 3);
  bool async = !lua_isnoneornil(L, 2);
  if (async) check_callable(L, 2);
  if (family != kInet && family != kInet6) return push_error(L, -EINVAL);  // uv_getnameinfo refuses it
  if (!async) {
    NameInfo n = lookup(family, addr, port);
    lua_pushstring(L, n.host.c_str());
    lua_pushstring(L, n.service.c_str());
    return 2;
  }
  lua_pushvalue(L, 2);
  int ref = luaL_ref(L, LUA_REGISTRYINDEX);
  Runtime& rt = Runtime::of(L);
  lua_State* main = rt.L();
  auto answer = std::make_shared<NameInfo>();
  std::string bytes(reinterpret_cast<char*>(addr), sizeof addr);
  int64_t id = queue_work(
      rt.loop(),
      [answer, family, bytes, port] {
        *answer = lookup(family, reinterpret_cast<const unsigned char*>(bytes.data()), port);
      },
      [main, ref, answer](int status) {
        lua_rawgeti(main, LUA_REGISTRYINDEX, ref);
        luaL_unref(main, LUA_REGISTRYINDEX, ref);
        if (status < 0) {  // as luv: the error's name alone
          lua_pushstring(main, err_name(status));
          Runtime::of(main).call_callback(1, "getnameinfo callback");
          return;
        }
        lua_pushnil(main);
        lua_pushstring(main, answer->host.c_str());
        lua_pushstring(main, answer->service.c_str());
        Runtime::of(main).call_callback(3, "getnameinfo callback");
      },
      0, "getnameinfo");
  if (id < 0) {
    luaL_unref(L, LUA_REGISTRYINDEX, ref);
    return push_error(L, (int)id);
  }
  return push_request(L, id, "uv_getnameinfo");
}

const luaL_Reg kFunctions[] = {{"getnameinfo", l_getnameinfo}, {nullptr, nullptr}};

}  // namespace

void open_nameinfo(lua_State* L) { luaL_setfuncs(L, kFunctions, 0); }

}  // namespace ls::lua
