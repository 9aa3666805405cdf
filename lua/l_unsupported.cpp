// The few luv functions Loopscope decides not to offer fail with "uv.NAME is not supported in Loopscope" when
// called, instead of the puzzling "attempt to call a nil value"; the README says why for each. Every other
// function Loopscope lacks is nil, as in a luv built without it, so feature tests such as `if uv.fs_link then`
// take the right branch.
#include <cstring>

#include "lua/l_bindings.h"
#include "lua.hpp"

namespace ls::lua {
namespace {

// The loop belongs to Loopscope, which runs, inspects and closes it: a snippet may not close it, reconfigure it
// or poll its backend fd itself.
const char* const kLuvNames[] = {"loop_close", "loop_configure", "backend_fd"};

int not_supported(lua_State* L) {
  return luaL_error(L, "uv.%s is not supported in Loopscope", lua_tostring(L, lua_upvalueindex(1)));
}

int uv_index(lua_State* L) {
  const char* key = lua_tostring(L, 2);
  if (!key) return 0;
  for (const char* name : kLuvNames) {
    if (std::strcmp(name, key) == 0) {
      lua_pushvalue(L, 2);
      lua_pushcclosure(L, not_supported, 1);
      return 1;
    }
  }
  return 0;
}

}  // namespace

void mark_unsupported(lua_State* L) {
  lua_newtable(L);
  lua_pushcfunction(L, uv_index);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
}

}  // namespace ls::lua
