// luv's directory streams: uv.fs_opendir(path, [callback], [entries]) gives a uv_dir_t userdata that
// uv.fs_readdir / dir:readdir reads `entries` names at a time (a table of {name, type}, nil at the end) and
// uv.fs_closedir / dir:closedir closes. A dir collected while open is closed, as luv's __gc does.
#include <memory>

#include "core/fs.h"
#include "lua/l_fs.h"
#include "lua/l_metatable.h"
#include "lua/runtime.h"

namespace ls::lua {

void push_dirents(lua_State* L, const std::vector<DirEnt>& entries) {
  if (entries.empty()) {
    lua_pushnil(L);
    return;
  }
  lua_createtable(L, (int)entries.size(), 0);
  for (size_t i = 0; i < entries.size(); ++i) {
    lua_createtable(L, 0, 2);
    lua_pushstring(L, entries[i].name.c_str());
    lua_setfield(L, -2, "name");
    if (entries[i].type != DirentType::Unknown) {  // luv leaves type out when the file system does not say
      lua_pushstring(L, to_string(entries[i].type));
      lua_setfield(L, -2, "type");
    }
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

namespace {

constexpr const char* kDir = "uv_dir";

struct DirBinding {
  std::shared_ptr<DirStream> dir;  // shared with a readdir in flight; null once closed
  size_t nentries = 1;
};

DirBinding& check_dir(lua_State* L, int idx) { return *static_cast<DirBinding*>(luaL_checkudata(L, idx, kDir)); }

int push_dir(lua_State* L, std::shared_ptr<DirStream> dir, size_t nentries) {
  auto* b = static_cast<DirBinding*>(lua_newuserdatauv(L, sizeof(DirBinding), 0));
  new (b) DirBinding{std::move(dir), nentries};
  luaL_setmetatable(L, kDir);
  return 1;
}

int l_fs_opendir(lua_State* L) {
  FsOp op{FsType::Opendir};
  op.path = luaL_checkstring(L, 1);
  lua_Integer n = luaL_optinteger(L, 3, 1);
  if (n < 1) return luaL_argerror(L, 3, "entries must be at least 1");
  size_t nentries = (size_t)n;
  std::string path = op.path;
  return fs_call(
      L, 2, path,
      [&](FsCallback c) { return fs_request(Runtime::of(L).loop(), std::move(op), std::move(c)); },
      [nentries](lua_State* L, FsResult& r) { return push_dir(L, std::move(r.dir), nentries); });
}

int l_fs_readdir(lua_State* L) {
  DirBinding& b = check_dir(L, 1);
  FsOp op{FsType::Readdir};
  op.dir = b.dir;
  op.size = b.nentries;
  return fs_call(L, 2, std::nullopt,
                 [&](FsCallback c) { return fs_request(Runtime::of(L).loop(), std::move(op), std::move(c)); });
}

int l_fs_closedir(lua_State* L) {
  DirBinding& b = check_dir(L, 1);
  FsOp op{FsType::Closedir};
  op.dir = std::move(b.dir);
  return fs_call(L, 2, std::nullopt,
                 [&](FsCallback c) { return fs_request(Runtime::of(L).loop(), std::move(op), std::move(c)); });
}

int l_dir_gc(lua_State* L) {
  check_dir(L, 1).~DirBinding();  // the stream closes when its last owner (this, or a readdir) lets go
  return 0;
}

int l_dir_tostring(lua_State* L) {
  lua_pushfstring(L, "uv_dir_t: %p", lua_touserdata(L, 1));
  return 1;
}

const luaL_Reg kFunctions[] = {
    {"fs_opendir", l_fs_opendir}, {"fs_readdir", l_fs_readdir}, {"fs_closedir", l_fs_closedir}, {nullptr, nullptr}};

const luaL_Reg kMethods[] = {{"readdir", l_fs_readdir}, {"closedir", l_fs_closedir}, {nullptr, nullptr}};
const luaL_Reg kMeta[] = {{"__gc", l_dir_gc}, {"__tostring", l_dir_tostring}, {nullptr, nullptr}};

}  // namespace

void open_fs_dir(lua_State* L) {
  define_metatable(L, kDir, kMeta, kMethods);
  lua_pop(L, 1);
  luaL_setfuncs(L, kFunctions, 0);
}

}  // namespace ls::lua
