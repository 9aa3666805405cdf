// uv.new_timer and the timer methods, as luv has them.
#include "core/timer.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

constexpr const char* kTimer = "uv_timer";

// luv reads timeouts with luaL_checkinteger; a negative one is an error here rather than a huge unsigned value.
uint64_t check_ms(lua_State* L, int idx) {
  lua_Integer v = luaL_checkinteger(L, idx);
  luaL_argcheck(L, v >= 0, idx, "must not be negative");
  return static_cast<uint64_t>(v);
}

int l_new_timer(lua_State* L) {
  push_handle(L, new Timer(Runtime::of(L).loop()), kTimer);
  return 1;
}

int l_timer_start(lua_State* L) {
  HandleBinding* b = check_binding(L, 1, kTimer);
  uint64_t timeout = check_ms(L, 2);
  uint64_t repeat = check_ms(L, 3);
  set_callback(L, b, kMainCallback, 4);
  auto& timer = *static_cast<Timer*>(b->handle);
  return push_result(L, timer.start(
                            [b](Timer&) {
                              if (push_callback(b, kMainCallback)) call_slot(b, kMainCallback, 0, "timer callback");
                            },
                            timeout, repeat));
}

int l_timer_stop(lua_State* L) { return push_result(L, check_handle<Timer>(L, 1, kTimer).stop()); }

int l_timer_again(lua_State* L) { return push_result(L, check_handle<Timer>(L, 1, kTimer).again()); }

int l_timer_set_repeat(lua_State* L) {
  check_handle<Timer>(L, 1, kTimer).set_repeat(check_ms(L, 2));
  return 0;
}

int l_timer_get_repeat(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(check_handle<Timer>(L, 1, kTimer).repeat()));
  return 1;
}

int l_timer_get_due_in(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(check_handle<Timer>(L, 1, kTimer).due_in()));
  return 1;
}

const luaL_Reg kMethods[] = {
    {"start", l_timer_start},           {"stop", l_timer_stop},
    {"again", l_timer_again},           {"set_repeat", l_timer_set_repeat},
    {"get_repeat", l_timer_get_repeat}, {"get_due_in", l_timer_get_due_in},
    {nullptr, nullptr},
};

const luaL_Reg kFunctions[] = {
    {"new_timer", l_new_timer},
    {"timer_start", l_timer_start},
    {"timer_stop", l_timer_stop},
    {"timer_again", l_timer_again},
    {"timer_set_repeat", l_timer_set_repeat},
    {"timer_get_repeat", l_timer_get_repeat},
    {"timer_get_due_in", l_timer_get_due_in},
    {nullptr, nullptr},
};

}  // namespace

void open_timer(lua_State* L) {
  define_handle_type(L, kTimer, kMethods);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
