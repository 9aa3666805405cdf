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

// The two handles differ only in start; new, stop and getpath are one template over the handle type, as the core
// gives both the same stop() and path().
template <class H>
constexpr const char* kTypeName = nullptr;
template <>
constexpr const char* kTypeName<FsEvent> = "uv_fs_event";
template <>
constexpr const char* kTypeName<FsPoll> = "uv_fs_poll";
constexpr const char* kFsEvent = kTypeName<FsEvent>;
constexpr const char* kFsPoll = kTypeName<FsPoll>;

template <class H>
int l_new(lua_State* L) {
  push_handle(L, new H(Runtime::of(L).loop()), kTypeName<H>);
  return 1;
}

template <class H>
int l_stop(lua_State* L) {
  return push_result(L, check_handle<H>(L, 1, kTypeName<H>).stop());
}

template <class H>
int l_getpath(lua_State* L) {
  // luv lets a closed handle answer: not active, so EINVAL.
  HandleBinding* b = check_binding(L, 1, kTypeName<H>, true);
  std::string path;
  int r = b->handle ? static_cast<H*>(b->handle)->path(path) : -EINVAL;
  if (r < 0) return push_error(L, r);
  lua_pushlstring(L, path.data(), path.size());
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

const luaL_Reg kFsEventMethods[] = {
    {"start", l_fs_event_start}, {"stop", l_stop<FsEvent>}, {"getpath", l_getpath<FsEvent>}, {nullptr, nullptr}};
const luaL_Reg kFsPollMethods[] = {
    {"start", l_fs_poll_start}, {"stop", l_stop<FsPoll>}, {"getpath", l_getpath<FsPoll>}, {nullptr, nullptr}};
const luaL_Reg kFunctions[] = {
    {"new_fs_event", l_new<FsEvent>},
    {"fs_event_start", l_fs_event_start},
    {"fs_event_stop", l_stop<FsEvent>},
    {"fs_event_getpath", l_getpath<FsEvent>},
    {"new_fs_poll", l_new<FsPoll>},
    {"fs_poll_start", l_fs_poll_start},
    {"fs_poll_stop", l_stop<FsPoll>},
    {"fs_poll_getpath", l_getpath<FsPoll>},
    {nullptr, nullptr},
};

}  // namespace

void open_fs_watch(lua_State* L) {
  define_handle_type(L, kFsEvent, kFsEventMethods);
  define_handle_type(L, kFsPoll, kFsPollMethods);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
