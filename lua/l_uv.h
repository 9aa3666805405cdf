// The `uv` module: luv's API over ls::Loop. Each binding file registers one core area; this one assembles them.
#pragma once

struct lua_State;

namespace ls::lua {

// Builds the uv table and makes require("luv"), require("uv") and the global `uv` the same table.
void open_uv(lua_State* L);

// uv.run(mode) from the main chunk yields (marker, mode) to the driver; this recognises the marker.
void push_run_request(lua_State* L);
bool is_run_request(lua_State* L, int idx);

// Closes every handle the snippet left open, without calling back into Lua (the run is being torn down).
void close_all_handles(lua_State* L);

}  // namespace ls::lua
