// uv.new_idle, uv.new_prepare, uv.new_check: one template, as the core has one for the three handle types.
#include "core/watchers.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

template <class W>
struct WatcherBinding {
  static const char* tname;
  static const char* what;  // for "the loop was blocked: ... in <what>"

  static int create(lua_State* L) {
    push_handle(L, new W(Runtime::of(L).loop()), tname);
    return 1;
  }
  static int start(lua_State* L) {
    HandleBinding* b = check_binding(L, 1, tname);
    set_callback(L, b, kMainCallback, 2);
    return push_result(L, static_cast<W*>(b->handle)->start([b](W&) {
      if (push_callback(b, kMainCallback)) call_slot(b, kMainCallback, 0, what);
    }));
  }
  static int stop(lua_State* L) { return push_result(L, check_handle<W>(L, 1, tname).stop()); }
};

template <> const char* WatcherBinding<Idle>::tname = "uv_idle";
template <> const char* WatcherBinding<Idle>::what = "idle callback";
template <> const char* WatcherBinding<Prepare>::tname = "uv_prepare";
template <> const char* WatcherBinding<Prepare>::what = "prepare callback";
template <> const char* WatcherBinding<Check>::tname = "uv_check";
template <> const char* WatcherBinding<Check>::what = "check callback";

template <class W>
void open_watcher(lua_State* L, const char* kind) {
  using B = WatcherBinding<W>;
  const luaL_Reg methods[] = {{"start", B::start}, {"stop", B::stop}, {nullptr, nullptr}};
  define_handle_type(L, B::tname, methods);
  std::string k(kind);
  lua_pushcfunction(L, B::create);
  lua_setfield(L, -2, ("new_" + k).c_str());
  lua_pushcfunction(L, B::start);
  lua_setfield(L, -2, (k + "_start").c_str());
  lua_pushcfunction(L, B::stop);
  lua_setfield(L, -2, (k + "_stop").c_str());
}

}  // namespace

void open_watchers(lua_State* L) {
  open_watcher<Idle>(L, "idle");
  open_watcher<Prepare>(L, "prepare");
  open_watcher<Check>(L, "check");
}

}  // namespace ls::lua
