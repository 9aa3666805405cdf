// What Tcp and Pipe bindings share: luv's stream methods (listen, accept, read_start, write, shutdown, ...).
#pragma once

#include <cstdint>
#include <functional>

#include "lua.hpp"

namespace ls::lua {

// The stream methods, to be merged into the tcp and pipe method tables.
extern const luaL_Reg kStreamMethods[];
// The same as uv.* functions (uv.listen, uv.write, ...).
extern const luaL_Reg kStreamFunctions[];

// Pushes a request userdata (what luv returns from write, connect, shutdown, ...): `type` is a literal such as
// "uv_write"; it prints as "uv_write_t: 0x<id>" and req:get_type() gives "write", 3 as in luv.
int push_request(lua_State* L, int64_t id, const char* type);
// luv passes an error to callbacks as its name ("ECONNRESET"), nil for success.
void push_status(lua_State* L, int status);

// Starts a request whose completion calls back with a status (write, shutdown, connect): the callable at cb_idx
// (optional unless `required`) is kept until the completion, which calls it with err as a loop callback named
// `what`. `start(done)` issues the request and returns its id or a negative errno. Returns luv's values: the
// request (printing as "<type>_t: 0x<id>") or the fail triple.
int start_request(lua_State* L, int cb_idx, bool required, const char* type, const char* what,
                  const std::function<int64_t(std::function<void(int)>)>& start);

}  // namespace ls::lua
