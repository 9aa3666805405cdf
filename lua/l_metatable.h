// define_metatable: a userdata type's metatable from two lists, its metamethods (__gc, __tostring, __eq) and
// its methods (the __index table), so the types that are not handles (threads, async ports, directories, work
// contexts, requests) describe their metatable as data rather than as a run of push/setfield pairs.
#pragma once

#include "lua.hpp"

namespace ls::lua {

// Creates the metatable tname in L's registry unless it exists (luaL_newmetatable's rule), with metamethods set
// on it and methods (nullptr: none) in its __index. Leaves the metatable on the stack; returns whether it was new.
bool define_metatable(lua_State* L, const char* tname, const luaL_Reg* metamethods, const luaL_Reg* methods);

}  // namespace ls::lua
