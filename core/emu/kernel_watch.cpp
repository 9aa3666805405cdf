// Kernel: the inotify calls (watch.h). A watch names an inode found by path; what FileSystem reports reaches
// every open queue. The observer is wired on the first inotify_init, so a program that watches nothing pays
// nothing per write (FileSystem::changed looks up the entry's name only when someone listens).
#include <cerrno>

#include "kernel.h"
#include "watch.h"

namespace ls::emu {

namespace {
WatchQueue* as_queue(Object* o, int& err) {
  auto* q = dynamic_cast<WatchQueue*>(o);
  if (!q) err = o ? -EINVAL : -EBADF;
  return q;
}
}  // namespace

int Kernel::inotify_init() {
  sync();
  if (watch_queues_.empty()) {
    fs_.set_observer([this](const Inode& node, std::uint32_t mask, std::string_view name) {
      for (auto& [fd, queue] : watch_queues_) queue->event(node.ino, mask, name);
    });
  }
  auto queue = std::make_shared<WatchQueue>(*this);
  WatchQueue* raw = queue.get();
  int fd = install(std::move(queue));
  if (fd >= 0) watch_queues_[fd] = raw;
  return fd;
}

int Kernel::inotify_add_watch(int fd, std::string_view path, std::uint32_t mask) {
  sync();
  int err = 0;
  WatchQueue* q = as_queue(fds_.get(fd), err);
  if (!q) return err;
  if (!(mask & (kInModify | kInAttrib | kInMovedFrom | kInMovedTo | kInCreate | kInDelete | kInDeleteSelf |
                kInMoveSelf)))
    return -EINVAL;
  std::shared_ptr<Inode> node;
  int r = fs_.lookup(path, node);
  if (r < 0) return r;
  return q->add(node->ino, mask);
}

int Kernel::inotify_rm_watch(int fd, int wd) {
  sync();
  int err = 0;
  WatchQueue* q = as_queue(fds_.get(fd), err);
  return q ? q->remove(wd) : err;
}

int Kernel::inotify_read(int fd, std::vector<WatchEvent>& out) {
  sync();
  int err = 0;
  WatchQueue* q = as_queue(fds_.get(fd), err);
  return q ? q->take(out) : err;
}

}  // namespace ls::emu
