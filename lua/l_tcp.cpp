// uv.new_tcp and the tcp methods (bind, connect, getsockname, nodelay, open, ...) plus the stream methods;
// uv.socketpair.
#include <string>
#include <string_view>

#include "core/sys.h"
#include "core/tcp.h"
#include "lua/l_addr.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/l_stream.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

constexpr const char* kTcp = "uv_tcp";

int l_new_tcp(lua_State* L) {
  push_handle(L, new Tcp(Runtime::of(L).loop()), kTcp);
  return 1;
}

int l_tcp_bind(lua_State* L) {
  Tcp& t = check_handle<Tcp>(L, 1, kTcp);
  const char* host = luaL_checkstring(L, 2);
  uint16_t port = check_port(L, 3);
  check_ip(L, host, port);
  return push_result(L, t.bind(host, port));
}

int l_tcp_connect(lua_State* L) {
  Tcp& t = check_handle<Tcp>(L, 1, kTcp);
  std::string host = luaL_checkstring(L, 2);
  uint16_t port = check_port(L, 3);
  check_ip(L, host.c_str(), port);
  return start_request(L, 4, true, "uv_connect", "connect callback",
                       [&](auto done) { return t.connect(host, port, std::move(done)); });
}

// getsockname / getpeername: luv's address table, or the fail triple.
template <int (Tcp::*Name)(SockName&) const>
int l_tcp_name(lua_State* L) {
  SockName n;
  int r = (check_handle<Tcp>(L, 1, kTcp).*Name)(n);
  if (r < 0) return push_error(L, r);
  push_sockname(L, n);
  return 1;
}

int l_tcp_nodelay(lua_State* L) {
  return push_result(L, check_handle<Tcp>(L, 1, kTcp).nodelay(lua_toboolean(L, 2)));
}

int l_tcp_keepalive(lua_State* L) {
  Tcp& t = check_handle<Tcp>(L, 1, kTcp);
  return push_result(L, t.keepalive(lua_toboolean(L, 2), (unsigned)luaL_optinteger(L, 3, 60)));
}

int l_tcp_close_reset(lua_State* L) {
  HandleBinding* b = check_binding(L, 1, kTcp);
  if (b->handle->is_closing()) return luaL_error(L, "handle tcp is already closing");
  if (!lua_isnoneornil(L, 2)) set_callback(L, b, kCloseCallback, 2);
  return push_result(L, static_cast<Tcp*>(b->handle)->close_reset([b](Handle& h) {
    if (push_callback(b, kCloseCallback)) call_slot(b, kCloseCallback, 0, "close callback");
    release_binding(b);
    delete &h;
  }));
}

int l_tcp_open(lua_State* L) {
  return push_result(L, check_handle<Tcp>(L, 1, kTcp).open((int)luaL_checkinteger(L, 2)));
}

// uv.socketpair([socktype], [protocol], [flags1], [flags2]) -> {fd1, fd2}: a connected AF_UNIX pair, as luv
// binds uv_socketpair. Only stream pairs are built (the emulated kernel has no datagram sockets): "dgram" and
// "seqpacket" answer ENOSYS. Every fd a Sys makes is non-blocking, so {nonblock = true} changes nothing.
int l_socketpair(lua_State* L) {
  if (lua_type(L, 1) == LUA_TSTRING) {
    std::string_view type = lua_tostring(L, 1);
    if (type != "stream" && type != "dgram" && type != "seqpacket" && type != "raw")
      return luaL_argerror(L, 1, lua_pushfstring(L, "invalid socket type: %s", lua_tostring(L, 1)));
    if (type != "stream") return push_error(L, -ENOSYS);
  } else if (lua_isnumber(L, 1)) {
    if (lua_tointeger(L, 1) != 1 /* SOCK_STREAM */) return push_error(L, -ENOSYS);
  } else if (!lua_isnoneornil(L, 1)) {
    return luaL_argerror(L, 1, lua_pushfstring(L, "socket type must be string or integer if set, got %s",
                                               luaL_typename(L, 1)));
  }
  for (int i = 3; i <= 4; i++)
    if (!lua_isnoneornil(L, i) && lua_type(L, i) != LUA_TTABLE)
      return luaL_argerror(L, i, lua_pushfstring(L, "table or nil expected, got %s", luaL_typename(L, i)));
  Sys* sys = Runtime::of(L).loop().backend().sys();
  if (!sys) return push_error(L, -ENOSYS);
  int fds[2];
  int r = sys->socketpair(fds);
  if (r < 0) return push_error(L, r);
  lua_createtable(L, 2, 0);
  lua_pushinteger(L, fds[0]);
  lua_rawseti(L, -2, 1);
  lua_pushinteger(L, fds[1]);
  lua_rawseti(L, -2, 2);
  return 1;
}

const luaL_Reg kMethods[] = {
    {"bind", l_tcp_bind},         {"connect", l_tcp_connect},     {"getsockname", l_tcp_name<&Tcp::getsockname>},
    {"getpeername", l_tcp_name<&Tcp::getpeername>}, {"nodelay", l_tcp_nodelay}, {"keepalive", l_tcp_keepalive},
    {"close_reset", l_tcp_close_reset}, {"open", l_tcp_open}, {nullptr, nullptr},
};

const luaL_Reg kFunctions[] = {
    {"new_tcp", l_new_tcp},         {"tcp_bind", l_tcp_bind},               {"tcp_connect", l_tcp_connect},
    {"tcp_getsockname", l_tcp_name<&Tcp::getsockname>}, {"tcp_getpeername", l_tcp_name<&Tcp::getpeername>},
    {"tcp_nodelay", l_tcp_nodelay}, {"tcp_keepalive", l_tcp_keepalive},     {"tcp_close_reset", l_tcp_close_reset},
    {"tcp_open", l_tcp_open},       {"socketpair", l_socketpair},           {nullptr, nullptr},
};

}  // namespace

void open_tcp(lua_State* L) {
  define_handle_type(L, kTcp, kMethods, kStreamMethods);
  luaL_setfuncs(L, kFunctions, 0);
  luaL_setfuncs(L, kStreamFunctions, 0);
}

}  // namespace ls::lua
