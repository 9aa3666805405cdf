// What the fs binding files share (l_fs.cpp: the original operations and the common tail; l_fs_more.cpp: the
// rest of luv's fs functions; l_fs_dir.cpp: opendir/readdir/closedir).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/fs.h"
#include "lua.hpp"

namespace ls::lua {

// Pushes an operation's value(s) on success; returns how many.
using FsPush = std::function<int(lua_State*, FsResult&)>;

// The shared tail of every fs binding. Without a callback at cb_idx: runs op now and returns its value (push,
// or the default for its FsType) or luv's fail triple (nil, "ENAME: message: path", "ENAME"). With one: queues
// op and returns the request; the callback gets (err) or (nil, value...). path is what error messages name.
// (nullopt: the operation names no path, "ENAME: message"; an empty path still gets its ": ", as in luv.)
int fs_call(lua_State* L, int cb_idx, const std::optional<std::string>& path,
            const std::function<FsResult(FsCallback)>& op, FsPush push = {});

// luv names both paths in the error of the operations that have a destination: "from -> to".
inline std::string dest_message(const std::string& from, const std::string& to) { return from + " -> " + to; }

void push_stat(lua_State* L, const FileStat& s);  // luv's stat table (no `type` for a mode it cannot name)
void push_statfs(lua_State* L, const FsStats& s);
void push_dirents(lua_State* L, const std::vector<DirEnt>& entries);  // a table of {name, type}, nil if empty

void open_fs_more(lua_State* L);
void open_fs_dir(lua_State* L);

}  // namespace ls::lua
