// FsWatches: the loop's one inotify instance (libuv's loop->inotify_fd and its watcher tree), shared by the
// FsEvent handles. Internal to fs_event.cpp and the Loop that owns it.
//
// The fd is opened on the first start() and watched readable in the poll phase. A readiness event reads every
// queued change, then calls the handles of each change's watch one after another; a step by callback may stop
// between two calls (Loop::continue_later), and the next readiness call carries on where it stopped.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "io.h"
#include "list.h"
#include "sys.h"

namespace ls {

class FsEvent;
class Loop;

namespace detail {

class FsWatches {
 public:
  explicit FsWatches(Loop& loop) : loop_(loop) {}
  ~FsWatches();  // closes the fd (the handles are gone or closed by then)

  int add(FsEvent& h, const std::string& path);  // h joins path's watch: its wd, or a negative errno
  void remove(FsEvent& h);                        // and the watch ends with its last handle
  int fd() const { return fd_; }

 private:
  struct Watch {
    std::string path;  // as the first handle gave it: the name for events about the watched inode itself
    List<FsEvent> handles;
  };
  struct Io : IoWatcher {
    explicit Io(FsWatches* s) : IoWatcher(&FsWatches::on_readable, nullptr), self(s) {}
    FsWatches* self;
  };
  static void on_readable(IoWatcher& w, int events);
  void deliver();
  bool next_change();  // moves to the next queued change with handles to call; false when none is left

  Loop& loop_;
  Sys* sys_ = nullptr;
  int fd_ = -1;
  Io io_{this};
  std::map<int, Watch> watches_;  // by watch descriptor
  // The change being delivered: its handles (nullptr once stopped), the next one to call, what they are told.
  std::vector<FsWatchEvent> queued_;
  size_t queued_pos_ = 0;
  std::vector<FsEvent*> targets_;
  size_t target_pos_ = 0;
  std::string filename_;
  int events_ = 0;
};

}  // namespace detail
}  // namespace ls
