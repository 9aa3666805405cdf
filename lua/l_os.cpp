// luv's process and operating-system functions: guess_handle, chdir. Natively they are the host's; on the
// emulated backend they describe the emulated process (its console is a tty, its working directory is /).
#include "core/errors.h"
#include "core/loop.h"
#include "core/sys.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

Sys* sys_of(lua_State* L) { return Runtime::of(L).loop().backend().sys(); }

// luv returns nothing for an fd libuv cannot classify.
int l_guess_handle(lua_State* L) {
  int fd = (int)luaL_checkinteger(L, 1);
  Sys* sys = sys_of(L);
  const char* kind = sys ? sys->guess_handle(fd) : "unknown";
  if (std::string_view(kind) == "unknown") return 0;
  lua_pushstring(L, kind);
  return 1;
}

int l_chdir(lua_State* L) {
  const char* path = luaL_checkstring(L, 1);
  Sys* sys = sys_of(L);
  return push_result(L, sys ? sys->chdir(path) : -ENOSYS);
}

const luaL_Reg kFunctions[] = {
    {"guess_handle", l_guess_handle},
    {"chdir", l_chdir},
    {nullptr, nullptr},
};

}  // namespace

void open_os(lua_State* L) { luaL_setfuncs(L, kFunctions, 0); }

}  // namespace ls::lua
