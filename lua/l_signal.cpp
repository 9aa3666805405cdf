// uv.new_signal and signal:start(signum or "sigint", cb(signame)) — natively; on wasm start fails with ENOSYS.
#include <csignal>
#include <cstring>
#include <string>

#include "core/signal.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

constexpr const char* kSignal = "uv_signal";

struct SignalName {
  const char* name;
  int num;
};
// The signals a snippet can sensibly watch, by luv's lower-case names.
const SignalName kSignals[] = {
    {"sigint", SIGINT}, {"sigterm", SIGTERM}, {"sighup", SIGHUP}, {"sigquit", SIGQUIT}, {"sigusr1", SIGUSR1},
    {"sigusr2", SIGUSR2}, {"sigwinch", SIGWINCH}, {"sigchld", SIGCHLD}, {"sigpipe", SIGPIPE}, {"sigalrm", SIGALRM},
};

int check_signum(lua_State* L, int idx) {
  if (lua_isnumber(L, idx)) return (int)lua_tointeger(L, idx);
  const char* s = luaL_checkstring(L, idx);
  for (const SignalName& sn : kSignals)
    if (strcasecmp(s, sn.name) == 0) return sn.num;
  return luaL_argerror(L, idx, "unknown signal name");
}

const char* signal_name(int num) {
  for (const SignalName& sn : kSignals)
    if (sn.num == num) return sn.name;
  return "unknown";
}

int l_new_signal(lua_State* L) {
  push_handle(L, new Signal(Runtime::of(L).loop()), kSignal);
  return 1;
}

int l_signal_start(lua_State* L) {
  HandleBinding* b = check_binding(L, 1, kSignal);
  int signum = check_signum(L, 2);
  if (!lua_isnoneornil(L, 3)) set_callback(L, b, kMainCallback, 3);
  return push_result(L, static_cast<Signal*>(b->handle)->start(
                            [b](Signal&, int num) {
                              if (!push_callback(b, kMainCallback)) return;
                              lua_pushstring(b->L, signal_name(num));
                              call_slot(b, kMainCallback, 1, "signal callback");
                            },
                            signum));
}

int l_signal_stop(lua_State* L) { return push_result(L, check_handle<Signal>(L, 1, kSignal).stop()); }

const luaL_Reg kMethods[] = {{"start", l_signal_start}, {"stop", l_signal_stop}, {nullptr, nullptr}};
const luaL_Reg kFunctions[] = {
    {"new_signal", l_new_signal}, {"signal_start", l_signal_start}, {"signal_stop", l_signal_stop},
    {nullptr, nullptr},
};

}  // namespace

void open_signal(lua_State* L) {
  define_handle_type(L, kSignal, kMethods);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
