// See l_addr.h.
#include "lua/l_addr.h"

#include "core/loop.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

const char* family_name(AddrFamily f) {
  switch (f) {
    case AddrFamily::Inet: return "inet";
    case AddrFamily::Inet6: return "inet6";
    case AddrFamily::Unix: return "unix";
    default: return "unspec";
  }
}

}  // namespace

void push_sockname(lua_State* L, const SockName& n) {
  lua_createtable(L, 0, 3);
  lua_pushstring(L, family_name(n.family));
  lua_setfield(L, -2, "family");
  lua_pushstring(L, n.host.c_str());
  lua_setfield(L, -2, "ip");
  lua_pushinteger(L, n.port);
  lua_setfield(L, -2, "port");
}

uint16_t check_port(lua_State* L, int idx) {
  lua_Integer port = luaL_checkinteger(L, idx);
  luaL_argcheck(L, port >= 0 && port <= 65535, idx, "port out of range");
  return static_cast<uint16_t>(port);
}

// luv raises (rather than returns) an error for text that is no IP address: a mistake in the snippet, not a
// condition of the network.
AddrFamily check_ip(lua_State* L, const char* host, uint16_t port) {
  Sys* sys = Runtime::of(L).loop().backend().sys();
  AddrFamily family = AddrFamily::Unspec;
  if (!sys || sys->parse_address(host, family) < 0) luaL_error(L, "Invalid IP address or port [%s:%d]", host, port);
  return family;
}

}  // namespace ls::lua
