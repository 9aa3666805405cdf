// uv.new_pipe, uv.pipe() and the pipe methods (open, bind, connect, chmod) plus the stream methods.
#include <string>

#include "core/pipe.h"
#include "core/sys.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/l_stream.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

constexpr const char* kPipe = "uv_pipe";

int l_new_pipe(lua_State* L) {
  push_handle(L, new Pipe(Runtime::of(L).loop()), kPipe);
  return 1;
}

int l_pipe_open(lua_State* L) {
  return push_result(L, check_handle<Pipe>(L, 1, kPipe).open((int)luaL_checkinteger(L, 2)));
}

int l_pipe_bind(lua_State* L) { return push_result(L, check_handle<Pipe>(L, 1, kPipe).bind(luaL_checkstring(L, 2))); }

int l_pipe_connect(lua_State* L) {
  Pipe& p = check_handle<Pipe>(L, 1, kPipe);
  std::string path = luaL_checkstring(L, 2);
  return start_request(L, 3, true, "uv_connect", "connect callback",
                       [&](auto done) { return p.connect(path, std::move(done)); });
}

// pipe:chmod(flags) / uv.pipe_chmod: uv_pipe_chmod's rule — the bound socket file gains read ("r") and/or
// write ("w") permission for everyone; a file that has them already is left alone.
int l_pipe_chmod(lua_State* L) {
  Pipe& p = check_handle<Pipe>(L, 1, kPipe);
  static const char* const kFlags[] = {"r", "w", "rw", "wr", nullptr};
  static const int kModes[] = {0444, 0222, 0666, 0666};
  int want = kModes[luaL_checkoption(L, 2, nullptr, kFlags)];
  Sys* sys = Runtime::of(L).loop().backend().sys();
  if (!sys) return push_error(L, -ENOSYS);
  std::string path;
  int r = p.getsockname(path);
  if (r == 0 && path.empty()) r = -EINVAL;  // not bound to a path
  FileStat st;
  if (r == 0) r = sys->stat(path, st);
  if (r == 0 && (st.mode & want) != (uint64_t)want) r = sys->chmod(path, (int)((st.mode | want) & 07777));
  return push_result(L, r);
}

// uv.pipe(): an anonymous pipe as luv returns it, {read = fd, write = fd}.
int l_pipe(lua_State* L) {
  int fds[2];
  Sys* sys = Runtime::of(L).loop().backend().sys();
  if (!sys) return push_error(L, -ENOSYS);
  int r = sys->pipe(fds);
  if (r < 0) return push_error(L, r);
  lua_createtable(L, 0, 2);
  lua_pushinteger(L, fds[0]);
  lua_setfield(L, -2, "read");
  lua_pushinteger(L, fds[1]);
  lua_setfield(L, -2, "write");
  return 1;
}

const luaL_Reg kMethods[] = {
    {"open", l_pipe_open}, {"bind", l_pipe_bind}, {"connect", l_pipe_connect}, {"chmod", l_pipe_chmod},
    {nullptr, nullptr},
};

const luaL_Reg kFunctions[] = {
    {"new_pipe", l_new_pipe},     {"pipe_open", l_pipe_open}, {"pipe_bind", l_pipe_bind},
    {"pipe_connect", l_pipe_connect}, {"pipe", l_pipe},        {"pipe_chmod", l_pipe_chmod},
    {nullptr, nullptr},
};

}  // namespace

void open_pipe(lua_State* L) {
  define_handle_type(L, kPipe, kMethods, kStreamMethods);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
