// File-system awaitables (see fs.h): each call is the async form of its ls::fs_* function.
#include "fs.h"

namespace ls::coro {

int fs_awaiter::start() {
  FsResult queued = start_([this](FsResult& r) {
    result_ = std::move(r);
    wait_.resume(result_.result < 0 ? static_cast<int>(result_.result) : 0);
  });
  return queued.result < 0 ? static_cast<int>(queued.result) : 0;  // could not even be queued
}

namespace fs {

// Each wrapper hands the fs_* call its arguments plus the callback that resumes the awaiter.
#define LS_CORO_FS(call, ...) \
  fs_awaiter(loop, [&loop, __VA_ARGS__](FsCallback cb) mutable { return call; }, at)

fs_awaiter open(Loop& loop, std::string path, int flags, int mode, where at) {
  return LS_CORO_FS(fs_open(loop, std::move(path), flags, mode, std::move(cb)), path = std::move(path), flags, mode);
}
fs_awaiter read(Loop& loop, int fd, size_t size, int64_t offset, where at) {
  return LS_CORO_FS(fs_read(loop, fd, size, offset, std::move(cb)), fd, size, offset);
}
fs_awaiter write(Loop& loop, int fd, std::string data, int64_t offset, where at) {
  return LS_CORO_FS(fs_write(loop, fd, std::move(data), offset, std::move(cb)), fd, data = std::move(data), offset);
}
fs_awaiter close(Loop& loop, int fd, where at) { return LS_CORO_FS(fs_close(loop, fd, std::move(cb)), fd); }
fs_awaiter stat(Loop& loop, std::string path, where at) {
  return LS_CORO_FS(fs_stat(loop, std::move(path), std::move(cb)), path = std::move(path));
}
fs_awaiter fstat(Loop& loop, int fd, where at) { return LS_CORO_FS(fs_fstat(loop, fd, std::move(cb)), fd); }
fs_awaiter lstat(Loop& loop, std::string path, where at) {
  return LS_CORO_FS(fs_lstat(loop, std::move(path), std::move(cb)), path = std::move(path));
}
fs_awaiter unlink(Loop& loop, std::string path, where at) {
  return LS_CORO_FS(fs_unlink(loop, std::move(path), std::move(cb)), path = std::move(path));
}
fs_awaiter mkdir(Loop& loop, std::string path, int mode, where at) {
  return LS_CORO_FS(fs_mkdir(loop, std::move(path), mode, std::move(cb)), path = std::move(path), mode);
}
fs_awaiter mkdtemp(Loop& loop, std::string tmpl, where at) {
  return LS_CORO_FS(fs_mkdtemp(loop, std::move(tmpl), std::move(cb)), tmpl = std::move(tmpl));
}
fs_awaiter rmdir(Loop& loop, std::string path, where at) {
  return LS_CORO_FS(fs_rmdir(loop, std::move(path), std::move(cb)), path = std::move(path));
}
fs_awaiter rename(Loop& loop, std::string from, std::string to, where at) {
  return LS_CORO_FS(fs_rename(loop, std::move(from), std::move(to), std::move(cb)), from = std::move(from),
                    to = std::move(to));
}
fs_awaiter scandir(Loop& loop, std::string path, where at) {
  return LS_CORO_FS(fs_scandir(loop, std::move(path), std::move(cb)), path = std::move(path));
}

#undef LS_CORO_FS

}  // namespace fs

}  // namespace ls::coro
