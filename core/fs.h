// fs requests (uv_fs_*), on the backend's file system: host files natively, the in-memory fs on the emulated
// backend. Every operation has two forms, told apart by the callback, as in libuv and luv:
//  - no callback: runs at once on the calling thread and returns its result (no request, no trace event);
//  - a callback: queued on the thread pool as a request ("fs_open", "fs_read", ...); the call returns at once
//    with result 0 and the request id (or a negative result if it could not be queued), and the callback runs
//    in the poll phase with the result — -ECANCELED if it was cancelled (ls::cancel) before a worker took it.
// FsResult::result is the call's value (an fd, a byte count, 0) or a negative errno; read and mkdtemp return
// their text in `data`, the stat calls `stat`, scandir `entries` (sorted by name). Open flags: ls::fsflag.
// mkstemp returns the fd and the path in `data`; realpath and readlink the path in `data`; statfs `statfs`;
// opendir `dir`, which readdir reads (`entries`, empty at the end) and closedir closes.
// Covered by tests/core/io/test_fs.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sys.h"

namespace ls {

class Loop;

enum class FsType : uint8_t { Open, Read, Write, Close, Stat, Fstat, Lstat, Unlink, Mkdir, Mkdtemp, Rmdir, Rename,
                              Scandir, Mkstemp, Realpath, Copyfile, Link, Symlink, Readlink, Access, Chmod, Fchmod,
                              Chown, Fchown, Lchown, Utime, Futime, Lutime, Fsync, Fdatasync, Ftruncate, Sendfile,
                              Statfs, Opendir, Readdir, Closedir };
const char* to_string(FsType);  // "open", "read", ...

struct FsResult {
  FsType type = FsType::Open;
  int64_t result = 0;
  uint64_t req = 0;  // async form: the request id
  std::string data;  // read: the bytes read; mkdtemp: the created path
  FileStat stat;     // stat, fstat, lstat
  std::vector<DirEnt> entries;  // scandir, readdir
  FsStats statfs;               // statfs
  std::shared_ptr<DirStream> dir;  // opendir
};

// Any operation, described by its arguments (which ones an operation reads is in fs.cpp's run_op); the
// functions below build one each. Paths: path (and path2, the destination of rename, link, symlink, copyfile);
// fd (and fd2, sendfile's source); mode (open, mkdir, chmod; access's kAccess* bits); flags (open: fsflag;
// copyfile, symlink); offset (read, write, sendfile; ftruncate's length); size (read, sendfile; readdir's
// batch); times in seconds; dir (readdir, closedir).
struct FsOp {
  explicit FsOp(FsType t) : type(t) {}
  FsType type;
  std::string path, path2, data;
  int fd = -1, fd2 = -1, flags = 0, mode = 0;
  int64_t offset = -1;
  size_t size = 0;
  int64_t uid = -1, gid = -1;
  double atime = 0, mtime = 0;
  std::shared_ptr<DirStream> dir;
};

using FsCallback = std::function<void(FsResult&)>;

FsResult fs_open(Loop& loop, std::string path, int flags, int mode = 0644, FsCallback cb = {});
// offset < 0: at the file position (and moving it), as read(2).
FsResult fs_read(Loop& loop, int fd, size_t size, int64_t offset = -1, FsCallback cb = {});
FsResult fs_write(Loop& loop, int fd, std::string data, int64_t offset = -1, FsCallback cb = {});
FsResult fs_close(Loop& loop, int fd, FsCallback cb = {});
FsResult fs_stat(Loop& loop, std::string path, FsCallback cb = {});
FsResult fs_fstat(Loop& loop, int fd, FsCallback cb = {});
FsResult fs_lstat(Loop& loop, std::string path, FsCallback cb = {});
FsResult fs_unlink(Loop& loop, std::string path, FsCallback cb = {});
FsResult fs_mkdir(Loop& loop, std::string path, int mode = 0777, FsCallback cb = {});
FsResult fs_mkdtemp(Loop& loop, std::string tmpl, FsCallback cb = {});  // tmpl ends in XXXXXX
FsResult fs_rmdir(Loop& loop, std::string path, FsCallback cb = {});
FsResult fs_rename(Loop& loop, std::string from, std::string to, FsCallback cb = {});
FsResult fs_scandir(Loop& loop, std::string path, FsCallback cb = {});
// Any FsOp, in the same two forms.
FsResult fs_request(Loop& loop, FsOp op, FsCallback cb = {});

}  // namespace ls
