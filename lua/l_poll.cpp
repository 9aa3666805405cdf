// uv.new_poll(fd) / uv.new_socket_poll(fd): readiness of an fd, with luv's event strings ("r", "w", "rw", "d",
// "p" combined) — the raw epoll view of the loop.
#include <string>

#include "core/errors.h"
#include "core/poll.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

constexpr const char* kPoll = "uv_poll";

int parse_events(lua_State* L, int idx) {
  const char* s = luaL_optstring(L, idx, "rw");
  int events = 0;
  for (const char* c = s; *c; c++) {
    switch (*c) {
      case 'r': events |= Poll::READABLE; break;
      case 'w': events |= Poll::WRITABLE; break;
      case 'd': events |= Poll::DISCONNECT; break;
      case 'p': events |= Poll::PRIORITIZED; break;
      default: luaL_argerror(L, idx, "unknown poll event (use r, w, d, p)");
    }
  }
  return events;
}

void push_events(lua_State* L, int events) {
  std::string s;
  if (events & Poll::READABLE) s += 'r';
  if (events & Poll::WRITABLE) s += 'w';
  if (events & Poll::DISCONNECT) s += 'd';
  if (events & Poll::PRIORITIZED) s += 'p';
  lua_pushstring(L, s.c_str());
}

int l_new_poll(lua_State* L) {
  int fd = (int)luaL_checkinteger(L, 1);
  push_handle(L, new Poll(Runtime::of(L).loop(), fd), kPoll);
  return 1;
}

int l_poll_start(lua_State* L) {
  HandleBinding* b = check_binding(L, 1, kPoll);
  int events = parse_events(L, 2);
  set_callback(L, b, kMainCallback, 3);
  return push_result(L, static_cast<Poll*>(b->handle)->start(events, [b](Poll&, int status, int ev) {
    if (!push_callback(b, kMainCallback)) return;
    lua_State* L = b->L;
    if (status < 0) {
      lua_pushstring(L, err_name(status));  // luv hands callbacks the error's name
      lua_pushnil(L);
    } else {
      lua_pushnil(L);
      push_events(L, ev);
    }
    call_slot(b, kMainCallback, 2, "poll callback");
  }));
}

int l_poll_stop(lua_State* L) { return push_result(L, check_handle<Poll>(L, 1, kPoll).stop()); }

const luaL_Reg kMethods[] = {{"start", l_poll_start}, {"stop", l_poll_stop}, {nullptr, nullptr}};
const luaL_Reg kFunctions[] = {
    {"new_poll", l_new_poll}, {"new_socket_poll", l_new_poll}, {"poll_start", l_poll_start},
    {"poll_stop", l_poll_stop}, {nullptr, nullptr},
};

}  // namespace

void open_poll(lua_State* L) {
  define_handle_type(L, kPoll, kMethods);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
