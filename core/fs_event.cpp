// FsEvent handles and the loop's inotify instance (fs_watches.h): libuv's linux-inotify.c, over the backend's Sys.
#include "fs_event.h"

#include "fs_watches.h"
#include "inspect.h"
#include "loop.h"

namespace ls {

FsEvent::FsEvent(Loop& loop) : Handle(loop, HandleType::FsEvent) {}

FsEvent::~FsEvent() {
  if (needs_detach()) stop();
}

int FsEvent::start(Callback cb, std::string path, unsigned) {
  if (is_active() || is_closing() || !cb) return -EINVAL;
  path_ = std::move(path);
  int wd = loop().fs_watches().add(*this, path_);
  if (wd < 0) {
    path_.clear();
    return wd;
  }
  wd_ = wd;
  loop().retire_if_running(*this, cb_);
  cb_ = std::move(cb);
  activate();
  loop().trace_handle(TraceKind::HandleStart, *this, wd);
  return 0;
}

int FsEvent::stop() {
  if (!is_active()) return 0;
  loop().fs_watches().remove(*this);
  wd_ = -1;
  path_.clear();
  deactivate();
  loop().trace_handle(TraceKind::HandleStop, *this);
  return 0;
}

int FsEvent::path(std::string& out) const {
  if (!is_active()) return -EINVAL;
  out = path_;
  return 0;
}

void FsEvent::on_close() { stop(); }

void FsEvent::describe(HandleInfo& info) const {
  info.fd = is_active() ? loop().fs_watches().fd() : -1;
  if (is_active()) info.state = "watching " + path_;
}

namespace detail {

namespace {
// uv__basename_r
std::string basename_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}
}  // namespace

FsWatches::~FsWatches() {
  if (fd_ >= 0 && sys_) {
    loop_.io_set(io_, fd_, 0);
    sys_->close(fd_);
  }
}

int FsWatches::add(FsEvent& h, const std::string& path) {
  if (fd_ < 0) {
    sys_ = loop_.backend().sys();
    if (!sys_) return -ENOSYS;
    int fd = sys_->watch_open();
    if (fd < 0) return fd;
    int r = loop_.io_set(io_, fd, kReadable);
    if (r < 0) {
      sys_->close(fd);
      return r;
    }
    fd_ = fd;
  }
  int wd = sys_->watch_add(fd_, path, fswatch::kLibuvMask);
  if (wd < 0) return wd;
  auto [it, created] = watches_.try_emplace(wd);
  if (created) it->second.path = path;
  it->second.handles.push_back(h.node_);
  return wd;
}

void FsWatches::remove(FsEvent& h) {
  h.node_.unlink();
  for (FsEvent*& t : targets_)
    if (t == &h) t = nullptr;  // stopped from a callback of the change being delivered: not called again
  auto it = watches_.find(h.wd_);
  if (it == watches_.end() || !it->second.handles.empty()) return;
  watches_.erase(it);
  sys_->watch_remove(fd_, h.wd_);  // -EINVAL when the kernel already ended it (the file was deleted)
}

void FsWatches::on_readable(IoWatcher& w, int) { static_cast<Io&>(w).self->deliver(); }

// uv__inotify_read: CHANGE for attribute and content changes, RENAME for any other bit (IN_ISDIR and IN_IGNORED
// included, so a deleted file's last event is a rename too).
bool FsWatches::next_change() {
  while (queued_pos_ < queued_.size()) {
    const FsWatchEvent& e = queued_[queued_pos_++];
    auto it = watches_.find(e.wd);
    if (it == watches_.end()) continue;  // stale: no handle watches it any more
    events_ = 0;
    if (e.mask & (fswatch::kAttrib | fswatch::kModify)) events_ |= FsEvent::CHANGE;
    if (e.mask & ~(fswatch::kAttrib | fswatch::kModify)) events_ |= FsEvent::RENAME;
    filename_ = e.name.empty() ? basename_of(it->second.path) : e.name;
    targets_.clear();
    target_pos_ = 0;
    it->second.handles.for_each([&](FsEvent& h) { targets_.push_back(&h); });
    return true;
  }
  return false;
}

void FsWatches::deliver() {
  if (target_pos_ == targets_.size() && queued_pos_ == queued_.size()) {
    queued_.clear();
    queued_pos_ = 0;
    if (sys_->watch_read(fd_, queued_) <= 0) return;
  }
  loop_.run_batch([&] { return target_pos_ < targets_.size() || queued_pos_ < queued_.size(); },
                  [&] {
                    if (target_pos_ == targets_.size() && (!next_change() || targets_.empty())) return;
                    FsEvent* h = targets_[target_pos_++];
                    if (!h) return;
                    std::string name = filename_;  // the callback may stop handles, or start new watches
                    int events = events_;
                    loop_.dispatch(h, CallbackKind::Io, [&] { h->cb_(*h, name, events, 0); });
                  });
}

}  // namespace detail
}  // namespace ls
