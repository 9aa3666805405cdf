// File-system awaitables: the async form of each ls::fs_* call (a request on the thread pool), resumed with its
// FsResult; a negative result is thrown as error{result}. Covered by tests/core/coro/test_fs.cpp.
//
//   ls::FsResult f = co_await ls::coro::fs::open(loop, path, ls::fsflag::kRdOnly);
//   std::string text = (co_await ls::coro::fs::read(loop, f.result, 4096)).data;
//   co_await ls::coro::fs::close(loop, f.result);
//
// Host files on epoll, the in-memory fs on the emulated backend. A request cancelled with ls::cancel() before a
// worker took it throws error{-ECANCELED}; on the null backend every call throws error{-ENOSYS}.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "../fs.h"
#include "strand.h"

namespace ls::coro {

class [[nodiscard]] fs_awaiter {
 public:
  using Start = std::function<FsResult(FsCallback)>;
  fs_awaiter(Loop& loop, Start start, where at) : wait_(loop, at), start_(std::move(start)) {}
  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(stdco::coroutine_handle<P> h) {
    return wait_.suspend_if_started(h, start(), nullptr);  // a request: the core completes (or cancels) it
  }
  FsResult await_resume() {
    wait_.throw_if_failed();
    return std::move(result_);
  }

 private:
  int start();
  detail::waiter wait_;
  Start start_;
  FsResult result_;
};

namespace fs {

fs_awaiter open(Loop& loop, std::string path, int flags, int mode = 0644, where at = where::here());
fs_awaiter read(Loop& loop, int fd, size_t size, int64_t offset = -1, where at = where::here());
fs_awaiter write(Loop& loop, int fd, std::string data, int64_t offset = -1, where at = where::here());
fs_awaiter close(Loop& loop, int fd, where at = where::here());
fs_awaiter stat(Loop& loop, std::string path, where at = where::here());
fs_awaiter fstat(Loop& loop, int fd, where at = where::here());
fs_awaiter lstat(Loop& loop, std::string path, where at = where::here());
fs_awaiter unlink(Loop& loop, std::string path, where at = where::here());
fs_awaiter mkdir(Loop& loop, std::string path, int mode = 0777, where at = where::here());
fs_awaiter mkdtemp(Loop& loop, std::string tmpl, where at = where::here());
fs_awaiter rmdir(Loop& loop, std::string path, where at = where::here());
fs_awaiter rename(Loop& loop, std::string from, std::string to, where at = where::here());
fs_awaiter scandir(Loop& loop, std::string path, where at = where::here());

}  // namespace fs

}  // namespace ls::coro
