// See watch.h.
#include "watch.h"

#include <algorithm>
#include <cerrno>

namespace ls::emu {

int WatchQueue::add(std::uint64_t ino, std::uint32_t mask) {
  for (Watch& w : watches_) {
    if (w.ino == ino) {
      w.mask = mask;  // inotify_add_watch on a watched inode replaces its mask
      return w.wd;
    }
  }
  watches_.push_back(Watch{next_wd_, ino, mask});
  return next_wd_++;
}

int WatchQueue::remove(int wd) {
  auto it = std::find_if(watches_.begin(), watches_.end(), [&](const Watch& w) { return w.wd == wd; });
  if (it == watches_.end()) return -EINVAL;
  watches_.erase(it);
  push(wd, kInIgnored, "");
  return 0;
}

int WatchQueue::take(std::vector<WatchEvent>& out) {
  if (events_.empty()) return -EAGAIN;
  int n = static_cast<int>(events_.size());
  for (WatchEvent& e : events_) out.push_back(std::move(e));
  events_.clear();
  return n;
}

void WatchQueue::event(std::uint64_t ino, std::uint32_t mask, std::string_view name) {
  for (std::size_t i = 0; i < watches_.size(); ++i) {
    Watch w = watches_[i];
    if (w.ino != ino || !(mask & w.mask & ~kInIsDir)) continue;
    push(w.wd, mask, name);
    if (mask & kInDeleteSelf) {  // the inode is gone: so is its watch
      watches_.erase(watches_.begin() + static_cast<std::ptrdiff_t>(i));
      push(w.wd, kInIgnored, "");
    }
    return;  // one watch per inode
  }
}

void WatchQueue::push(int wd, std::uint32_t mask, std::string_view name) {
  if (!events_.empty()) {
    const WatchEvent& last = events_.back();
    if (last.wd == wd && last.mask == mask && last.name == name) return;  // inotify merges it
  }
  bool was_empty = events_.empty();
  events_.push_back(WatchEvent{wd, mask, std::string(name)});
  if (was_empty) notify(kEpollIn);
}

void WatchQueue::describe(FdView& v) const {
  v.state = std::to_string(watches_.size()) + " watches, " + std::to_string(events_.size()) + " events queued";
}

}  // namespace ls::emu
