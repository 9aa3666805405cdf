// uv.new_udp and the udp methods (bind, send, try_send, recv_start, connect, the socket options, ...) as luv
// 1.44.2 binds them over ls::Udp: the same argument checks and messages, the same values (udp_send returns 0,
// not a request; a receive callback gets err, data, addr, flags).
#include <cstring>
#include <string>
#include <vector>

#include "core/loop.h"
#include "core/udp.h"
#include "lua/l_addr.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/l_stream.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

constexpr const char* kUdp = "uv_udp";
constexpr int kAfUnspec = 0, kAfUnix = 1, kAfInet = 2, kAfInet6 = 10;  // Linux's values, which luv passes on
constexpr lua_Integer kRecvMmsgFlag = 0x100;                           // UV_UDP_RECVMMSG

Udp& check_udp(lua_State* L, int idx) { return check_handle<Udp>(L, idx, kUdp); }

// luv_af_string_to_num for the families a udp handle can have; other names are other families (EINVAL later).
int family_number(const char* name) {
  if (std::strcmp(name, "inet") == 0) return kAfInet;
  if (std::strcmp(name, "inet6") == 0) return kAfInet6;
  if (std::strcmp(name, "unix") == 0) return kAfUnix;
  return kAfUnspec;
}

// uv_udp_init_ex's checks: the low 8 bits are the domain, RECVMMSG the only other flag.
int init_udp(Udp& u, lua_Integer flags, int mmsgs) {
  int domain = static_cast<int>(flags & 0xFF);
  if (domain != kAfUnspec && domain != kAfInet && domain != kAfInet6) return -EINVAL;
  if (flags & ~(lua_Integer)0xFF & ~kRecvMmsgFlag) return -EINVAL;
  if (mmsgs > 1 && u.set_recv_batch(mmsgs < 20 ? mmsgs : 20) < 0) return -EINVAL;
  if (domain == kAfUnspec) return 0;
  return u.init_family(domain == kAfInet6 ? AddrFamily::Inet6 : AddrFamily::Inet);
}

// uv.new_udp([flags]): nothing, an integer (the family in the low bits), a family name, or {family=, mmsgs=}.
int l_new_udp(lua_State* L) {
  lua_settop(L, 1);
  lua_Integer flags = kAfUnspec;
  int mmsgs = 1;
  if (!lua_isnoneornil(L, 1)) {
    if (lua_isnumber(L, 1)) {
      flags = lua_tointeger(L, 1);
    } else if (lua_isstring(L, 1)) {
      flags = family_number(lua_tostring(L, 1));
    } else if (lua_istable(L, 1)) {
      lua_getfield(L, 1, "family");
      if (lua_isnumber(L, -1)) {
        flags = lua_tointeger(L, -1) & 0xFF;
      } else if (lua_isstring(L, -1)) {
        flags = family_number(lua_tostring(L, -1));
      } else if (!lua_isnil(L, -1)) {
        luaL_argerror(L, 1, "family must be string or integer if set");
      }
      lua_pop(L, 1);
      lua_getfield(L, 1, "mmsgs");
      if (lua_isnumber(L, -1)) {
        mmsgs = static_cast<int>(lua_tonumber(L, -1));
      } else if (!lua_isnil(L, -1)) {
        luaL_argerror(L, 1, "mmsgs must be integer if set");
      }
      lua_pop(L, 1);
    } else {
      luaL_argerror(L, 1, "expected table, string, or integer");
    }
  }
  auto* u = new Udp(Runtime::of(L).loop());
  if (int r = init_udp(*u, mmsgs > 1 ? flags | kRecvMmsgFlag : flags, mmsgs); r < 0) {
    u->close([](Handle& h) { delete &h; });  // luv frees the handle it could not initialise
    return push_error(L, r);
  }
  push_handle(L, u, kUdp);
  return 1;
}

// luv_check_addr: host and port both nil (no address: the connected peer, or disconnect), or a string and a
// number forming an IP address (else luaL_error), or an argument error. Returns whether there is an address.
bool check_addr(lua_State* L, int host_idx, int port_idx, SockName& out) {
  int host_type = lua_type(L, host_idx), port_type = lua_type(L, port_idx);
  if (host_type == LUA_TNIL && port_type == LUA_TNIL) return false;
  if (host_type == LUA_TSTRING && port_type == LUA_TNUMBER) {
    const char* host = lua_tostring(L, host_idx);
    auto port = static_cast<uint16_t>(lua_tointeger(L, port_idx));
    out.family = check_ip(L, host, port);
    out.host = host;
    out.port = port;
    return true;
  }
  if (host_type == LUA_TNIL || port_type == LUA_TNIL)
    luaL_argerror(L, host_type == LUA_TNIL ? port_idx : host_idx, "Both host and port must be nil if one is nil");
  luaL_argcheck(L, host_type == LUA_TNIL || host_type == LUA_TSTRING, host_idx, "Host must be string or nil");
  luaL_argcheck(L, port_type == LUA_TNIL || port_type == LUA_TNUMBER, port_idx, "Port must be number or nil");
  return false;
}

int l_udp_bind(lua_State* L) {
  Udp& u = check_udp(L, 1);
  const char* host = luaL_checkstring(L, 2);
  uint16_t port = check_port(L, 3);
  check_ip(L, host, port);
  unsigned flags = 0;
  if (lua_type(L, 4) == LUA_TTABLE) {
    lua_getfield(L, 4, "reuseaddr");
    if (lua_toboolean(L, -1)) flags |= kUdpReuseAddr;
    lua_getfield(L, 4, "ipv6only");
    if (lua_toboolean(L, -1)) flags |= kUdpIpv6Only;
    lua_pop(L, 2);
  }
  return push_result(L, u.bind(host, port, flags));
}

int l_udp_send(lua_State* L) {
  Udp& u = check_udp(L, 1);
  SockName to;
  bool has_to = check_addr(L, 3, 4, to);
  int ref = ref_request_callback(L, 5, false);
  std::vector<std::string> bufs;
  check_data(L, 2, bufs);
  lua_State* main = callback_state(L);
  int64_t id = u.send(std::move(bufs), has_to ? &to : nullptr,
                      [main, ref](int status) { complete_request(main, ref, status, "udp send callback"); });
  if (id < 0) return fail_request(L, ref, static_cast<int>(id));
  lua_pushinteger(L, 0);  // luv 1.44 returns uv_udp_send's 0, not the request
  return 1;
}

int l_udp_try_send(lua_State* L) {
  Udp& u = check_udp(L, 1);
  std::vector<std::string> bufs;
  check_data(L, 2, bufs);
  SockName to;
  bool has_to = check_addr(L, 3, 4, to);
  int64_t n = u.try_send(bufs, has_to ? &to : nullptr);
  if (n < 0) return push_error(L, static_cast<int>(n));
  lua_pushinteger(L, n);
  return 1;
}

// luv_udp_recv_cb: err (a name or nil), data ("" for an empty datagram, nil for the nothing-more call and
// errors), addr (a table or nil), flags ({partial = true} for a cut datagram, mmsg_chunk for a batch's).
void push_recv(lua_State* L, int64_t nread, std::string_view data, const SockName* addr, unsigned flags) {
  push_status(L, nread < 0 ? static_cast<int>(nread) : 0);
  if (nread > 0) {
    lua_pushlstring(L, data.data(), data.size());
  } else if (nread == 0 && addr) {
    lua_pushliteral(L, "");
  } else {
    lua_pushnil(L);
  }
  if (addr) {
    push_sockname(L, *addr);
  } else {
    lua_pushnil(L);
  }
  lua_newtable(L);
  if (flags & Udp::kPartial) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "partial");
  }
  if (flags & Udp::kMmsgChunk) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "mmsg_chunk");
  }
}

int l_udp_recv_start(lua_State* L) {
  HandleBinding* b = check_binding(L, 1, kUdp);
  set_callback(L, b, kMainCallback, 2);
  auto* u = static_cast<Udp*>(b->handle);
  return push_result(L, u->recv_start([b](Udp&, int64_t nread, std::string_view data, const SockName* addr,
                                          unsigned flags) {
    if (!push_callback(b, kMainCallback)) return;
    push_recv(b->L, nread, data, addr, flags);
    call_slot(b, kMainCallback, 4, "udp recv callback");
  }));
}

int l_udp_recv_stop(lua_State* L) { return push_result(L, check_udp(L, 1).recv_stop()); }

int l_udp_connect(lua_State* L) {
  Udp& u = check_udp(L, 1);
  SockName to;
  if (!check_addr(L, 2, 3, to)) return push_result(L, u.disconnect());
  return push_result(L, u.connect(to.host, to.port));
}

template <int (Udp::*Name)(SockName&) const>
int l_udp_name(lua_State* L) {
  SockName n;
  int r = (check_udp(L, 1).*Name)(n);
  if (r < 0) return push_error(L, r);
  push_sockname(L, n);
  return 1;
}

int l_udp_open(lua_State* L) {
  Udp& u = check_udp(L, 1);
  return push_result(L, u.open(static_cast<int>(luaL_checkinteger(L, 2))));
}

bool check_boolean(lua_State* L, int idx) {
  luaL_checktype(L, idx, LUA_TBOOLEAN);
  return lua_toboolean(L, idx);
}

int l_udp_set_broadcast(lua_State* L) {
  Udp& u = check_udp(L, 1);
  return push_result(L, u.set_broadcast(check_boolean(L, 2)));
}

int l_udp_set_ttl(lua_State* L) {
  Udp& u = check_udp(L, 1);
  return push_result(L, u.set_ttl(static_cast<int>(luaL_checknumber(L, 2))));
}

int l_udp_set_multicast_ttl(lua_State* L) {
  Udp& u = check_udp(L, 1);
  return push_result(L, u.set_multicast_ttl(static_cast<int>(luaL_checkinteger(L, 2))));
}

int l_udp_set_multicast_loop(lua_State* L) {
  Udp& u = check_udp(L, 1);
  return push_result(L, u.set_multicast_loop(check_boolean(L, 2)));
}

int l_udp_set_multicast_interface(lua_State* L) {
  Udp& u = check_udp(L, 1);
  return push_result(L, u.set_multicast_interface(luaL_checkstring(L, 2)));
}

// The interface argument of the membership calls: a string or nil (luv's check and message).
const char* check_interface(lua_State* L, int idx) {
  const char* iface = lua_isstring(L, idx) ? lua_tostring(L, idx) : "";
  luaL_argcheck(L, lua_isstring(L, idx) || lua_isnil(L, idx), idx, "expected string or nil");
  return iface;
}

bool check_membership(lua_State* L, int idx) {
  static const char* const kMembership[] = {"leave", "join", nullptr};
  return luaL_checkoption(L, idx, nullptr, kMembership) == 1;
}

int l_udp_set_membership(lua_State* L) {
  Udp& u = check_udp(L, 1);
  const char* group = luaL_checkstring(L, 2);
  const char* iface = check_interface(L, 3);
  return push_result(L, u.set_membership(group, iface, check_membership(L, 4)));
}

int l_udp_set_source_membership(lua_State* L) {
  Udp& u = check_udp(L, 1);
  const char* group = luaL_checkstring(L, 2);
  const char* iface = check_interface(L, 3);
  const char* source = luaL_checkstring(L, 4);
  return push_result(L, u.set_source_membership(group, iface, source, check_membership(L, 5)));
}

int l_udp_send_queue_size(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(check_udp(L, 1).send_queue_size()));
  return 1;
}

int l_udp_send_queue_count(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(check_udp(L, 1).send_queue_count()));
  return 1;
}

// Method name -> function; the uv.* functions are the same with "udp_" in front.
const luaL_Reg kMethods[] = {
    {"bind", l_udp_bind},
    {"send", l_udp_send},
    {"try_send", l_udp_try_send},
    {"recv_start", l_udp_recv_start},
    {"recv_stop", l_udp_recv_stop},
    {"connect", l_udp_connect},
    {"getsockname", l_udp_name<&Udp::getsockname>},
    {"getpeername", l_udp_name<&Udp::getpeername>},
    {"open", l_udp_open},
    {"set_broadcast", l_udp_set_broadcast},
    {"set_ttl", l_udp_set_ttl},
    {"set_multicast_ttl", l_udp_set_multicast_ttl},
    {"set_multicast_loop", l_udp_set_multicast_loop},
    {"set_multicast_interface", l_udp_set_multicast_interface},
    {"set_membership", l_udp_set_membership},
    {"set_source_membership", l_udp_set_source_membership},
    {"get_send_queue_size", l_udp_send_queue_size},
    {"get_send_queue_count", l_udp_send_queue_count},
    {nullptr, nullptr},
};

}  // namespace

void open_udp(lua_State* L) {
  define_handle_type(L, kUdp, kMethods);
  lua_pushcfunction(L, l_new_udp);
  lua_setfield(L, -2, "new_udp");
  for (const luaL_Reg* m = kMethods; m->name; ++m) {
    lua_pushcfunction(L, m->func);
    lua_setfield(L, -2, (std::string("udp_") + m->name).c_str());
  }
}

}  // namespace ls::lua
