// uv.spawn(file, options, on_exit) -> handle, pid (or nil, err, name), process:kill / uv.process_kill,
// process:get_pid / uv.process_get_pid, uv.kill(pid, sig) and uv.disable_stdio_inheritance, as luv binds them:
//  - options.args: the arguments after the file (argv[0] is the file); stdio: per child fd an integer (the fd is
//    inherited), a stream (a pipe not yet open becomes the parent's end of a new pipe: fd 0 for the child to
//    read, 1 and 2 for it to write, others both; an open stream is inherited) or nil (ignored: /dev/null for
//    0-2); env: a list of "NAME=value"; cwd; uid, gid; detached. verbatim and the hide flags are Windows' and
//    accepted. Option errors are luv's argument errors, with luv's messages.
//  - on_exit(exit_status, term_signal) runs once, in the poll phase, after the handle has stopped.
//  - a signal is a number or luv's name ("sigterm"; an unknown name is 0); none is SIGTERM.
// spawn and kill start or signal host processes, so natively they need the CLI's --unsafe (the sandbox's
// rule for os.execute); on the emulated backend, and so in the browser, there are no processes: luv's ENOSYS
// triple. A missing program is luv's error at spawn ("ENOENT: no such file or directory").
#include <csignal>
#include <string>
#include <vector>

#include "core/process.h"
#include "core/stream.h"
#include "lua/l_bindings.h"
#include "lua/l_handle.h"
#include "lua/l_signal.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

constexpr const char* kProcess = "uv_process";

bool is_stream(HandleBinding* b) {
  HandleType t = b && b->handle ? b->handle->type() : HandleType::Unknown;
  return t == HandleType::Tcp || t == HandleType::Pipe || t == HandleType::Tty;
}

// luv's sparse_rawlen: the largest integer key >= 1 ({nil, pipe} has two entries); rawlen if a key is no integer.
int stdio_count(lua_State* L, int t) {
  int len = 0;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1)) {
      lua_pop(L, 1);
      return (int)lua_rawlen(L, t);
    }
    lua_Integer k = lua_tointeger(L, -1);
    if (k > len) len = (int)k;
  }
  return len;
}

// Checks the options table at 2 the way luv does, raising its argument errors; creates nothing (a Lua error
// would skip C++ destructors).
void check_options(lua_State* L) {
  luaL_checktype(L, 2, LUA_TTABLE);
  int t = lua_getfield(L, 2, "args");
  if (t != LUA_TTABLE && t != LUA_TNIL) luaL_argerror(L, 3, "args option must be table");  // luv says #3
  lua_pop(L, 1);
  t = lua_getfield(L, 2, "stdio");
  if (t == LUA_TTABLE) {
    int n = stdio_count(L, lua_gettop(L));
    for (int i = 1; i <= n; i++) {
      int e = lua_rawgeti(L, -1, i);
      if (e == LUA_TUSERDATA && !is_stream(test_binding(L, -1))) luaL_argerror(L, 2, "Expected uv_stream userdata");
      if (e != LUA_TNUMBER && e != LUA_TUSERDATA && e != LUA_TNIL)
        luaL_argerror(L, 2, "stdio table entries must be nil, uv_stream_t, or integer");
      lua_pop(L, 1);
    }
  } else if (t != LUA_TNIL) {
    luaL_argerror(L, 2, "stdio option must be table");
  }
  lua_pop(L, 1);
  struct Rule {
    const char* field;
    int type;
    const char* message;
  };
  const Rule rules[] = {{"env", LUA_TTABLE, "env option must be table"},
                        {"cwd", LUA_TSTRING, "cwd option must be string"},
                        {"uid", LUA_TNUMBER, "uid option must be number"},
                        {"gid", LUA_TNUMBER, "gid option must be number"}};
  for (const Rule& r : rules) {
    t = lua_getfield(L, 2, r.field);
    if (t != r.type && t != LUA_TNIL) luaL_argerror(L, 2, r.message);
    lua_pop(L, 1);
  }
  if (!lua_isnoneornil(L, 3)) check_callable(L, 3);
}

// A list of strings up to the first entry that is none (luv hands libuv a NULL-terminated array).
void read_strings(lua_State* L, int t, std::vector<std::string>& out) {
  for (lua_Integer i = 1, n = (lua_Integer)lua_rawlen(L, t); i <= n; i++) {
    lua_rawgeti(L, t, i);
    size_t len;
    const char* s = lua_tolstring(L, -1, &len);
    lua_pop(L, 1);
    if (!s) break;
    out.emplace_back(s, len);
  }
}

// The options table (already checked) as ProcessOptions. Raises nothing.
void read_options(lua_State* L, ProcessOptions& o) {
  o.args.push_back(o.file);
  if (lua_getfield(L, 2, "args") == LUA_TTABLE) read_strings(L, lua_gettop(L), o.args);
  lua_pop(L, 1);
  if (lua_getfield(L, 2, "stdio") == LUA_TTABLE) {
    int n = stdio_count(L, lua_gettop(L));
    for (int i = 0; i < n; i++) {
      StdioSpec s;
      int e = lua_rawgeti(L, -1, i + 1);
      if (e == LUA_TNUMBER) {
        s.kind = StdioSpec::Kind::InheritFd;
        s.fd = (int)lua_tointeger(L, -1);
      } else if (e == LUA_TUSERDATA) {
        auto* stream = static_cast<Stream*>(test_binding(L, -1)->handle);
        int fd = stream->fileno();
        s.stream = stream;
        if (fd == -EINVAL || fd == -EBADF) {  // luv: a stream without an fd becomes a new pipe
          s.kind = StdioSpec::Kind::CreatePipe;
          s.child_reads = i == 0 || i > 2;
          s.child_writes = i != 0;
        } else {
          s.kind = StdioSpec::Kind::InheritStream;
        }
      }
      lua_pop(L, 1);
      o.stdio.push_back(s);
    }
  }
  lua_pop(L, 1);
  if (lua_getfield(L, 2, "env") == LUA_TTABLE) {
    o.has_env = true;
    read_strings(L, lua_gettop(L), o.env);
  }
  lua_pop(L, 1);
  if (lua_getfield(L, 2, "cwd") == LUA_TSTRING) o.cwd = lua_tostring(L, -1);
  lua_pop(L, 1);
  if (lua_getfield(L, 2, "uid") == LUA_TNUMBER) {
    o.set_uid = true;
    o.uid = (uint32_t)lua_tointeger(L, -1);
  }
  lua_pop(L, 1);
  if (lua_getfield(L, 2, "gid") == LUA_TNUMBER) {
    o.set_gid = true;
    o.gid = (uint32_t)lua_tointeger(L, -1);
  }
  lua_pop(L, 1);
  lua_getfield(L, 2, "detached");
  o.detached = lua_toboolean(L, -1);
  lua_pop(L, 1);
}

bool has_processes(lua_State* L) {
  Sys* sys = Runtime::of(L).loop().backend().sys();
  return sys && sys->has_processes();
}

// Natively a snippet starts or signals host processes only with --unsafe.
void check_unsafe(lua_State* L, const char* name) {
  if (!Runtime::of(L).options().unsafe)
    luaL_error(L, "uv.%s is not available in Loopscope's sandbox (the native CLI's --unsafe allows it)", name);
}

int l_spawn(lua_State* L) {
  luaL_checkstring(L, 1);
  check_options(L);
  if (!has_processes(L)) return push_error(L, -ENOSYS);
  check_unsafe(L, "spawn");
  lua_settop(L, 3);
  Runtime& rt = Runtime::of(L);
  HandleBinding* b = push_handle(L, new Process(rt.loop()), kProcess);
  if (!lua_isnil(L, 3)) set_callback(L, b, kMainCallback, 3);
  int r;
  {
    ProcessOptions o;
    o.file = lua_tostring(L, 1);
    read_options(L, o);
    r = static_cast<Process*>(b->handle)->spawn(o, [b](Process&, int64_t status, int signal) {
      if (!push_callback(b, kMainCallback)) return;
      lua_pushinteger(b->L, status);
      lua_pushinteger(b->L, signal);
      call_slot(b, kMainCallback, 2, "exit callback");
    });
  }
  if (r < 0) {
    b->handle->close([b](Handle& h) {  // as luv: the handle that never ran is closed
      release_binding(b);
      delete &h;
    });
    return push_error(L, r);
  }
  lua_pushinteger(L, static_cast<Process*>(b->handle)->pid());
  return 2;
}

// luv_parse_signal: a number, a name, or SIGTERM.
int parse_signal(lua_State* L, int idx) {
  if (lua_isnumber(L, idx)) return (int)lua_tointeger(L, idx);
  if (lua_isstring(L, idx)) return signal_number(lua_tostring(L, idx));
  return SIGTERM;
}

int l_process_kill(lua_State* L) {
  Process& p = check_handle<Process>(L, 1, kProcess);
  return push_result(L, p.kill(parse_signal(L, 2)));
}

int l_process_get_pid(lua_State* L) {
  lua_pushinteger(L, check_handle<Process>(L, 1, kProcess).pid());
  return 1;
}

int l_kill(lua_State* L) {
  int pid = (int)luaL_checkinteger(L, 1);
  int signum = parse_signal(L, 2);
  if (!has_processes(L)) return push_error(L, -ENOSYS);
  check_unsafe(L, "kill");
  return push_result(L, kill_pid(Runtime::of(L).loop(), pid, signum));
}

int l_disable_stdio_inheritance(lua_State* L) {
  if (Runtime::of(L).options().unsafe) disable_stdio_inheritance(Runtime::of(L).loop());
  return 0;
}

const luaL_Reg kMethods[] = {{"kill", l_process_kill}, {"get_pid", l_process_get_pid}, {nullptr, nullptr}};
const luaL_Reg kFunctions[] = {
    {"spawn", l_spawn},
    {"process_kill", l_process_kill},
    {"process_get_pid", l_process_get_pid},
    {"kill", l_kill},
    {"disable_stdio_inheritance", l_disable_stdio_inheritance},
    {nullptr, nullptr},
};

}  // namespace

void open_process(lua_State* L) {
  define_handle_type(L, kProcess, kMethods);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
