#include "lua/l_metatable.h"

namespace ls::lua {

bool define_metatable(lua_State* L, const char* tname, const luaL_Reg* metamethods, const luaL_Reg* methods) {
  if (!luaL_newmetatable(L, tname)) return false;
  luaL_setfuncs(L, metamethods, 0);
  if (methods) {
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "__index");
  }
  return true;
}

}  // namespace ls::lua
