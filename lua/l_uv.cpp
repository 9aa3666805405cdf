#include "lua/l_uv.h"

#include <vector>

#include "core/emu/emulated_backend.h"
#include "core/emu/kernel.h"
#include "core/loop.h"
#include "lua.hpp"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

const char kRunRequest = 'u';  // its address is the marker uv.run yields

}  // namespace

void push_run_request(lua_State* L) { lua_pushlightuserdata(L, const_cast<char*>(&kRunRequest)); }

bool is_run_request(lua_State* L, int idx) { return lua_touserdata(L, idx) == &kRunRequest; }

void open_uv(lua_State* L) {
  // The emulated console (fds 0-2) is the snippet's output, so uv.write to a tty or pipe on fd 1 shows there.
  if (emu::Kernel* k = emulated_kernel(Runtime::of(L).loop())) {
    Runtime* rt = &Runtime::of(L);
    k->set_console([rt](int, std::string_view bytes) { rt->write_output(bytes); });
  }
  lua_newtable(L);
  luaL_setfuncs(L, kHandleFunctions, 0);
  open_loop(L);
  open_timer(L);
  open_watchers(L);
  open_async(L);
  open_poll(L);
  open_signal(L);
  open_tcp(L);
  open_udp(L);
  open_pipe(L);
  open_tty(L);
  open_os(L);
  open_fs(L);
  open_fs_watch(L);
  open_work(L);
  open_dns(L);
  open_random(L);
  open_nameinfo(L);
  open_thread(L);
  open_process(L);
  mark_unsupported(L);

  // package.loaded.luv is the table; require("uv") finds it through a preloader. Lua names a C function in an
  // error by the first loaded module holding it, so with one entry the names are luv's ("luv.new_work").
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "loaded");
  lua_pushvalue(L, -3);
  lua_setfield(L, -2, "luv");
  lua_pop(L, 1);
  lua_getfield(L, -1, "preload");
  lua_pushvalue(L, -3);
  lua_pushcclosure(L, [](lua_State* L) -> int {
    lua_pushvalue(L, lua_upvalueindex(1));
    return 1;
  }, 1);
  lua_setfield(L, -2, "uv");
  lua_pop(L, 2);
  lua_setglobal(L, "uv");
}

void close_all_handles(lua_State* L) {
  Runtime& rt = Runtime::of(L);
  Loop& loop = rt.loop();
  rt.begin_teardown();
  std::vector<Handle*> open;
  loop.walk([&](Handle& h) {
    if (!h.is_closing()) open.push_back(&h);
  });
  for (Handle* h : open) {
    auto* b = static_cast<HandleBinding*>(h->data);
    h->close([b](Handle& closed) {
      if (b) release_binding(b);
      delete &closed;
    });
  }
  // A stepped run may be paused mid-iteration: finish it (stopped, so it ends after this iteration), then close
  // callbacks run in the closing phase, which a non-blocking iteration reaches. Bounded: teardown never hangs.
  if (loop.running()) {
    loop.stop();
    loop.run(loop.mode());
  }
  for (int i = 0; i < 64 && loop.alive(); i++)
    if (loop.run(RunMode::NoWait) < 0) break;
  if (emu::Kernel* k = emulated_kernel(loop)) k->set_console(nullptr);  // the runtime is going away
}

}  // namespace ls::lua
