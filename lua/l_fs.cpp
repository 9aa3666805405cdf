// luv's fs functions over ls::fs_*: synchronous without a callback (value, or nil + "ENAME: message: path" +
// "ENAME"), asynchronous with one (callback(err, value) in the poll phase, on the thread pool).
#include <cstring>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/fs.h"
#include "lua/l_bindings.h"
#include "lua/l_fs.h"
#include "lua/l_handle.h"
#include "lua/l_stream.h"
#include "lua/runtime.h"

namespace ls::lua {
namespace {

constexpr const char* kScandir = "uv_fs_scandir";

int open_flags(lua_State* L, int idx) {
  if (lua_isinteger(L, idx)) return (int)lua_tointeger(L, idx);
  using namespace fsflag;
  struct Flag {
    const char* name;
    int flags;
  };
  static const Flag kFlags[] = {
      {"r", kRdOnly}, {"rs", kRdOnly}, {"sr", kRdOnly}, {"r+", kRdWr}, {"rs+", kRdWr}, {"sr+", kRdWr},
      {"w", kTrunc | kCreat | kWrOnly}, {"wx", kTrunc | kCreat | kWrOnly | kExcl},
      {"xw", kTrunc | kCreat | kWrOnly | kExcl}, {"w+", kTrunc | kCreat | kRdWr},
      {"wx+", kTrunc | kCreat | kRdWr | kExcl}, {"xw+", kTrunc | kCreat | kRdWr | kExcl},
      {"a", kAppend | kCreat | kWrOnly}, {"ax", kAppend | kCreat | kWrOnly | kExcl},
      {"xa", kAppend | kCreat | kWrOnly | kExcl}, {"a+", kAppend | kCreat | kRdWr},
      {"ax+", kAppend | kCreat | kRdWr | kExcl}, {"xa+", kAppend | kCreat | kRdWr | kExcl},
  };
  const char* s = luaL_checkstring(L, idx);
  for (const Flag& f : kFlags)
    if (std::strcmp(f.name, s) == 0) return f.flags;
  return luaL_argerror(L, idx, "unknown open flags (use r, r+, w, w+, a, a+, with x for exclusive)");
}

// A scandir result as luv hands it out: a userdata iterated with uv.fs_scandir_next.
struct ScandirState {
  std::vector<DirEnt> entries;
  size_t next = 0;
};

void push_scandir(lua_State* L, std::vector<DirEnt> entries) {
  auto* st = static_cast<ScandirState*>(lua_newuserdatauv(L, sizeof(ScandirState), 0));
  new (st) ScandirState{std::move(entries), 0};
  if (luaL_newmetatable(L, kScandir)) {
    lua_pushcfunction(L, [](lua_State* L) -> int {
      static_cast<ScandirState*>(lua_touserdata(L, 1))->~ScandirState();
      return 0;
    });
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
}

int l_fs_scandir_next(lua_State* L) {
  auto* st = static_cast<ScandirState*>(luaL_checkudata(L, 1, kScandir));
  if (st->next >= st->entries.size()) return 0;
  const DirEnt& e = st->entries[st->next++];
  lua_pushstring(L, e.name.c_str());
  lua_pushstring(L, to_string(e.type));
  return 2;
}

// Pushes the operation's value (the caller knows how many: returns the count).
int push_value(lua_State* L, FsResult& r) {
  switch (r.type) {
    case FsType::Open:
    case FsType::Write: lua_pushinteger(L, r.result); return 1;
    case FsType::Read:
    case FsType::Mkdtemp: lua_pushlstring(L, r.data.data(), r.data.size()); return 1;
    case FsType::Stat:
    case FsType::Fstat:
    case FsType::Lstat: push_stat(L, r.stat); return 1;
    case FsType::Scandir: push_scandir(L, std::move(r.entries)); return 1;
    case FsType::Mkstemp:
      lua_pushinteger(L, r.result);
      lua_pushlstring(L, r.data.data(), r.data.size());
      return 2;
    case FsType::Realpath:
    case FsType::Readlink: lua_pushlstring(L, r.data.data(), r.data.size()); return 1;
    case FsType::Sendfile: lua_pushinteger(L, r.result); return 1;
    case FsType::Access: lua_pushboolean(L, r.result >= 0); return 1;
    case FsType::Statfs: push_statfs(L, r.statfs); return 1;
    case FsType::Readdir: push_dirents(L, r.entries); return 1;
    default: lua_pushboolean(L, 1); return 1;
  }
}

void push_fs_error_message(lua_State* L, int err, const std::optional<std::string>& path) {
  if (!path)
    lua_pushfstring(L, "%s: %s", err_name(err), ls::strerror(err));
  else
    lua_pushfstring(L, "%s: %s: %s", err_name(err), ls::strerror(err), path->c_str());
}

Loop& loop_of(lua_State* L) { return Runtime::of(L).loop(); }

int l_fs_open(lua_State* L) {
  std::string path = luaL_checkstring(L, 1);
  int flags = open_flags(L, 2);
  int mode = lua_isinteger(L, 3) ? (int)lua_tointeger(L, 3) : 0644;
  int cb = is_callable(L, 3) ? 3 : 4;
  return fs_call(L, cb, path, [&](FsCallback c) { return fs_open(loop_of(L), path, flags, mode, std::move(c)); });
}

int l_fs_read(lua_State* L) {
  int fd = (int)luaL_checkinteger(L, 1);
  lua_Integer want = luaL_checkinteger(L, 2);
  // The buffer lives outside Lua's allocator: a size past the snippet's memory cap is refused up front.
  if (want < 0 || static_cast<uint64_t>(want) > Runtime::of(L).options().limits.memory_bytes) return push_error(L, -ENOMEM);
  size_t size = static_cast<size_t>(want);
  int64_t offset = lua_isinteger(L, 3) ? lua_tointeger(L, 3) : -1;
  int cb = is_callable(L, 3) ? 3 : 4;
  return fs_call(L, cb, std::nullopt,
                 [&](FsCallback c) { return fs_read(loop_of(L), fd, size, offset, std::move(c)); });
}

// fs_write's data: a string, or a table of strings written as one (luv hands the table to writev).
std::string check_write_data(lua_State* L, int idx) {
  std::vector<std::string> pieces;
  if (check_data(L, idx, pieces)) return std::move(pieces[0]);
  std::string all;
  for (const std::string& piece : pieces) all += piece;
  return all;
}

int l_fs_write(lua_State* L) {
  int fd = (int)luaL_checkinteger(L, 1);
  std::string data = check_write_data(L, 2);
  int64_t offset = lua_isinteger(L, 3) ? lua_tointeger(L, 3) : -1;
  int cb = is_callable(L, 3) ? 3 : 4;
  return fs_call(L, cb, std::nullopt, [&](FsCallback c) {
    return fs_write(loop_of(L), fd, std::move(data), offset, std::move(c));
  });
}

int l_fs_close(lua_State* L) {
  int fd = (int)luaL_checkinteger(L, 1);
  return fs_call(L, 2, std::nullopt, [&](FsCallback c) { return fs_close(loop_of(L), fd, std::move(c)); });
}

int l_fs_fstat(lua_State* L) {
  int fd = (int)luaL_checkinteger(L, 1);
  return fs_call(L, 2, std::nullopt, [&](FsCallback c) { return fs_fstat(loop_of(L), fd, std::move(c)); });
}

// The path-only operations: fs_stat, fs_lstat, fs_unlink, fs_rmdir, fs_scandir.
template <FsResult (*Fn)(Loop&, std::string, FsCallback)>
int path_op(lua_State* L) {
  std::string path = luaL_checkstring(L, 1);
  return fs_call(L, 2, path, [&](FsCallback c) { return Fn(loop_of(L), path, std::move(c)); });
}

int l_fs_mkdir(lua_State* L) {
  std::string path = luaL_checkstring(L, 1);
  int mode = lua_isinteger(L, 2) ? (int)lua_tointeger(L, 2) : 0777;
  int cb = is_callable(L, 2) ? 2 : 3;
  return fs_call(L, cb, path, [&](FsCallback c) { return fs_mkdir(loop_of(L), path, mode, std::move(c)); });
}

int l_fs_mkdtemp(lua_State* L) {
  std::string tmpl = luaL_checkstring(L, 1);
  return fs_call(L, 2, tmpl, [&](FsCallback c) { return fs_mkdtemp(loop_of(L), tmpl, std::move(c)); });
}

int l_fs_rename(lua_State* L) {
  std::string from = luaL_checkstring(L, 1), to = luaL_checkstring(L, 2);
  return fs_call(L, 3, dest_message(from, to),
                 [&](FsCallback c) { return fs_rename(loop_of(L), from, to, std::move(c)); });
}

const luaL_Reg kFunctions[] = {
    {"fs_open", l_fs_open},       {"fs_read", l_fs_read},           {"fs_write", l_fs_write},
    {"fs_close", l_fs_close},     {"fs_fstat", l_fs_fstat},         {"fs_stat", path_op<fs_stat>},
    {"fs_lstat", path_op<fs_lstat>}, {"fs_unlink", path_op<fs_unlink>}, {"fs_rmdir", path_op<fs_rmdir>},
    {"fs_scandir", path_op<fs_scandir>}, {"fs_scandir_next", l_fs_scandir_next}, {"fs_mkdir", l_fs_mkdir},
    {"fs_mkdtemp", l_fs_mkdtemp}, {"fs_rename", l_fs_rename},       {nullptr, nullptr},
};

}  // namespace

namespace {

const char* type_of_mode(uint64_t mode) {
  switch (mode & kModeTypeMask) {
    case kModeFile: return "file";
    case kModeDir: return "directory";
    case kModeLink: return "link";
    case kModeFifo: return "fifo";
    case kModeSocket: return "socket";
    case kModeChar: return "char";
    case kModeBlock: return "block";
    default: return nullptr;  // luv leaves `type` out
  }
}

void push_time(lua_State* L, const TimeSpec& t, const char* key) {
  lua_createtable(L, 0, 2);
  lua_pushinteger(L, t.sec);
  lua_setfield(L, -2, "sec");
  lua_pushinteger(L, t.nsec);
  lua_setfield(L, -2, "nsec");
  lua_setfield(L, -2, key);
}

}  // namespace

void push_stat(lua_State* L, const FileStat& s) {
  lua_createtable(L, 0, 16);
  const struct {
    const char* key;
    uint64_t value;
  } fields[] = {{"dev", s.dev}, {"mode", s.mode}, {"nlink", s.nlink}, {"uid", s.uid}, {"gid", s.gid},
                {"rdev", s.rdev}, {"ino", s.ino}, {"size", s.size}, {"blksize", s.blksize}, {"blocks", s.blocks},
                {"flags", 0}, {"gen", 0}};  // st_flags and st_gen: Linux has neither, libuv gives 0
  for (const auto& f : fields) {
    lua_pushinteger(L, (lua_Integer)f.value);
    lua_setfield(L, -2, f.key);
  }
  push_time(L, s.atime, "atime");
  push_time(L, s.mtime, "mtime");
  push_time(L, s.ctime, "ctime");
  push_time(L, s.birthtime, "birthtime");
  if (const char* type = type_of_mode(s.mode)) {
    lua_pushstring(L, type);
    lua_setfield(L, -2, "type");
  }
}


// The shared tail of every fs binding: sync → value or the fail triple; async → the request.
int fs_call(lua_State* L, int cb_idx, const std::optional<std::string>& path,
            const std::function<FsResult(FsCallback)>& op, FsPush push) {
  if (!push) push = push_value;
  if (lua_isnoneornil(L, cb_idx)) {
    FsResult r = op(FsCallback{});
    if (r.result < 0 && r.type != FsType::Access) {  // luv: access answers false, never an error
      lua_pushnil(L);
      push_fs_error_message(L, (int)r.result, path);
      lua_pushstring(L, err_name((int)r.result));
      return 3;
    }
    return push(L, r);
  }
  check_callable(L, cb_idx);
  lua_pushvalue(L, cb_idx);
  int ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_State* main = Runtime::of(L).L();
  FsResult queued = op([main, ref, path, push](FsResult& r) {
    lua_rawgeti(main, LUA_REGISTRYINDEX, ref);
    luaL_unref(main, LUA_REGISTRYINDEX, ref);
    int n = 1;
    if (r.result < 0 && r.type != FsType::Access) {
      push_fs_error_message(main, (int)r.result, path);
    } else {
      lua_pushnil(main);
      n += push(main, r);
    }
    Runtime::of(main).call_callback(n, "fs callback");
  });
  if (queued.result < 0) {
    luaL_unref(L, LUA_REGISTRYINDEX, ref);
    return push_error(L, (int)queued.result);
  }
  return push_request(L, (int64_t)queued.req, "uv_fs");
}

void open_fs(lua_State* L) {
  luaL_setfuncs(L, kFunctions, 0);
  open_fs_more(L);
}

}  // namespace ls::lua
