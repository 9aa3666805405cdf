// Values that cross between Lua states (the main state and the states of work functions and threads), with
// luv's rules: nil, boolean, number (integer or float, as given), string, uv_thread_t and uv_async_t. An async
// handle crosses as a port to its mailbox, so `async:send(...)` / `uv.async_send(a, ...)` from another thread
// hands the values to the loop thread under a lock and wakes the loop (Async::send is thread-safe); the async
// callback then gets them. A port outlives its handle safely: a send after the close is dropped, as libuv's.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "lua.hpp"

namespace ls {
class Async;
}

namespace ls::lua {

struct ThreadValue {  // a uv_thread_t crosses as its id
  uint64_t id = 0;
};
struct AsyncMailbox;
struct AsyncRef {
  std::shared_ptr<AsyncMailbox> box;
};
using Value = std::variant<std::monostate, bool, lua_Integer, lua_Number, std::string, ThreadValue, AsyncRef>;

// What an async handle's sends from other states leave for its callback.
struct AsyncMailbox {
  std::mutex mu;
  Async* handle = nullptr;  // null once the handle is gone
  bool has = false;         // values from another state wait (the newest send wins, as in luv)
  std::vector<Value> values;
};

// Copies the values at [first, last] of L; returns the index of the first one that cannot cross, or 0.
int copy_values(lua_State* L, int first, int last, std::vector<Value>& out);
// Whether the value at idx can cross (the check made before anything is copied).
bool can_cross(lua_State* L, int idx);
// In the main state an async port that comes back is the handle's own userdata (luv gives a copy of it, which
// prints and sends the same), or nil once the handle is gone.
void push_values(lua_State* L, const std::vector<Value>& values);

// Marks W as a work or thread state and gives its `luv` table (on top of the stack) async_send; ports pushed
// into W get the uv_async metatable with send.
void open_async_ports(lua_State* W);
// The main state's side (l_async.cpp): the mailbox of the async handle at idx, or null if it is none.
std::shared_ptr<AsyncMailbox> async_mailbox_of(lua_State* L, int idx);
// Pushes the main state's userdata of the mailbox's handle, or nil if the handle is gone (l_async.cpp).
void push_async_handle(lua_State* L, AsyncMailbox& box);

}  // namespace ls::lua
