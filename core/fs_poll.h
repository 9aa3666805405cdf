// FsPoll handle (uv_fs_poll_t): a file's stat, compared every `interval` ms, libuv's fs-poll.c. Each period is
// a stat request on the thread pool; when it completes, the callback runs (in the poll phase) if the result
// differs from the previous one — the first stat only sets the baseline, unless it fails — and an internal,
// unreferenced timer is started for the rest of the interval. An error is reported once until it changes
// (curr is then all zeros); the file appearing again is a change. Works wherever the backend has a file system.
// Covered by tests/core/io/test_fs_poll.cpp.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "handle.h"
#include "sys.h"

namespace ls {

class FsPoll final : public Handle {
 public:
  // status: 0, or the stat's negative errno; prev: the last stat seen (zeros before the first); curr: this one.
  using Callback = std::function<void(FsPoll&, int status, const FileStat& prev, const FileStat& curr)>;

  explicit FsPoll(Loop& loop);
  ~FsPoll() override;

  // interval 0 means 1 ms. 0 and nothing changes when already active (uv_fs_poll_start); -EINVAL if closing or
  // cb is empty; -ENOSYS on a backend without a file system.
  int start(Callback cb, std::string path, unsigned interval_ms);
  int stop();
  int path(std::string& out) const;  // uv_fs_poll_getpath: -EINVAL when not active

  struct Period;  // one start()..stop() period: libuv's poll_ctx (fs_poll.cpp)

 private:
  void close_period();
  void on_close() override;
  void describe(HandleInfo&) const override;

  std::shared_ptr<Period> period_;
};

}  // namespace ls
