// One opener per binding file; each adds its functions to the uv table on top of the stack.
#pragma once

struct lua_State;

namespace ls::lua {

void open_loop(lua_State* L);
void open_timer(lua_State* L);

}  // namespace ls::lua
