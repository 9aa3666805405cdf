// What Tcp and Pipe bindings share: luv's stream methods (listen, accept, read_start, write, shutdown, ...).
#pragma once

#include <cstdint>

#include "lua.hpp"

namespace ls::lua {

// The stream methods, to be merged into the tcp and pipe method tables.
extern const luaL_Reg kStreamMethods[];
// The same as uv.* functions (uv.listen, uv.write, ...).
extern const luaL_Reg kStreamFunctions[];

// Pushes a request userdata (what luv returns from write, connect, shutdown): prints as "uv_write_t: 0x<id>".
int push_request(lua_State* L, int64_t id, const char* type);
// luv passes an error to callbacks as its name ("ECONNRESET"), nil for success.
void push_status(lua_State* L, int status);

}  // namespace ls::lua
