// FileSystem: the in-memory file system of the emulated kernel — a tree of inodes (directories and regular
// files; no symlinks, so lstat == stat), with /tmp present from the start. Path operations follow POSIX and
// report Linux's errors: ENOENT, EEXIST, ENOTDIR (a path component, or a trailing slash, names a file), EISDIR,
// ENOTEMPTY, EINVAL (rename a directory into itself, rmdir "."), EBUSY (rmdir "/"), ENAMETOOLONG (> 255 bytes).
// Relative paths are taken from "/" (there is no chdir). AF_UNIX sockets bound to a path appear as socket nodes
// (open(2) on one fails with ENXIO, as on Linux). There are no permission checks (the process is root),
// but modes are stored, with the umask applied at creation, as natively. Times come from the virtual clock: all
// four are set at creation; writes and truncation update mtime and ctime; directory changes update the
// directory's mtime and ctime; reads do not touch atime (as a noatime mount).
// Directory entries are kept sorted by name (byte order), which is scandir's order. mkdtemp/mkstemp replace
// the trailing XXXXXX with a counter in base 62 ("aaaaab", "aaaaac", ...): deterministic, unlike libc's.
// Open files live in file.h; they keep their inode alive after unlink, as POSIX requires.
// Changes are told to an observer in inotify's terms (watch.h), in the order Linux's fsnotify sends them: an
// entry's event to its directory (with the entry's name) and the inode's own event (without one).
// Tests: tests/core/emu/test_emu_fs.cpp
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler.h"
#include "types.h"

namespace ls::emu {

struct Inode {
  std::uint64_t ino = 0;
  std::uint32_t mode = 0;  // type bits | permissions
  std::string data;        // regular files
  std::map<std::string, std::shared_ptr<Inode>> children;  // directories; sorted = scandir order
  std::weak_ptr<Inode> parent;  // the directory holding it (no hard links: one); the root is its own parent
  std::uint64_t nlink = 1;
  Nanos atime = 0, mtime = 0, ctime = 0, birthtime = 0;

  bool is_dir() const { return (mode & kSIfMt) == kSIfDir; }
};

class FileSystem {
 public:
  explicit FileSystem(const Scheduler& clock, std::uint32_t umask = 022);

  // Resolves (and with kOCreat creates) the inode `open` would return. The Kernel turns it into an fd.
  int open(std::string_view path, int flags, std::uint32_t mode, std::shared_ptr<Inode>& out);
  int stat(std::string_view path, Stat& st) const;
  int lstat(std::string_view path, Stat& st) const { return stat(path, st); }
  int mkdir(std::string_view path, std::uint32_t mode);
  int rmdir(std::string_view path);
  int unlink(std::string_view path);
  int rename(std::string_view from, std::string_view to);
  int scandir(std::string_view path, std::vector<DirEntry>& out) const;
  // tmpl must end in "XXXXXX"; on success it holds the created path.
  int mkdtemp(std::string& tmpl);
  int mkstemp(std::string& tmpl, std::shared_ptr<Inode>& out);
  // The node bind() creates for an AF_UNIX socket path: -EADDRINUSE if the path exists (as bind(2)).
  int make_socket(std::string_view path, std::shared_ptr<Inode>& out);
  // What path names (ENOENT / ENOTDIR as stat).
  int lookup(std::string_view path, std::shared_ptr<Inode>& out) const;

  // The watched inode, kIn* bits (kInIsDir included for a directory), the entry's name or "" for the inode itself.
  using Observer = std::function<void(const Inode& watched, std::uint32_t mask, std::string_view name)>;
  void set_observer(Observer o) { observer_ = std::move(o); }
  // A change made through an fd or a metadata call (kInModify: contents, kInAttrib: mode, times): told to the
  // directory holding the inode, then to the inode.
  void changed(const Inode& node, std::uint32_t mask) const;

  void fill_stat(const Inode& node, Stat& st) const;
  void touch(Inode& node) const;  // mtime = ctime = now
  std::uint32_t umask() const { return umask_; }

 private:
  struct Walk {
    std::shared_ptr<Inode> parent;  // the directory holding the last component
    std::string name;               // the last component; "." or ".." when the path ends in one (or is "/")
    std::shared_ptr<Inode> node;    // what it names, null if absent
    bool trailing_slash = false;
  };
  int walk(std::string_view path, Walk& w) const;
  std::shared_ptr<Inode> make(std::uint32_t mode);
  bool special(const Walk& w) const { return w.name == "." || w.name == ".."; }
  std::string temp_suffix();
  void tell_entry(const Inode& dir, std::string_view name, const Inode& entry, std::uint32_t mask) const;
  void tell_self(const Inode& node, std::uint32_t mask) const;
  void tell_removed(const Inode& node) const;  // the last link is gone: IN_ATTRIB (files), IN_DELETE_SELF

  const Scheduler& clock_;
  std::uint32_t umask_;
  std::shared_ptr<Inode> root_;
  std::uint64_t next_ino_ = 2;  // ext4's root inode number, so the first file gets 3
  std::uint64_t temp_counter_ = 0;
  Observer observer_;
};

}  // namespace ls::emu
