// See fs.h. Sections: path walk, open, directories, rename, temp names, stat.
#include "fs.h"

#include <cerrno>

namespace ls::emu {

FileSystem::FileSystem(const Scheduler& clock, std::uint32_t umask) : clock_(clock), umask_(umask) {
  root_ = make(kSIfDir | 0755);
  root_->ino = 2;
  root_->nlink = 2;
  root_->parent = root_;
  mkdir("/tmp", 01777);
  // /tmp is sticky and world-writable on any Linux; do not let the umask narrow it.
  root_->children["tmp"]->mode = kSIfDir | 01777;
}

std::shared_ptr<Inode> FileSystem::make(std::uint32_t mode) {
  auto n = std::make_shared<Inode>();
  n->ino = next_ino_++;
  n->mode = mode;
  n->atime = n->mtime = n->ctime = n->birthtime = clock_.now();
  return n;
}

void FileSystem::touch(Inode& node) const { node.mtime = node.ctime = clock_.now(); }

// ---- path walk ------------------------------------------------------------------------------------------------

int FileSystem::walk(std::string_view path, Walk& w) const {
  if (path.empty()) return -ENOENT;
  std::vector<std::string_view> comps;
  for (std::size_t i = 0; i < path.size();) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) {
      if (j - i > 255) return -ENAMETOOLONG;
      comps.push_back(path.substr(i, j - i));
    }
    i = j + 1;
  }
  w.trailing_slash = path.back() == '/';
  std::shared_ptr<Inode> cur = root_;
  if (comps.empty()) comps.push_back(".");  // "/" names the root itself
  for (std::size_t i = 0; i + 1 < comps.size(); ++i) {
    if (!cur->is_dir()) return -ENOTDIR;
    if (comps[i] == ".") continue;
    if (comps[i] == "..") {
      cur = cur->parent.lock();
      continue;
    }
    auto it = cur->children.find(std::string(comps[i]));
    if (it == cur->children.end()) return -ENOENT;
    cur = it->second;
  }
  if (!cur->is_dir()) return -ENOTDIR;
  w.name = std::string(comps.back());
  if (w.name == ".") {
    w.node = cur;
    w.parent = cur->parent.lock();
  } else if (w.name == "..") {
    w.node = cur->parent.lock();
    w.parent = w.node->parent.lock();
  } else {
    w.parent = cur;
    auto it = cur->children.find(w.name);
    w.node = it == cur->children.end() ? nullptr : it->second;
  }
  if (w.trailing_slash && w.node && !w.node->is_dir()) return -ENOTDIR;
  return 0;
}

// ---- open -----------------------------------------------------------------------------------------------------

int FileSystem::open(std::string_view path, int flags, std::uint32_t mode, std::shared_ptr<Inode>& out) {
  int acc = flags & kOAccMode;
  if (acc == kOAccMode) return -EINVAL;
  Walk w;
  int r = walk(path, w);
  if (r < 0) return r;
  if (!w.node) {
    if (!(flags & kOCreat)) return -ENOENT;
    if (w.trailing_slash) return -EISDIR;
    w.node = make(kSIfReg | (mode & 07777 & ~umask_));
    w.node->parent = w.parent;
    w.parent->children[w.name] = w.node;
    touch(*w.parent);
    tell_entry(*w.parent, w.name, *w.node, kInCreate);
  } else {
    if ((flags & kOCreat) && (flags & kOExcl)) return -EEXIST;
    if ((w.node->mode & kSIfMt) == kSIfSock) return -ENXIO;
    if (w.node->is_dir()) {
      if (acc != kORdOnly || (flags & kOCreat)) return -EISDIR;
    } else {
      if (flags & kODirectory) return -ENOTDIR;
      if ((flags & kOTrunc) && acc != kORdOnly && !w.node->data.empty()) {
        w.node->data.clear();
        touch(*w.node);
        changed(*w.node, kInModify);
      }
    }
  }
  out = w.node;
  return 0;
}

// ---- directories ----------------------------------------------------------------------------------------------

int FileSystem::mkdir(std::string_view path, std::uint32_t mode) {
  Walk w;
  int r = walk(path, w);
  if (r < 0) return r;
  if (w.node) return -EEXIST;
  auto d = make(kSIfDir | (mode & 07777 & ~umask_));
  d->nlink = 2;
  d->parent = w.parent;
  w.parent->children[w.name] = d;
  ++w.parent->nlink;
  touch(*w.parent);
  tell_entry(*w.parent, w.name, *d, kInCreate);
  return 0;
}

int FileSystem::rmdir(std::string_view path) {
  Walk w;
  int r = walk(path, w);
  if (r < 0) return r;
  if (!w.node) return -ENOENT;
  if (w.node == root_) return -EBUSY;
  if (w.name == ".") return -EINVAL;
  if (w.name == "..") return -ENOTEMPTY;
  if (!w.node->is_dir()) return -ENOTDIR;
  if (!w.node->children.empty()) return -ENOTEMPTY;
  w.parent->children.erase(w.name);
  --w.parent->nlink;
  w.node->nlink = 0;
  touch(*w.parent);
  tell_removed(*w.node);
  tell_entry(*w.parent, w.name, *w.node, kInDelete);
  return 0;
}

int FileSystem::unlink(std::string_view path) {
  Walk w;
  int r = walk(path, w);
  if (r < 0) return r;
  if (!w.node) return -ENOENT;
  if (w.node->is_dir()) return -EISDIR;  // Linux's answer; POSIX allows EPERM
  w.parent->children.erase(w.name);
  --w.node->nlink;
  w.node->ctime = clock_.now();
  touch(*w.parent);
  tell_removed(*w.node);
  tell_entry(*w.parent, w.name, *w.node, kInDelete);
  return 0;
}

int FileSystem::scandir(std::string_view path, std::vector<DirEntry>& out) const {
  Walk w;
  int r = walk(path, w);
  if (r < 0) return r;
  if (!w.node) return -ENOENT;
  if (!w.node->is_dir()) return -ENOTDIR;
  out.clear();
  for (const auto& [name, node] : w.node->children) {
    std::uint32_t type = node->mode & kSIfMt;
    out.push_back(DirEntry{name, type == kSIfDir    ? DirentType::Dir
                                 : type == kSIfSock ? DirentType::Socket
                                                    : DirentType::File});
  }
  return 0;
}

// ---- rename ---------------------------------------------------------------------------------------------------

int FileSystem::rename(std::string_view from, std::string_view to) {
  Walk a, b;
  int r = walk(from, a);
  if (r < 0) return r;
  if (!a.node) return -ENOENT;
  r = walk(to, b);
  if (r < 0) return r;
  if (a.node == root_ || b.node == root_) return -EBUSY;
  if (special(a) || special(b)) return -EINVAL;
  if (a.node == b.node) return 0;  // same file: nothing to do, as POSIX says
  if (a.node->is_dir()) {
    if (b.node && !b.node->is_dir()) return -ENOTDIR;
    if (b.node && !b.node->children.empty()) return -ENOTEMPTY;
    // A directory cannot move below itself.
    for (auto d = b.parent; d; d = d == root_ ? nullptr : d->parent.lock()) {
      if (d == a.node) return -EINVAL;
    }
  } else {
    if (b.node && b.node->is_dir()) return -EISDIR;
    if (b.trailing_slash) return -ENOTDIR;
  }
  std::shared_ptr<Inode> node = a.node;
  if (b.node) {
    b.node->nlink = b.node->is_dir() ? 0 : b.node->nlink - 1;
    if (b.node->is_dir()) --b.parent->nlink;
  }
  std::shared_ptr<Inode> replaced = b.node;
  a.parent->children.erase(a.name);
  b.parent->children[b.name] = node;
  if (node->is_dir()) {
    --a.parent->nlink;
    ++b.parent->nlink;
  }
  node->parent = b.parent;
  node->ctime = clock_.now();
  touch(*a.parent);
  touch(*b.parent);
  // fsnotify_move's order: both names, the replaced file's link count, the moved inode; the replaced inode's
  // deletion comes last, when its dentry goes.
  tell_entry(*a.parent, a.name, *node, kInMovedFrom);
  tell_entry(*b.parent, b.name, *node, kInMovedTo);
  if (replaced && !replaced->is_dir()) tell_self(*replaced, kInAttrib);
  tell_self(*node, kInMoveSelf);
  if (replaced && replaced->nlink == 0) tell_self(*replaced, kInDeleteSelf);
  return 0;
}

// ---- change notification -------------------------------------------------------------------------------------

void FileSystem::tell_entry(const Inode& dir, std::string_view name, const Inode& entry, std::uint32_t mask) const {
  if (observer_) observer_(dir, mask | (entry.is_dir() ? kInIsDir : 0), name);
}

void FileSystem::tell_self(const Inode& node, std::uint32_t mask) const {
  if (observer_) observer_(node, mask | (node.is_dir() ? kInIsDir : 0), "");
}

// vfs_unlink / vfs_rmdir: a file's link count change is an attribute change; the inode's own deletion follows.
void FileSystem::tell_removed(const Inode& node) const {
  if (!node.is_dir()) tell_self(node, kInAttrib);
  if (node.nlink == 0 || node.is_dir()) tell_self(node, kInDeleteSelf);
}

void FileSystem::changed(const Inode& node, std::uint32_t mask) const {
  if (!observer_) return;
  std::shared_ptr<Inode> dir = node.parent.lock();
  if (dir && &node != root_.get()) {
    for (const auto& [name, child] : dir->children) {
      if (child.get() == &node) {
        tell_entry(*dir, name, node, mask);
        break;
      }
    }
  }
  tell_self(node, mask);
}

// ---- temp names -----------------------------------------------------------------------------------------------

std::string FileSystem::temp_suffix() {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::uint64_t n = ++temp_counter_;
  std::string s(6, 'a');
  for (int i = 5; i >= 0; --i, n /= 62) s[static_cast<std::size_t>(i)] = kChars[n % 62];
  return s;
}

namespace {
bool has_template(const std::string& t) { return t.size() >= 6 && t.compare(t.size() - 6, 6, "XXXXXX") == 0; }
constexpr int kTempTries = 1000;  // the counter only collides with names a program chose itself
}  // namespace

int FileSystem::mkdtemp(std::string& tmpl) {
  if (!has_template(tmpl)) return -EINVAL;
  for (int i = 0; i < kTempTries; ++i) {
    std::string path = tmpl.substr(0, tmpl.size() - 6) + temp_suffix();
    int r = mkdir(path, 0700);
    if (r == -EEXIST) continue;
    if (r == 0) tmpl = path;
    return r;
  }
  return -EEXIST;
}

int FileSystem::mkstemp(std::string& tmpl, std::shared_ptr<Inode>& out) {
  if (!has_template(tmpl)) return -EINVAL;
  for (int i = 0; i < kTempTries; ++i) {
    std::string path = tmpl.substr(0, tmpl.size() - 6) + temp_suffix();
    int r = open(path, kORdWr | kOCreat | kOExcl, 0600, out);
    if (r == -EEXIST) continue;
    if (r == 0) tmpl = path;
    return r;
  }
  return -EEXIST;
}

// ---- socket nodes -------------------------------------------------------------------------------------------

int FileSystem::make_socket(std::string_view path, std::shared_ptr<Inode>& out) {
  Walk w;
  int r = walk(path, w);
  if (r < 0) return r;
  if (w.node) return -EADDRINUSE;
  if (w.trailing_slash) return -ENOENT;
  out = make(kSIfSock | (0777 & ~umask_));
  out->parent = w.parent;
  w.parent->children[w.name] = out;
  touch(*w.parent);
  tell_entry(*w.parent, w.name, *out, kInCreate);
  return 0;
}

int FileSystem::lookup(std::string_view path, std::shared_ptr<Inode>& out) const {
  Walk w;
  int r = walk(path, w);
  if (r < 0) return r;
  if (!w.node) return -ENOENT;
  out = w.node;
  return 0;
}

// ---- stat -----------------------------------------------------------------------------------------------------

int FileSystem::stat(std::string_view path, Stat& st) const {
  Walk w;
  int r = walk(path, w);
  if (r < 0) return r;
  if (!w.node) return -ENOENT;
  fill_stat(*w.node, st);
  return 0;
}

void FileSystem::fill_stat(const Inode& node, Stat& st) const {
  st = Stat{};
  st.dev = 1;
  st.ino = node.ino;
  st.mode = node.mode;
  st.nlink = node.nlink;
  st.size = node.is_dir() ? 4096 : node.data.size();
  st.blksize = 4096;
  st.blocks = (st.size + 4095) / 4096 * 8;  // 512-byte units, whole 4 KiB blocks as ext4 allocates
  st.atime = node.atime;
  st.mtime = node.mtime;
  st.ctime = node.ctime;
  st.birthtime = node.birthtime;
}

}  // namespace ls::emu
