// WatchQueue: an inotify instance of the emulated kernel. It watches inodes of the in-memory file system (by
// inode number, so one file watched twice is one watch descriptor, as inotify_add_watch answers) and queues the
// changes FileSystem reports (fs.h), with inotify's rules: only the bits a watch asked for (kInIgnored and
// kInIsDir always), an event equal to the last unread one is merged into it, and a deleted inode's watch ends
// with kInIgnored. The fd is readable while events are queued.
// Tests: tests/core/emu/test_emu_watch.cpp
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "object.h"

namespace ls::emu {

struct WatchEvent {
  int wd = -1;
  std::uint32_t mask = 0;
  std::string name;
};

class WatchQueue final : public Object {
 public:
  explicit WatchQueue(Kernel& k) : Object(k, Kind::Inotify) {}

  std::uint32_t poll() const override { return events_.empty() ? 0 : kEpollIn; }
  void describe(FdView& v) const override;

  int add(std::uint64_t ino, std::uint32_t mask);  // the watch descriptor
  int remove(int wd);                              // -EINVAL if wd is no watch; queues kInIgnored
  int take(std::vector<WatchEvent>& out);          // the count, or -EAGAIN
  // A change of inode `ino` (kIn* bits); name: the entry of a watched directory, "" for the inode itself.
  void event(std::uint64_t ino, std::uint32_t mask, std::string_view name);

 private:
  struct Watch {
    int wd;
    std::uint64_t ino;
    std::uint32_t mask;
  };
  void push(int wd, std::uint32_t mask, std::string_view name);

  std::vector<Watch> watches_;  // a handful per program: a linear search is the plain choice
  std::deque<WatchEvent> events_;
  int next_wd_ = 1;
};

}  // namespace ls::emu
