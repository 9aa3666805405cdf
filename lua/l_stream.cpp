// luv's stream functions over ls::Stream: the same code serves tcp and pipe handles on both backends.
#include "lua/l_stream.h"

#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.h"
#include "core/stream.h"
#include "core/threadpool.h"
#include "lua/l_handle.h"
#include "lua/l_metatable.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

// Any stream handle (tcp or pipe): check_binding with no type accepts every handle; the cast is checked here.
Stream& check_stream(lua_State* L, int idx, HandleBinding** out = nullptr) {
  HandleBinding* b = check_binding(L, idx);
  HandleType t = b->handle->type();
  if (t != HandleType::Tcp && t != HandleType::Pipe && t != HandleType::Tty) luaL_typeerror(L, idx, "uv_stream");
  if (out) *out = b;
  return *static_cast<Stream*>(b->handle);
}

int l_listen(lua_State* L) {
  HandleBinding* b;
  Stream& s = check_stream(L, 1, &b);
  int backlog = (int)luaL_checkinteger(L, 2);
  set_callback(L, b, kMainCallback, 3);
  return push_result(L, s.listen(backlog, [b](Stream&, int status) {
    if (!push_callback(b, kMainCallback)) return;
    push_status(b->L, status);
    call_slot(b, kMainCallback, 1, "connection callback");
  }));
}

int l_accept(lua_State* L) {
  Stream& server = check_stream(L, 1);
  Stream& client = check_stream(L, 2);
  return push_result(L, server.accept(client));
}

int l_read_start(lua_State* L) {
  HandleBinding* b;
  Stream& s = check_stream(L, 1, &b);
  set_callback(L, b, kMainCallback, 2);
  // Each read becomes a Lua string: 256 KiB ones are served from the top of glibc's heap and trimmed when freed,
  // so every read faulted fresh pages in (a 2 GiB pump: ~40k minor faults against luv's ~2k). luv reads 64 KiB.
  s.set_read_buffer_max(Stream::kReadBufferSize);
  return push_result(L, s.read_start([b](Stream&, int64_t nread, std::string_view data) {
    if (!push_callback(b, kMainCallback)) return;
    lua_State* L = b->L;
    if (nread > 0) {
      lua_pushnil(L);
      lua_pushlstring(L, data.data(), data.size());
    } else if (nread == kEOF) {
      lua_pushnil(L);
      lua_pushnil(L);
    } else {
      push_status(L, (int)nread);
      lua_pushnil(L);
    }
    call_slot(b, kMainCallback, 2, "read callback");
  }));
}

int l_read_stop(lua_State* L) { return push_result(L, check_stream(L, 1).read_stop()); }


// From this size on, write() does not copy a string: the core writes from the Lua string itself, which a registry
// ref keeps alive until the completion (luv does the same). Below it a copy costs less than the ref.
constexpr size_t kBorrowBytes = 1024;

int l_write(lua_State* L) {
  Stream& s = check_stream(L, 1);
  size_t len = 0;
  const char* str = lua_type(L, 2) == LUA_TSTRING ? lua_tolstring(L, 2, &len) : nullptr;
  std::vector<std::string> bufs;
  if (!str) check_data(L, 2, bufs);
  int ref = ref_request_callback(L, 3, false);
  lua_State* main = callback_state(L);
  int64_t id;
  if (str && len >= kBorrowBytes) {
    lua_pushvalue(L, 2);
    int data_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    ConstBuf buf{str, len};
    id = s.write_borrowed(&buf, 1, [main, ref, data_ref](int status) {
      luaL_unref(main, LUA_REGISTRYINDEX, data_ref);
      complete_request(main, ref, status, "write callback");
    });
    if (id < 0) luaL_unref(L, LUA_REGISTRYINDEX, data_ref);
  } else {
    // Always a completion, with or without a Lua callback: luv's C write callback runs either way, and the trace
    // (and the virtual clock) count it.
    auto done = [main, ref](int status) { complete_request(main, ref, status, "write callback"); };
    id = str ? s.write(std::string(str, len), done) : s.write(std::move(bufs), done);
  }
  if (id < 0) return fail_request(L, ref, (int)id);
  return push_request(L, id, "uv_write");
}

int l_try_write(lua_State* L) {
  Stream& s = check_stream(L, 1);
  std::vector<std::string> bufs;
  check_data(L, 2, bufs);
  std::string all;
  for (const std::string& b : bufs) all += b;
  int64_t n = s.try_write(all);
  if (n < 0) return push_error(L, (int)n);
  lua_pushinteger(L, n);
  return 1;
}

int l_shutdown(lua_State* L) {
  Stream& s = check_stream(L, 1);
  return start_request(L, 2, false, "uv_shutdown", "shutdown callback",
                       [&](auto done) { return s.shutdown(std::move(done)); });
}

int l_is_readable(lua_State* L) {
  lua_pushboolean(L, check_stream(L, 1).is_readable());
  return 1;
}

int l_is_writable(lua_State* L) {
  lua_pushboolean(L, check_stream(L, 1).is_writable());
  return 1;
}

int l_write_queue_size(lua_State* L) {
  lua_pushinteger(L, (lua_Integer)check_stream(L, 1).write_queue_size());
  return 1;
}

// A request as luv shows it: a userdata of metatable uv_req, printing as "uv_write_t: 0x...", with
// req:get_type() -> "write", 3 (libuv's uv_req_type values, which luv passes through).
struct RequestBox {
  int64_t id;
  const char* type;  // "uv_write", ...: a literal
};

int libuv_req_type(std::string_view name) {
  static constexpr std::string_view kNames[] = {"unknown", "req",  "connect",     "write",       "shutdown",
                                                "udp_send", "fs", "work", "getaddrinfo", "getnameinfo", "random"};
  for (size_t i = 0; i < std::size(kNames); i++)
    if (kNames[i] == name) return (int)i;
  return 0;
}

const char kRequestMetaKey = 'q';  // registry key (address) of the uv_req metatable

int l_req_tostring(lua_State* L) {
  auto* r = static_cast<RequestBox*>(luaL_checkudata(L, 1, "uv_req"));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s_t: 0x%08llx", r->type, (unsigned long long)r->id);
  lua_pushstring(L, buf);
  return 1;
}

int l_req_get_type(lua_State* L) {
  auto* r = static_cast<RequestBox*>(luaL_checkudata(L, 1, "uv_req"));
  std::string_view name = r->type;
  if (name.rfind("uv_", 0) == 0) name.remove_prefix(3);
  lua_pushlstring(L, name.data(), name.size());
  lua_pushinteger(L, libuv_req_type(name));
  return 2;
}

// uv.cancel(req) / req:cancel(): 0, or luv's error triple. Only thread-pool requests can be cancelled (EINVAL
// for the others, as uv_cancel); one a worker already took, or that finished, is EBUSY.
int l_req_cancel(lua_State* L) {
  auto* r = static_cast<RequestBox*>(luaL_checkudata(L, 1, "uv_req"));
  std::string_view name = r->type;
  if (name.rfind("uv_", 0) == 0) name.remove_prefix(3);
  if (name != "fs" && name != "work" && name != "getaddrinfo" && name != "getnameinfo" && name != "random")
    return push_error(L, -EINVAL);
  int rc = cancel(Runtime::of(L).loop(), (uint64_t)r->id);
  return push_result(L, rc == -ENOENT ? -EBUSY : rc);
}

}  // namespace

bool check_data(lua_State* L, int idx, std::vector<std::string>& bufs) {
  if (lua_type(L, idx) == LUA_TSTRING) {
    size_t len;
    const char* s = lua_tolstring(L, idx, &len);
    bufs.emplace_back(s, len);
    return true;
  }
  luaL_checktype(L, idx, LUA_TTABLE);
  for (lua_Integer i = 1, n = luaL_len(L, idx); i <= n; i++) {
    lua_geti(L, idx, i);
    size_t len;
    const char* s = luaL_checklstring(L, -1, &len);
    bufs.emplace_back(s, len);
    lua_pop(L, 1);
  }
  return false;
}

void push_status(lua_State* L, int status) {
  if (status < 0)
    lua_pushstring(L, err_name(status));
  else
    lua_pushnil(L);
}

int ref_request_callback(lua_State* L, int cb_idx, bool required) {
  if (!required && lua_isnoneornil(L, cb_idx)) return LUA_NOREF;
  check_callable(L, cb_idx);
  lua_pushvalue(L, cb_idx);
  return luaL_ref(L, LUA_REGISTRYINDEX);
}

lua_State* callback_state(lua_State* L) { return Runtime::of(L).L(); }

void complete_request(lua_State* main, int ref, int status, const char* what) {
  if (ref == LUA_NOREF) return;
  lua_rawgeti(main, LUA_REGISTRYINDEX, ref);
  luaL_unref(main, LUA_REGISTRYINDEX, ref);
  push_status(main, status);
  Runtime::of(main).call_callback(1, what);
}

int fail_request(lua_State* L, int ref, int err) {
  luaL_unref(L, LUA_REGISTRYINDEX, ref);
  return push_error(L, err);
}

int push_request(lua_State* L, int64_t id, const char* type) {
  auto* r = static_cast<RequestBox*>(lua_newuserdatauv(L, sizeof(RequestBox), 0));
  *r = RequestBox{id, type};
  // The metatable, found by address: one per state (as luaL_newmetatable's "uv_req", which checkudata uses).
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &kRequestMetaKey) == LUA_TNIL) {
    lua_pop(L, 1);
    static const luaL_Reg kMeta[] = {{"__tostring", l_req_tostring}, {nullptr, nullptr}};
    static const luaL_Reg kMethods[] = {{"get_type", l_req_get_type}, {"cancel", l_req_cancel}, {nullptr, nullptr}};
    define_metatable(L, "uv_req", kMeta, kMethods);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kRequestMetaKey);
  }
  lua_setmetatable(L, -2);
  return 1;
}

const luaL_Reg kStreamMethods[] = {
    {"listen", l_listen},         {"accept", l_accept},           {"read_start", l_read_start},
    {"read_stop", l_read_stop},   {"write", l_write},             {"try_write", l_try_write},
    {"shutdown", l_shutdown},     {"is_readable", l_is_readable}, {"is_writable", l_is_writable},
    {"get_write_queue_size", l_write_queue_size},                 {nullptr, nullptr},
};

const luaL_Reg kStreamFunctions[] = {
    {"listen", l_listen},         {"accept", l_accept},           {"read_start", l_read_start},
    {"read_stop", l_read_stop},   {"write", l_write},             {"try_write", l_try_write},
    {"shutdown", l_shutdown},     {"is_readable", l_is_readable}, {"is_writable", l_is_writable},
    {"stream_get_write_queue_size", l_write_queue_size},
    {"cancel", l_req_cancel},     {"req_get_type", l_req_get_type}, {nullptr, nullptr},
};

}  // namespace ls::lua
