// luv's uv_thread_t values (l_thread.cpp): uv.thread_self() and uv.thread_equal, and the small `luv` table a
// work function gets from require('luv'). They cross between the main state and work states as their id.
#pragma once

#include <cstdint>

#include "lua.hpp"

namespace ls::lua {

void push_thread(lua_State* L, uint64_t id);
bool is_thread(lua_State* L, int idx);
uint64_t thread_id(lua_State* L, int idx);  // of a uv_thread_t at idx (checked)

// The calling thread's id as luv shows it: the OS thread natively; on the emulated backend, whose workers are
// virtual and whose every job runs on the loop thread, always 1.
uint64_t current_thread_id(bool emulated);

// Sets `require` in a work state: require('luv') gives the functions Loopscope lets a work
// function use there (sleep, thread_self, thread_equal, async_send); any other name still fails with
// `refusal`'s error.
void open_work_luv(lua_State* W, bool emulated);

}  // namespace ls::lua
