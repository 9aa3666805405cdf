// uv.getaddrinfo(host, service, hints, [callback]) as in luv: synchronous without a callback (the result list, or
// nil, "EAI_NONAME: unknown node or service", "EAI_NONAME"), asynchronous with one: the lookup runs on the thread
// pool as libuv's uv_getaddrinfo does (queue_work: traced as a getaddrinfo request, keeps the loop alive) and
// callback(err, res) runs in the poll phase, err being the error's name.
//
// Loopscope only touches loopback, so there is no resolver: the answer is computed, the same on every backend
// and host (never /etc/hosts or /etc/services). Known: "localhost" (127.0.0.1, then ::1), numeric IPv4 and IPv6
// addresses, no host (the loopback or, with passive, wildcard addresses), numeric services. Any other name
// fails with EAI_NONAME, a service name with EAI_SERVICE. The entries, their order per address and the errors
// follow what glibc's getaddrinfo gives through luv 1.44 (checked with Debian's lua-luv); glibc puts ::1 first for
// "localhost" when /etc/hosts lists it, we put 127.0.0.1 first, the address tcp_connect("localhost") uses.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/threadpool.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/l_stream.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

// Linux's numbers, which luv hands out and accepts: the same in the browser build.
enum : int { kAfUnspec = 0, kAfInet = 2, kAfInet6 = 10 };
enum : int { kSockAny = 0, kStream = 1, kDgram = 2, kRaw = 3 };
enum : int { kProtoAny = 0, kIcmp = 1, kTcp = 6, kUdp = 17, kIcmp6 = 58 };

// The failures, with libuv's names and messages.
enum class Eai { Ok, Inval, AddrFamily, BadFlags, Family, NoName, Service, SockType, Canceled };

const char* eai_name(Eai e) {
  switch (e) {
    case Eai::Inval: return "EINVAL";
    case Eai::AddrFamily: return "EAI_ADDRFAMILY";
    case Eai::BadFlags: return "EAI_BADFLAGS";
    case Eai::Family: return "EAI_FAMILY";
    case Eai::NoName: return "EAI_NONAME";
    case Eai::Service: return "EAI_SERVICE";
    case Eai::SockType: return "EAI_SOCKTYPE";
    case Eai::Canceled: return "EAI_CANCELED";
    default: return "OK";
  }
}

const char* eai_message(Eai e) {
  switch (e) {
    case Eai::Inval: return "invalid argument";
    case Eai::AddrFamily: return "address family not supported";
    case Eai::BadFlags: return "bad ai_flags value";
    case Eai::Family: return "ai_family not supported";
    case Eai::NoName: return "unknown node or service";
    case Eai::Service: return "service not available for socket type";
    case Eai::SockType: return "socket type not supported";
    case Eai::Canceled: return "request canceled";
    default: return "success";
  }
}

struct Hints {
  int family = kAfUnspec;
  int socktype = kSockAny;
  int protocol = kProtoAny;
  bool passive = false, numerichost = false, numericserv = false, canonname = false, v4mapped = false;
};

struct Query {
  bool has_node = false, has_service = false;
  std::string node, service;
  Hints hints;
};

struct Entry {
  int family;
  std::string addr;
  int socktype;
  int protocol;
};

struct Answer {
  Eai error = Eai::Ok;
  int port = 0;
  std::string canonname;
  std::vector<Entry> entries;
};

// ---- the resolver (pure: runs on a pool thread in the async form) ----

// glibc reads a numeric service with strtoul and keeps the low 16 bits.
bool parse_port(const std::string& s, int& port) {
  if (s.find('-') != std::string::npos) return false;
  char* end = nullptr;
  unsigned long v = std::strtoul(s.c_str(), &end, 10);
  if (*end != '\0') return false;
  port = static_cast<int>(v & 0xffff);
  return true;
}

// The socket type / protocol pairs of each address, as glibc's table gives them.
Eai type_pairs(const Hints& h, bool has_service, std::vector<std::pair<int, int>>& out) {
  const std::pair<int, int> table[] = {{kStream, kTcp}, {kDgram, kUdp}, {kRaw, kProtoAny}};
  if (h.socktype != kSockAny && h.socktype != kStream && h.socktype != kDgram && h.socktype != kRaw)
    return Eai::SockType;
  if (h.socktype == kRaw) {
    if (has_service) return Eai::Service;  // raw sockets have no ports
    out.emplace_back(kRaw, h.protocol);
    return Eai::Ok;
  }
  for (auto [type, proto] : table) {
    if (h.socktype != kSockAny && h.socktype != type) continue;
    if (h.protocol == kProtoAny || h.protocol == proto) out.emplace_back(type, proto);
  }
  // A protocol no stream or datagram socket speaks (icmp) is a raw socket's.
  if (out.empty() && h.socktype == kSockAny) out.emplace_back(kRaw, h.protocol);
  return out.empty() ? Eai::SockType : Eai::Ok;
}

bool parse_ipv4(const std::string& s, std::string& canon) {
  in_addr a{};
  if (inet_aton(s.c_str(), &a) == 0) return false;  // inet_aton, as glibc: "127.1" and "0x7f.1" are addresses too
  char buf[INET_ADDRSTRLEN];
  canon = inet_ntop(AF_INET, &a, buf, sizeof buf);
  return true;
}

bool parse_ipv6(const std::string& s, std::string& canon) {
  std::string text = s.substr(0, s.find('%'));  // a scope ("fe80::1%lo") is accepted and not shown
  in6_addr a{};
  if (inet_pton(AF_INET6, text.c_str(), &a) != 1) return false;
  char buf[INET6_ADDRSTRLEN];
  canon = inet_ntop(AF_INET6, &a, buf, sizeof buf);
  return true;
}

bool is_localhost(const std::string& s) {
  if (s.size() != 9) return false;
  for (size_t i = 0; i < s.size(); i++)
    if (std::tolower(static_cast<unsigned char>(s[i])) != "localhost"[i]) return false;
  return true;
}

// The addresses of the node, in order.
Eai addresses(const Query& q, std::vector<std::pair<int, std::string>>& out, std::string& canon) {
  const Hints& h = q.hints;
  auto want = [&](int family) { return h.family == kAfUnspec || h.family == family; };
  std::string literal;
  if (!q.has_node) {
    if (h.passive) {
      if (want(kAfInet)) out.emplace_back(kAfInet, "0.0.0.0");
      if (want(kAfInet6)) out.emplace_back(kAfInet6, "::");
    } else {
      if (want(kAfInet6)) out.emplace_back(kAfInet6, "::1");
      if (want(kAfInet)) out.emplace_back(kAfInet, "127.0.0.1");
    }
    return Eai::Ok;
  }
  if (parse_ipv4(q.node, literal)) {
    canon = q.node;
    if (want(kAfInet)) out.emplace_back(kAfInet, literal);
    else if (h.v4mapped) out.emplace_back(kAfInet6, "::ffff:" + literal);
    else return Eai::AddrFamily;
    return Eai::Ok;
  }
  if (parse_ipv6(q.node, literal)) {
    canon = q.node;
    if (!want(kAfInet6)) return Eai::AddrFamily;
    out.emplace_back(kAfInet6, literal);
    return Eai::Ok;
  }
  if (h.numerichost || !is_localhost(q.node)) return Eai::NoName;
  canon = "localhost";
  if (want(kAfInet)) out.emplace_back(kAfInet, "127.0.0.1");
  if (want(kAfInet6)) out.emplace_back(kAfInet6, "::1");
  return Eai::Ok;
}

Answer resolve(const Query& q) {
  Answer a;
  const Hints& h = q.hints;
  if ((!q.has_node && !q.has_service) || (q.has_node && q.node.empty())) return a.error = Eai::Inval, a;
  if (h.canonname && !q.has_node) return a.error = Eai::BadFlags, a;
  if (h.family != kAfUnspec && h.family != kAfInet && h.family != kAfInet6) return a.error = Eai::Family, a;
  std::vector<std::pair<int, int>> types;
  if ((a.error = type_pairs(h, q.has_service, types)) != Eai::Ok) return a;
  if (q.has_service && !parse_port(q.service, a.port)) {
    // No services database: a service name is unknown (numericserv asked for a number anyway).
    return a.error = h.numericserv ? Eai::NoName : Eai::Service, a;
  }
  std::vector<std::pair<int, std::string>> addrs;
  std::string canon;
  if ((a.error = addresses(q, addrs, canon)) != Eai::Ok) return a;
  for (const auto& [family, addr] : addrs)
    for (auto [type, proto] : types) a.entries.push_back(Entry{family, addr, type, proto});
  if (h.canonname) a.canonname = canon;
  return a;
}

// ---- Lua side ----

const char* family_name(int f) { return f == kAfInet ? "inet" : "inet6"; }

const char* socktype_name(int t) {
  switch (t) {
    case kStream: return "stream";
    case kDgram: return "dgram";
    default: return "raw";
  }
}

const char* protocol_name(int p) {
  switch (p) {
    case kProtoAny: return "ip";
    case kIcmp: return "icmp";
    case kTcp: return "tcp";
    case kUdp: return "udp";
    case kIcmp6: return "ipv6-icmp";
    default: return nullptr;
  }
}

// luv's list: {addr=, family=, port= (when not 0), socktype=, protocol=, canonname= (first entry only)}.
void push_answer(lua_State* L, const Answer& a) {
  lua_createtable(L, (int)a.entries.size(), 0);
  int i = 0;
  for (const Entry& e : a.entries) {
    lua_createtable(L, 0, 6);
    lua_pushstring(L, family_name(e.family));
    lua_setfield(L, -2, "family");
    lua_pushstring(L, e.addr.c_str());
    lua_setfield(L, -2, "addr");
    if (a.port) {
      lua_pushinteger(L, a.port);
      lua_setfield(L, -2, "port");
    }
    lua_pushstring(L, socktype_name(e.socktype));
    lua_setfield(L, -2, "socktype");
    if (const char* p = protocol_name(e.protocol)) lua_pushstring(L, p);
    else lua_pushinteger(L, e.protocol);
    lua_setfield(L, -2, "protocol");
    if (i == 0 && !a.canonname.empty()) {
      lua_pushstring(L, a.canonname.c_str());
      lua_setfield(L, -2, "canonname");
    }
    lua_rawseti(L, -2, ++i);
  }
}

int push_failure(lua_State* L, Eai e) {
  lua_pushnil(L);
  lua_pushfstring(L, "%s: %s", eai_name(e), eai_message(e));
  lua_pushstring(L, eai_name(e));
  return 3;
}

int number_or_name(lua_State* L, const char* field, const char* what,
                   int (*from_name)(lua_State*, const char*)) {
  int value = 0;
  lua_getfield(L, 3, field);
  if (lua_type(L, -1) == LUA_TNUMBER) value = (int)lua_tointeger(L, -1);
  else if (lua_type(L, -1) == LUA_TSTRING) value = from_name(L, lua_tostring(L, -1));
  else if (!lua_isnil(L, -1)) luaL_argerror(L, 3, lua_pushfstring(L, "%s hint must be string if set", what));
  lua_pop(L, 1);
  return value;
}

// As luv: an unknown family or socket type name means "any"; an unknown protocol is an error.
int family_of(lua_State*, const char* s) {
  return std::strcmp(s, "inet") == 0 ? kAfInet : std::strcmp(s, "inet6") == 0 ? kAfInet6
         : std::strcmp(s, "unix") == 0 ? 1 : kAfUnspec;
}

int socktype_of(lua_State*, const char* s) {
  const char* names[] = {"stream", "dgram", "raw", "rdm", "seqpacket"};
  for (int i = 0; i < 5; i++)
    if (std::strcmp(s, names[i]) == 0) return i + 1;
  return kSockAny;
}

int protocol_of(lua_State* L, const char* s) {
  for (int p : {kProtoAny, kIcmp, kTcp, kUdp, kIcmp6})
    if (std::strcmp(s, protocol_name(p)) == 0) return p;
  return luaL_argerror(L, 3, lua_pushfstring(L, "invalid protocol: %s", s));
}

bool flag(lua_State* L, const char* name) {
  lua_getfield(L, 3, name);
  bool on = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return on;
}

Hints check_hints(lua_State* L) {
  Hints h;
  if (lua_isnoneornil(L, 3)) return h;
  luaL_checktype(L, 3, LUA_TTABLE);
  h.family = number_or_name(L, "family", "family", family_of);
  h.socktype = number_or_name(L, "socktype", "socktype", socktype_of);
  h.protocol = number_or_name(L, "protocol", "protocol", protocol_of);
  h.passive = flag(L, "passive");
  h.numerichost = flag(L, "numerichost");
  h.numericserv = flag(L, "numericserv");
  h.canonname = flag(L, "canonname");
  h.v4mapped = flag(L, "v4mapped");
  return h;
}

int l_getaddrinfo(lua_State* L) {
  // Every check first: a Lua error longjmps past the destructors of the C++ objects below.
  const char* node = lua_isnoneornil(L, 1) ? nullptr : luaL_checkstring(L, 1);
  const char* service = lua_isnoneornil(L, 2) ? nullptr : luaL_checkstring(L, 2);
  Hints hints = check_hints(L);
  bool async = !lua_isnoneornil(L, 4);
  if (async && !is_callable(L, 4)) luaL_typeerror(L, 4, "function or callable table");
  Query query;
  query.has_node = node != nullptr;
  query.has_service = service != nullptr;
  query.node = node ? node : "";
  query.service = service ? service : "";
  query.hints = hints;
  if (!async) {
    Answer a = resolve(query);
    if (a.error != Eai::Ok) return push_failure(L, a.error);
    push_answer(L, a);
    return 1;
  }
  // libuv refuses a lookup of nothing before queueing it.
  if ((!query.has_node && !query.has_service) || (query.has_node && query.node.empty()))
    return push_failure(L, Eai::Inval);

  lua_pushvalue(L, 4);
  int ref = luaL_ref(L, LUA_REGISTRYINDEX);
  Runtime& rt = Runtime::of(L);
  lua_State* main = rt.L();
  auto answer = std::make_shared<Answer>();
  int64_t id = queue_work(
      rt.loop(), [answer, query] { *answer = resolve(query); },
      [main, ref, answer](int status) {
        lua_rawgeti(main, LUA_REGISTRYINDEX, ref);
        luaL_unref(main, LUA_REGISTRYINDEX, ref);
        Eai error = status == -ECANCELED ? Eai::Canceled : answer->error;
        if (error != Eai::Ok) {  // as luv: the error's name alone
          lua_pushstring(main, eai_name(error));
          Runtime::of(main).call_callback(1, "getaddrinfo callback");
          return;
        }
        lua_pushnil(main);
        push_answer(main, *answer);
        Runtime::of(main).call_callback(2, "getaddrinfo callback");
      },
      0, "getaddrinfo");
  if (id < 0) {
    luaL_unref(L, LUA_REGISTRYINDEX, ref);
    return push_error(L, (int)id);
  }
  return push_request(L, id, "uv_getaddrinfo");
}

const luaL_Reg kFunctions[] = {{"getaddrinfo", l_getaddrinfo}, {nullptr, nullptr}};

}  // namespace

void open_dns(lua_State* L) { luaL_setfuncs(L, kFunctions, 0); }

}  // namespace ls::lua
