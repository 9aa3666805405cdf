// uv.new_signal and signal:start(signum or "sigint", cb(signame)) — natively; on wasm start fails with ENOSYS.
// The signal names (l_signal.h) serve uv.kill and process:kill too.
#include <csignal>
#include <cstring>
#include <string>

#include "core/signal.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/l_signal.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

constexpr const char* kSignal = "uv_signal";

struct SignalName {
  const char* name;
  int num;
};
// luv's names (lower case) for Linux's signals; for a number with two names the first is the one shown.
const SignalName kSignals[] = {
    {"sighup", SIGHUP},       {"sigint", SIGINT},       {"sigquit", SIGQUIT},   {"sigill", SIGILL},
    {"sigtrap", SIGTRAP},     {"sigabrt", SIGABRT},     {"sigiot", SIGIOT},     {"sigbus", SIGBUS},
    {"sigfpe", SIGFPE},       {"sigkill", SIGKILL},     {"sigusr1", SIGUSR1},   {"sigsegv", SIGSEGV},
    {"sigusr2", SIGUSR2},     {"sigpipe", SIGPIPE},     {"sigalrm", SIGALRM},   {"sigterm", SIGTERM},
    {"sigchld", SIGCHLD},     {"sigcont", SIGCONT},     {"sigstop", SIGSTOP},   {"sigtstp", SIGTSTP},
    {"sigttin", SIGTTIN},     {"sigttou", SIGTTOU},     {"sigurg", SIGURG},     {"sigxcpu", SIGXCPU},
    {"sigxfsz", SIGXFSZ},     {"sigvtalrm", SIGVTALRM}, {"sigprof", SIGPROF},   {"sigwinch", SIGWINCH},
    {"sigio", SIGIO},         {"sigpoll", SIGPOLL},     {"sigpwr", SIGPWR},     {"sigsys", SIGSYS},
#ifdef SIGSTKFLT
    {"sigstkflt", SIGSTKFLT},
#endif
};

int check_signum(lua_State* L, int idx) {
  if (lua_isnumber(L, idx)) return (int)lua_tointeger(L, idx);
  const char* s = luaL_checkstring(L, idx);
  for (const SignalName& sn : kSignals)
    if (strcasecmp(s, sn.name) == 0) return sn.num;
  return luaL_argerror(L, idx, "unknown signal name");
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

int signal_number(const char* name) {
  for (const SignalName& sn : kSignals)
    if (std::strcmp(name, sn.name) == 0) return sn.num;
  return 0;
}

const char* signal_name(int num) {
  for (const SignalName& sn : kSignals)
    if (sn.num == num) return sn.name;
  return "unknown";
}

void open_signal(lua_State* L) {
  define_handle_type(L, kSignal, kMethods);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
