// What Tcp and Pipe bindings share: luv's stream methods (listen, accept, read_start, write, shutdown, ...).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lua.hpp"

namespace ls::lua {

// The stream methods, to be merged into the tcp and pipe method tables.
extern const luaL_Reg kStreamMethods[];
// The same as uv.* functions (uv.listen, uv.write, ...).
extern const luaL_Reg kStreamFunctions[];

// Pushes a request userdata (what luv returns from write, connect, shutdown, ...): `type` is a literal such as
// "uv_write"; it prints as "uv_write_t: 0x<id>" and req:get_type() gives "write", 3 as in luv.
int push_request(lua_State* L, int64_t id, const char* type);
// Write data as luv takes it: a string (appended to bufs; returns true) or a table of strings (each appended;
// returns false). Anything else is an argument error.
bool check_data(lua_State* L, int idx, std::vector<std::string>& bufs);
// luv passes an error to callbacks as its name ("ECONNRESET"), nil for success.
void push_status(lua_State* L, int status);

// The pieces of start_request, for requests that need more than it does (write keeps its data alive too).
// The callable at cb_idx (optional unless `required`) in the registry: its ref, or LUA_NOREF when there is none.
int ref_request_callback(lua_State* L, int cb_idx, bool required);
// The state callbacks run on (the runtime's main state, never a coroutine that issued the request).
lua_State* callback_state(lua_State* L);
// A completion: calls the callable of `ref` (if any) with err as a loop callback named `what`, releasing it.
void complete_request(lua_State* main, int ref, int status, const char* what);
// The request could not start (err < 0): releases ref and returns luv's fail triple.
int fail_request(lua_State* L, int ref, int err);

// Starts a request whose completion calls back with a status (write, shutdown, connect): the callable at cb_idx
// (optional unless `required`) is kept until the completion, which calls it with err as a loop callback named
// `what`. `start(done)` issues the request (done: a callable taking the status, convertible to the core's
// std::function callbacks) and returns its id or a negative errno. Returns luv's values: the request (printing
// as "<type>_t: 0x<id>") or the fail triple.
template <class Start>
int start_request(lua_State* L, int cb_idx, bool required, const char* type, const char* what, Start&& start) {
  int ref = ref_request_callback(L, cb_idx, required);
  lua_State* main = callback_state(L);
  int64_t id = start([main, ref, what](int status) { complete_request(main, ref, status, what); });
  if (id < 0) return fail_request(L, ref, (int)id);
  return push_request(L, id, type);
}

}  // namespace ls::lua
