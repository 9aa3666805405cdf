// The rest of luv's fs functions (mkstemp, realpath, readlink, copyfile, link, symlink, access, chmod, chown,
// utime, fsync, ftruncate, sendfile, statfs), each one ls::FsOp through fs_call: the same two forms, errors and
// trace requests as the original ones. Argument rules are luv 1.44's (src/fs.c).
#include <optional>
#include <string>

#include "core/fs.h"
#include "lua/l_fs.h"
#include "lua/l_handle.h"
#include "lua/runtime.h"

namespace ls::lua {

void push_statfs(lua_State* L, const FsStats& s) {
  lua_createtable(L, 0, 7);
  const struct {
    const char* key;
    uint64_t value;
  } fields[] = {{"type", s.type},   {"bsize", s.bsize}, {"blocks", s.blocks}, {"bfree", s.bfree},
                {"bavail", s.bavail}, {"files", s.files}, {"ffree", s.ffree}};
  for (const auto& f : fields) {
    lua_pushinteger(L, (lua_Integer)f.value);
    lua_setfield(L, -2, f.key);
  }
}

namespace {

int request(lua_State* L, int cb_idx, const std::optional<std::string>& message, FsOp op) {
  return fs_call(L, cb_idx, message, [&](FsCallback c) {
    return fs_request(Runtime::of(L).loop(), std::move(op), std::move(c));
  });
}

FsOp path_op(lua_State* L, FsType type) {
  FsOp op{type};
  op.path = luaL_checkstring(L, 1);
  return op;
}

FsOp fd_op(lua_State* L, FsType type) {
  FsOp op{type};
  op.fd = (int)luaL_checkinteger(L, 1);
  return op;
}

// fs_realpath, fs_readlink, fs_statfs: (path, callback).
template <FsType T>
int l_path(lua_State* L) {
  FsOp op = path_op(L, T);
  std::string path = op.path;
  return request(L, 2, path, std::move(op));
}

// fs_fsync, fs_fdatasync: (fd, callback).
template <FsType T>
int l_fd(lua_State* L) {
  return request(L, 2, std::nullopt, fd_op(L, T));
}

// libuv clears the template on any failure, so luv's message names no path ("EINVAL: invalid argument: ").
int l_fs_mkstemp(lua_State* L) { return request(L, 2, std::string(), path_op(L, FsType::Mkstemp)); }

// copyfile's and symlink's flags: a table of named booleans, an integer, or nil; the callback may come third.
int flags_and_callback(lua_State* L, std::initializer_list<std::pair<const char*, int>> names, int& flags) {
  flags = 0;
  if (is_callable(L, 3) && lua_isnone(L, 4)) return 3;
  if (lua_type(L, 3) == LUA_TTABLE) {
    for (const auto& [name, bit] : names) {
      lua_getfield(L, 3, name);
      if (lua_toboolean(L, -1)) flags |= bit;
      lua_pop(L, 1);
    }
  } else if (lua_type(L, 3) == LUA_TNUMBER) {
    flags = (int)lua_tointeger(L, 3);
  } else if (!lua_isnoneornil(L, 3)) {
    luaL_argerror(L, 3, lua_pushfstring(L, "table, integer, or nil expected, got %s", luaL_typename(L, 3)));
  }
  return 4;
}

FsOp two_paths(lua_State* L, FsType type) {
  FsOp op = path_op(L, type);
  op.path2 = luaL_checkstring(L, 2);
  return op;
}

int l_fs_copyfile(lua_State* L) {
  FsOp op = two_paths(L, FsType::Copyfile);
  int cb = flags_and_callback(
      L, {{"excl", kCopyfileExcl}, {"ficlone", kCopyfileFiclone}, {"ficlone_force", kCopyfileFicloneForce}},
      op.flags);
  std::string message = dest_message(op.path, op.path2);
  return request(L, cb, message, std::move(op));
}

int l_fs_link(lua_State* L) {
  FsOp op = two_paths(L, FsType::Link);
  std::string message = dest_message(op.path, op.path2);
  return request(L, 3, message, std::move(op));
}

int l_fs_symlink(lua_State* L) {
  FsOp op = two_paths(L, FsType::Symlink);
  int cb = flags_and_callback(L, {{"dir", 1}, {"junction", 2}}, op.flags);  // Windows-only flags
  std::string message = dest_message(op.path, op.path2);
  return request(L, cb, message, std::move(op));
}

// luv_check_amode: an integer, or a string of r, w, x (either case).
int access_mode(lua_State* L, int idx) {
  if (lua_isnumber(L, idx)) return (int)lua_tointeger(L, idx);
  if (!lua_isstring(L, idx)) return luaL_argerror(L, idx, "Expected string or integer for file access mode check");
  int mode = 0;
  for (const char* c = lua_tostring(L, idx); *c; ++c) {
    switch (*c) {
      case 'r': case 'R': mode |= kAccessRead; break;
      case 'w': case 'W': mode |= kAccessWrite; break;
      case 'x': case 'X': mode |= kAccessExec; break;
      default: return luaL_argerror(L, idx, "Unknown character in access mode string");
    }
  }
  return mode;
}

int l_fs_access(lua_State* L) {
  FsOp op = path_op(L, FsType::Access);
  op.mode = access_mode(L, 2);
  std::string path = op.path;
  return request(L, 3, path, std::move(op));
}

int l_fs_chmod(lua_State* L) {
  FsOp op = path_op(L, FsType::Chmod);
  op.mode = (int)luaL_checkinteger(L, 2);
  std::string path = op.path;
  return request(L, 3, path, std::move(op));
}

int l_fs_fchmod(lua_State* L) {
  FsOp op = fd_op(L, FsType::Fchmod);
  op.mode = (int)luaL_checkinteger(L, 2);
  return request(L, 3, std::nullopt, std::move(op));
}

// The first argument of a call that has a path form and an fd form (chown / fchown, utime / futime): the fd for
// the fd form, else the path, which an error message then names.
FsOp path_or_fd_op(lua_State* L, FsType type, bool by_fd, std::optional<std::string>& message) {
  if (by_fd) return fd_op(L, type);
  FsOp op = path_op(L, type);
  message = op.path;
  return op;
}

template <FsType T>
int l_chown(lua_State* L) {
  std::optional<std::string> path;
  FsOp op = path_or_fd_op(L, T, T == FsType::Fchown, path);
  op.uid = luaL_checkinteger(L, 2);
  op.gid = luaL_checkinteger(L, 3);
  return request(L, 4, path, std::move(op));
}

template <FsType T>
int l_utime(lua_State* L) {
  std::optional<std::string> path;
  FsOp op = path_or_fd_op(L, T, T == FsType::Futime, path);
  op.atime = luaL_checknumber(L, 2);
  op.mtime = luaL_checknumber(L, 3);
  return request(L, 4, path, std::move(op));
}

int l_fs_ftruncate(lua_State* L) {
  FsOp op = fd_op(L, FsType::Ftruncate);
  op.offset = luaL_checkinteger(L, 2);
  return request(L, 3, std::nullopt, std::move(op));
}

int l_fs_sendfile(lua_State* L) {
  FsOp op = fd_op(L, FsType::Sendfile);
  op.fd2 = (int)luaL_checkinteger(L, 2);
  op.offset = luaL_checkinteger(L, 3);
  op.size = (size_t)luaL_checkinteger(L, 4);
  return request(L, 5, std::nullopt, std::move(op));
}

const luaL_Reg kFunctions[] = {
    {"fs_mkstemp", l_fs_mkstemp},
    {"fs_realpath", l_path<FsType::Realpath>},
    {"fs_readlink", l_path<FsType::Readlink>},
    {"fs_statfs", l_path<FsType::Statfs>},
    {"fs_copyfile", l_fs_copyfile},
    {"fs_link", l_fs_link},
    {"fs_symlink", l_fs_symlink},
    {"fs_access", l_fs_access},
    {"fs_chmod", l_fs_chmod},
    {"fs_fchmod", l_fs_fchmod},
    {"fs_chown", l_chown<FsType::Chown>},
    {"fs_fchown", l_chown<FsType::Fchown>},
    {"fs_lchown", l_chown<FsType::Lchown>},
    {"fs_utime", l_utime<FsType::Utime>},
    {"fs_futime", l_utime<FsType::Futime>},
    {"fs_lutime", l_utime<FsType::Lutime>},
    {"fs_fsync", l_fd<FsType::Fsync>},
    {"fs_fdatasync", l_fd<FsType::Fdatasync>},
    {"fs_ftruncate", l_fs_ftruncate},
    {"fs_sendfile", l_fs_sendfile},
    {nullptr, nullptr},
};

}  // namespace

void open_fs_more(lua_State* L) {
  luaL_setfuncs(L, kFunctions, 0);
  open_fs_dir(L);
}

}  // namespace ls::lua
