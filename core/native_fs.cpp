// NativeSys: the file calls behind fs requests, as Linux system calls. They run on worker threads (async fs
// requests) as well as on the loop thread (sync ones), so they use nothing but their arguments.
#ifndef __EMSCRIPTEN__

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "native_sys.h"

namespace ls {

namespace {

int err() { return -errno; }

// fsflag values are Linux's; translate anyway so the meaning never depends on that coincidence.
int host_flags(int flags) {
  int acc = flags & fsflag::kAccMode;
  int r = acc == fsflag::kWrOnly ? O_WRONLY : acc == fsflag::kRdWr ? O_RDWR : O_RDONLY;
  if (flags & fsflag::kCreat) r |= O_CREAT;
  if (flags & fsflag::kExcl) r |= O_EXCL;
  if (flags & fsflag::kTrunc) r |= O_TRUNC;
  if (flags & fsflag::kAppend) r |= O_APPEND;
  if (flags & fsflag::kDirectory) r |= O_DIRECTORY;
  return r | O_CLOEXEC;
}

TimeSpec ts(const timespec& t) { return TimeSpec{t.tv_sec, t.tv_nsec}; }

void fill(const struct stat& st, FileStat& out) {
  out.dev = st.st_dev;
  out.mode = st.st_mode;
  out.nlink = st.st_nlink;
  out.uid = st.st_uid;
  out.gid = st.st_gid;
  out.rdev = st.st_rdev;
  out.ino = st.st_ino;
  out.size = static_cast<uint64_t>(st.st_size);
  out.blksize = static_cast<uint64_t>(st.st_blksize);
  out.blocks = static_cast<uint64_t>(st.st_blocks);
  out.atime = ts(st.st_atim);
  out.mtime = ts(st.st_mtim);
  out.ctime = ts(st.st_ctim);
  out.birthtime = out.ctime;  // without statx, libuv reports ctime too
}

}  // namespace

DirentType dirent_type_of(unsigned char t) {
  switch (t) {
    case DT_REG: return DirentType::File;
    case DT_DIR: return DirentType::Dir;
    case DT_LNK: return DirentType::Link;
    case DT_FIFO: return DirentType::Fifo;
    case DT_SOCK: return DirentType::Socket;
    case DT_CHR: return DirentType::Char;
    case DT_BLK: return DirentType::Block;
    default: return DirentType::Unknown;
  }
}

int NativeSys::open(const std::string& path, int flags, int mode) {
  int fd = ::open(path.c_str(), host_flags(flags), mode);
  return fd < 0 ? err() : fd;
}

int64_t NativeSys::pread(int fd, void* buf, size_t len, int64_t offset) {
  ssize_t n;
  do {
    n = offset < 0 ? ::read(fd, buf, len) : ::pread(fd, buf, len, offset);
  } while (n < 0 && errno == EINTR);
  return n < 0 ? err() : n;
}

int64_t NativeSys::pwrite(int fd, const void* buf, size_t len, int64_t offset) {
  ssize_t n;
  do {
    n = offset < 0 ? ::write(fd, buf, len) : ::pwrite(fd, buf, len, offset);
  } while (n < 0 && errno == EINTR);
  return n < 0 ? err() : n;
}

int NativeSys::stat(const std::string& path, FileStat& out) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return err();
  fill(st, out);
  return 0;
}

int NativeSys::lstat(const std::string& path, FileStat& out) {
  struct stat st{};
  if (::lstat(path.c_str(), &st) != 0) return err();
  fill(st, out);
  return 0;
}

int NativeSys::fstat(int fd, FileStat& out) {
  struct stat st{};
  if (::fstat(fd, &st) != 0) return err();
  fill(st, out);
  return 0;
}

int NativeSys::unlink(const std::string& path) { return ::unlink(path.c_str()) == 0 ? 0 : err(); }

int NativeSys::mkdir(const std::string& path, int mode) {
  return ::mkdir(path.c_str(), static_cast<mode_t>(mode)) == 0 ? 0 : err();
}

int NativeSys::mkdtemp(std::string& tmpl) {
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) return err();
  tmpl.assign(buf.data());
  return 0;
}

int NativeSys::rmdir(const std::string& path) { return ::rmdir(path.c_str()) == 0 ? 0 : err(); }

int NativeSys::rename(const std::string& from, const std::string& to) {
  return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : err();
}

// uv__fs_scandir: every entry but . and .., sorted by name with strcmp.
int NativeSys::scandir(const std::string& path, std::vector<DirEnt>& out) {
  DIR* d = ::opendir(path.c_str());
  if (!d) return err();
  out.clear();
  errno = 0;
  while (dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    out.push_back(DirEnt{e->d_name, dirent_type_of(e->d_type)});
  }
  int r = errno ? err() : 0;
  ::closedir(d);
  std::sort(out.begin(), out.end(), [](const DirEnt& a, const DirEnt& b) { return a.name < b.name; });
  return r;
}

}  // namespace ls

#endif  // __EMSCRIPTEN__
