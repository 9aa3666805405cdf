// EmuSys: the rest of libuv's fs calls on the in-memory file system. There are no symbolic links, so realpath
// only normalises (".", "..", repeated slashes) a path that exists, and lutime is utime; the process is root,
// so access() grants reading and writing, and execution where some x bit (or a directory) allows it, as
// Linux grants root. statfs describes a tmpfs of 1 GiB. opendir reads a snapshot taken when it was opened, in
// scandir's order (by name). uv_random's bytes come from xorshift64*, seeded alike every run.
#include <algorithm>
#include <cerrno>
#include <cmath>

#include "emu_sys.h"
#include "file.h"
#include "watch.h"

namespace ls {

namespace {

// As uv__fs_to_timespec: whole seconds, then the fraction's nanoseconds truncated. (Virtual time starts at 0.)
emu::Nanos to_nanos(double seconds) {
  if (seconds <= 0) return 0;
  double whole = std::floor(seconds);
  return static_cast<emu::Nanos>(whole) * 1000000000ull + static_cast<emu::Nanos>((seconds - whole) * 1e9);
}

class EmuDir final : public DirStream {
 public:
  explicit EmuDir(std::vector<DirEnt> entries) : entries_(std::move(entries)) {}
  int read(size_t max, std::vector<DirEnt>& out) override {
    out.clear();
    if (closed_) return -EBADF;
    while (out.size() < max && next_ < entries_.size()) out.push_back(entries_[next_++]);
    return static_cast<int>(out.size());
  }
  int close() override {
    if (closed_) return -EBADF;
    closed_ = true;
    return 0;
  }

 private:
  std::vector<DirEnt> entries_;
  size_t next_ = 0;
  bool closed_ = false;
};

// Blocks (4 KiB) and inodes in use under node.
void count_usage(const emu::Inode& node, uint64_t& blocks, uint64_t& inodes) {
  inodes++;
  blocks += (node.data.size() + 4095) / 4096;
  for (const auto& [name, child] : node.children) count_usage(*child, blocks, inodes);
}

}  // namespace

int EmuSys::mkstemp(std::string& tmpl) { return sync().mkstemp(tmpl); }

int EmuSys::realpath(const std::string& path, std::string& out) {
  std::shared_ptr<emu::Inode> node;
  int r = sync().fs().lookup(path, node);
  if (r < 0) return r;
  std::vector<std::string> parts;
  for (size_t i = 0; i <= path.size();) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string comp = path.substr(i, j - i);
    if (comp == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!comp.empty() && comp != ".") {
      parts.push_back(comp);
    }
    i = j + 1;
  }
  out.clear();
  for (const std::string& p : parts) out += "/" + p;
  if (out.empty()) out = "/";
  return 0;
}

int EmuSys::access(const std::string& path, int mode) {
  std::shared_ptr<emu::Inode> node;
  int r = sync().fs().lookup(path, node);
  if (r < 0) return r;
  if ((mode & kAccessExec) && !node->is_dir() && !(node->mode & 0111)) return -EACCES;
  return 0;
}

int EmuSys::chmod(const std::string& path, int mode) {
  std::shared_ptr<emu::Inode> node;
  emu::Kernel& k = sync();
  int r = k.fs().lookup(path, node);
  if (r < 0) return r;
  node->mode = (node->mode & emu::kSIfMt) | (static_cast<uint32_t>(mode) & 07777);
  node->ctime = k.now();
  k.fs().changed(*node, emu::kInAttrib);
  return 0;
}

int EmuSys::fchmod(int fd, int mode) {
  emu::Kernel& k = sync();
  emu::Object* o = k.object(fd);
  if (!o) return -EBADF;
  auto* f = dynamic_cast<emu::File*>(o);
  if (!f) return -EINVAL;  // a pipe or socket: Linux changes an inode nobody sees; the emulation has none
  f->inode().mode = (f->inode().mode & emu::kSIfMt) | (static_cast<uint32_t>(mode) & 07777);
  f->inode().ctime = k.now();
  k.fs().changed(f->inode(), emu::kInAttrib);
  return 0;
}

int EmuSys::utime(const std::string& path, double atime, double mtime, bool) {
  std::shared_ptr<emu::Inode> node;
  emu::Kernel& k = sync();
  int r = k.fs().lookup(path, node);
  if (r < 0) return r;
  node->atime = to_nanos(atime);
  node->mtime = to_nanos(mtime);
  node->ctime = k.now();
  k.fs().changed(*node, emu::kInAttrib);
  return 0;
}

int EmuSys::futime(int fd, double atime, double mtime) {
  emu::Kernel& k = sync();
  emu::Object* o = k.object(fd);
  if (!o) return -EBADF;
  auto* f = dynamic_cast<emu::File*>(o);
  if (!f) return -EINVAL;
  f->inode().atime = to_nanos(atime);
  f->inode().mtime = to_nanos(mtime);
  f->inode().ctime = k.now();
  k.fs().changed(f->inode(), emu::kInAttrib);
  return 0;
}

int EmuSys::fsync(int fd, bool) { return sync().fsync(fd); }

int EmuSys::watch_open() { return sync().inotify_init(); }

int EmuSys::watch_add(int fd, const std::string& path, uint32_t mask) {
  return sync().inotify_add_watch(fd, path, mask);
}

int EmuSys::watch_remove(int fd, int wd) { return sync().inotify_rm_watch(fd, wd); }

int EmuSys::watch_read(int fd, std::vector<FsWatchEvent>& out) {
  std::vector<emu::WatchEvent> events;
  int n = sync().inotify_read(fd, events);
  for (emu::WatchEvent& e : events) out.push_back(FsWatchEvent{e.wd, e.mask, std::move(e.name)});
  return n;
}
int EmuSys::ftruncate(int fd, int64_t length) { return sync().ftruncate(fd, length); }

int EmuSys::statfs(const std::string& path, FsStats& out) {
  std::shared_ptr<emu::Inode> node, root;
  emu::Kernel& k = sync();
  int r = k.fs().lookup(path, node);
  if (r < 0) return r;
  k.fs().lookup("/", root);
  uint64_t used_blocks = 0, used_inodes = 0;
  count_usage(*root, used_blocks, used_inodes);
  const uint64_t kBlocks = 262144, kInodes = 65536;  // 1 GiB of 4 KiB blocks
  out = FsStats{0x01021994 /* TMPFS_MAGIC */, 4096, kBlocks, kBlocks - std::min(used_blocks, kBlocks),
                kBlocks - std::min(used_blocks, kBlocks), kInodes, kInodes - std::min(used_inodes, kInodes)};
  return 0;
}

int EmuSys::opendir(const std::string& path, std::unique_ptr<DirStream>& out) {
  std::vector<DirEnt> entries;
  int r = scandir(path, entries);
  if (r < 0) return r;
  out = std::make_unique<EmuDir>(std::move(entries));
  return 0;
}

int EmuSys::random(void* buf, size_t len) {
  auto* p = static_cast<unsigned char*>(buf);
  for (size_t i = 0; i < len; ++i) {
    random_state_ ^= random_state_ >> 12;
    random_state_ ^= random_state_ << 25;
    random_state_ ^= random_state_ >> 27;
    p[i] = static_cast<unsigned char>((random_state_ * 0x2545f4914f6cdd1dull) >> 56);
  }
  return 0;
}

}  // namespace ls
