// What every handle binding shares: the userdata, its registry anchors, callback slots and the luv error triple.
//
// As in luv, a handle's userdata is anchored in the registry from creation until its close callback has run, so
// an active handle is never collected; the core handle is deleted right after that close callback. The binding
// is the userdata's payload: a HandleBinding* stays valid as long as Lua can reach the handle.
#pragma once
#include <cstdint>

#include "core/handle.h"
#include "lua.hpp"

namespace ls::lua {

enum CallbackSlot { kMainCallback = 0, kCloseCallback = 1, kSlotCount = 2 };

// Lives inside the handle's userdata (one allocation, in Lua's heap and so in its memory count), so it is as
// small as it can be: 48 bytes, a function pointer rather than a std::function for the cleanup.
struct HandleBinding {
  Handle* handle = nullptr;  // null once closed and freed
  lua_State* L = nullptr;  // the main thread
  void* extra = nullptr;                        // per-type binding state (e.g. async's pending values)
  void (*cleanup)(HandleBinding*) = nullptr;    // frees `extra` when the handle is gone
  int self_ref = LUA_NOREF;
  int callbacks[kSlotCount] = {LUA_NOREF, LUA_NOREF};
  uint32_t charged = 0;  // bytes counted against the memory cap for this handle, outside Lua's heap
};

// After the close callback: forgets the core handle, drops the callbacks and the anchor (the userdata may now
// be collected), frees per-type state.
void release_binding(HandleBinding* b);

// Pushes a new userdata of metatable `tname` owning `handle` (which takes ownership). The handle's memory outside
// Lua's allocator (`handle_bytes`, the binding, the allocator's headers) counts against the snippet's memory cap
// until its close callback has run; over the cap the handle is closed and the run fails with the out-of-memory
// error.
HandleBinding* push_handle(lua_State* L, Handle* handle, const char* tname, size_t handle_bytes);
template <class H>
HandleBinding* push_handle(lua_State* L, H* handle, const char* tname) {
  return push_handle(L, handle, tname, sizeof(H));
}

// Checks that argument idx is a handle of metatable tname (any handle when tname is null) that is still open
// (or, with allow_closed, one whose close callback has run: then the result's handle is null).
HandleBinding* check_binding(lua_State* L, int idx, const char* tname = nullptr, bool allow_closed = false);
// The binding of the handle at idx, or null if the value is not a handle (never raises).
HandleBinding* test_binding(lua_State* L, int idx);
template <class H>
H& check_handle(lua_State* L, int idx, const char* tname) {
  return *static_cast<H*>(check_binding(L, idx, tname)->handle);
}

// A function, or a table/userdata with __call: what luv accepts as a callback.
bool is_callable(lua_State* L, int idx);
// Raises luv's argument error ("function or callable table expected, got T") unless idx is callable.
void check_callable(lua_State* L, int idx);
// Stores the callable at idx (function or table/userdata with __call) in a callback slot.
void set_callback(lua_State* L, HandleBinding* b, CallbackSlot slot, int idx);
// Pushes the slot's callable; returns false (and pushes nothing) when the slot is empty.
bool push_callback(HandleBinding* b, CallbackSlot slot);

// Calls the slot's callable with the nargs values on top of the stack, as a loop callback named `what`.
void call_slot(HandleBinding* b, CallbackSlot slot, int nargs, const char* what);

// luv's failure convention: returns 3 values nil, "ENAME: message", "ENAME" when err < 0, else pushes ok.
int push_result(lua_State* L, int err);
int push_error(lua_State* L, int err);

// Creates the metatable tname with __index = methods (+ the common handle methods), __tostring and __gc.
void define_handle_type(lua_State* L, const char* tname, const luaL_Reg* methods,
                        const luaL_Reg* more_methods = nullptr);

// The common handle functions (close, is_active, ref, ...), for the uv table.
extern const luaL_Reg kHandleFunctions[];

}  // namespace ls::lua
