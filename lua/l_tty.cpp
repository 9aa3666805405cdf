// uv.new_tty and the tty methods (set_mode, get_winsize) plus the stream methods; uv.tty_reset_mode. On the
// emulated backend fds 0-2 are the console, a terminal that writes to the snippet's output.
#include "core/tty.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/l_stream.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

constexpr const char* kTty = "uv_tty";

int l_new_tty(lua_State* L) {
  int fd = (int)luaL_checkinteger(L, 1);
  luaL_checktype(L, 2, LUA_TBOOLEAN);
  bool readable = lua_toboolean(L, 2);
  auto* tty = new Tty(Runtime::of(L).loop());
  int r = tty->open(fd, readable);
  if (r < 0) {
    tty->close([](Handle& h) { delete &h; });
    return push_error(L, r);
  }
  push_handle(L, tty, kTty);
  return 1;
}

int l_tty_set_mode(lua_State* L) {
  Tty& tty = check_handle<Tty>(L, 1, kTty);
  return push_result(L, tty.set_mode(static_cast<TtyMode>(luaL_checkinteger(L, 2))));
}

int l_tty_reset_mode(lua_State* L) { return push_result(L, reset_tty_mode(Runtime::of(L).loop())); }

int l_tty_get_winsize(lua_State* L) {
  int width = 0, height = 0;
  int r = check_handle<Tty>(L, 1, kTty).get_winsize(width, height);
  if (r < 0) return push_error(L, r);
  lua_pushinteger(L, width);
  lua_pushinteger(L, height);
  return 2;
}

const luaL_Reg kMethods[] = {
    {"set_mode", l_tty_set_mode}, {"get_winsize", l_tty_get_winsize}, {nullptr, nullptr},
};

const luaL_Reg kFunctions[] = {
    {"new_tty", l_new_tty},           {"tty_set_mode", l_tty_set_mode},
    {"tty_reset_mode", l_tty_reset_mode}, {"tty_get_winsize", l_tty_get_winsize},
    {nullptr, nullptr},
};

}  // namespace

void open_tty(lua_State* L) {
  define_handle_type(L, kTty, kMethods, kStreamMethods);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
