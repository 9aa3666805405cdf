// One opener per binding file; each adds its functions to the uv table on top of the stack.
#pragma once

struct lua_State;

namespace ls::lua {

void open_loop(lua_State* L);
void open_timer(lua_State* L);
void open_watchers(lua_State* L);
void open_async(lua_State* L);
void open_poll(lua_State* L);
void open_signal(lua_State* L);
void open_tcp(lua_State* L);
void open_udp(lua_State* L);
void open_pipe(lua_State* L);
void open_tty(lua_State* L);
void open_os(lua_State* L);
void open_fs(lua_State* L);
void open_work(lua_State* L);
// Replaces coroutine.create/wrap/resume/close with watching versions (l_coroutine.cpp).
void watch_coroutines(lua_State* L);
void open_dns(lua_State* L);
void open_random(lua_State* L);
void open_nameinfo(lua_State* L);
void open_thread(lua_State* L);
void open_process(lua_State* L);
void open_fs_watch(lua_State* L);  // fs_event and fs_poll
// Gives the uv table on top of the stack a metatable that explains luv functions Loopscope lacks.
void mark_unsupported(lua_State* L);
// The Lua-written `async` module; registers package.loaded.async.
void open_async_module(lua_State* L);

}  // namespace ls::lua
