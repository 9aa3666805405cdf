// uv.new_fs_event / fs_event:start(path, flags, cb(err, filename, events)) and uv.new_fs_poll /
// fs_poll:start(path, interval, cb(err, prev, curr)), with getpath and stop: luv's src/fs_event.c and
// src/fs_poll.c over core/fs_event.h and core/fs_poll.h. Both work natively and on the emulated backend
// (its in-memory file system reports changes as inotify does).
#include "core/fs_event.h"
#include "core/fs_poll.h"
#include "core/errors.h"
#include "lua/l_bindings.h"
#include "lua/l_fs.h"
#include "lua/l_handle.h"
#include "lua/l_stream.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

constexpr const char* kFsEvent = "uv_fs_event";
constexpr const char* kFsPoll = "uv_fs_poll";

int push_path(lua_State* L, int err, const std::string& path) {
  if (err < 0) return push_error(L, err);
  lua_pushlstring(L, path.data(), path.size());
  return 1;
}

int l_new_fs_event(lua_State* L) {
  push_handle(L, new FsEvent(Runtime::of(L).loop()), kFsEvent);
  return 1;
}

// luv reads the flags table (watch_entry, stat, recursive) and passes them on; libuv ignores them on Linux.
int l_fs_event_start(lua_State* L) {
  HandleBinding* b = check_binding(L, 1, kFsEvent);
  std::string path = luaL_checkstring(L, 2);
  luaL_checktype(L, 3, LUA_TTABLE);
  check_callable(L, 4);
  set_callback(L, b, kMainCallback, 4);
  auto* h = static_cast<FsEvent*>(b->handle);
  return push_result(L, h->start(
                            [b](FsEvent&, const std::string& filename, int events, int status) {
                              if (!push_callback(b, kMainCallback)) return;
                              lua_State* L = b->L;
                              push_status(L, status);
                              lua_pushlstring(L, filename.data(), filename.size());
                              lua_createtable(L, 0, 2);
                              if (events & FsEvent::RENAME) {
                                lua_pushboolean(L, 1);
                                lua_setfield(L, -2, "rename");
                              }
                              if (events & FsEvent::CHANGE) {
                                lua_pushboolean(L, 1);
                                lua_setfield(L, -2, "change");
                              }
                              call_slot(b, kMainCallback, 3, "fs_event callback");
                            },
                            std::move(path)));
}

int l_fs_event_stop(lua_State* L) { return push_result(L, check_handle<FsEvent>(L, 1, kFsEvent).stop()); }

int l_fs_event_getpath(lua_State* L) {
  // luv lets a closed handle answer: not active, so EINVAL.
  HandleBinding* b = check_binding(L, 1, kFsEvent, true);
  std::string path;
  int r = b->handle ? static_cast<FsEvent*>(b->handle)->path(path) : -EINVAL;
  return push_path(L, r, path);
}

int l_new_fs_poll(lua_State* L) {
  push_handle(L, new FsPoll(Runtime::of(L).loop()), kFsPoll);
  return 1;
}

int l_fs_poll_start(lua_State* L) {
  HandleBinding* b = check_binding(L, 1, kFsPoll);
  std::string path = luaL_checkstring(L, 2);
  lua_Integer interval = luaL_checkinteger(L, 3);
  check_callable(L, 4);
  set_callback(L, b, kMainCallback, 4);
  auto* h = static_cast<FsPoll*>(b->handle);
  return push_result(L, h->start(
                            [b](FsPoll&, int status, const FileStat& prev, const FileStat& curr) {
                              if (!push_callback(b, kMainCallback)) return;
                              lua_State* L = b->L;
                              push_status(L, status);
                              push_stat(L, prev);
                              push_stat(L, curr);
                              call_slot(b, kMainCallback, 3, "fs_poll callback");
                            },
                            std::move(path), static_cast<unsigned>(interval)));
}

int l_fs_poll_stop(lua_State* L) { return push_result(L, check_handle<FsPoll>(L, 1, kFsPoll).stop()); }

int l_fs_poll_getpath(lua_State* L) {
  // luv lets a closed handle answer: not active, so EINVAL.
  HandleBinding* b = check_binding(L, 1, kFsPoll, true);
  std::string path;
  int r = b->handle ? static_cast<FsPoll*>(b->handle)->path(path) : -EINVAL;
  return push_path(L, r, path);
}

const luaL_Reg kFsEventMethods[] = {
    {"start", l_fs_event_start}, {"stop", l_fs_event_stop}, {"getpath", l_fs_event_getpath}, {nullptr, nullptr}};
const luaL_Reg kFsPollMethods[] = {
    {"start", l_fs_poll_start}, {"stop", l_fs_poll_stop}, {"getpath", l_fs_poll_getpath}, {nullptr, nullptr}};
const luaL_Reg kFunctions[] = {
    {"new_fs_event", l_new_fs_event},       {"fs_event_start", l_fs_event_start}, {"fs_event_stop", l_fs_event_stop},
    {"fs_event_getpath", l_fs_event_getpath}, {"new_fs_poll", l_new_fs_poll},       {"fs_poll_start", l_fs_poll_start},
    {"fs_poll_stop", l_fs_poll_stop},       {"fs_poll_getpath", l_fs_poll_getpath}, {nullptr, nullptr},
};

}  // namespace

void open_fs_watch(lua_State* L) {
  define_handle_type(L, kFsEvent, kFsEventMethods);
  define_handle_type(L, kFsPoll, kFsPollMethods);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
