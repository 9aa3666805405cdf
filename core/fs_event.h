// FsEvent handle (uv_fs_event_t): changes to a file or directory, as libuv reports them on Linux. One inotify
// instance per loop (the backend's Sys: the host's inotify natively, the in-memory file system's on the emulated
// backend) carries every handle's watch; handles on the same file share its watch descriptor and each gets every
// event, in start order. The callback runs in the poll phase with the entry's name (for a watched directory) or
// the watched path's last component, and RENAME | CHANGE: attribute and content changes are CHANGE, everything
// else (create, delete, move, the watch's end) RENAME, as libuv maps inotify's bits. The flags (uv_fs_event_flags)
// change nothing on Linux, here neither. Covered by tests/core/io/test_fs_event.cpp.
#pragma once

#include <functional>
#include <string>

#include "handle.h"
#include "list.h"

namespace ls {

namespace detail { class FsWatches; }

class FsEvent final : public Handle {
 public:
  enum : int { RENAME = 1, CHANGE = 2 };  // uv_fs_event's values
  using Callback = std::function<void(FsEvent&, const std::string& filename, int events, int status)>;

  explicit FsEvent(Loop& loop);
  ~FsEvent() override;

  // -EINVAL if already active, closing or cb is empty; the watch's error (-ENOENT, -ENOTDIR, -ENOSPC for too
  // many watches, -ENOSYS on a backend without a file system).
  int start(Callback cb, std::string path, unsigned flags = 0);
  int stop();
  // uv_fs_event_getpath: the path given to start(); -EINVAL when not active.
  int path(std::string& out) const;

 private:
  friend class detail::FsWatches;
  void on_close() override;
  void describe(HandleInfo&) const override;

  Callback cb_;
  std::string path_;
  int wd_ = -1;
  detail::Link<FsEvent> node_{this};
};

}  // namespace ls
