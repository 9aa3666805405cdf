// The file calls a Sys may leave out (each answers -ENOSYS, as libuv does on a platform without the facility),
// and uv_fs_copyfile written once over the calls every Sys has, so both backends copy by the same rules.
#include <cerrno>

#include "sys.h"

namespace ls {

int Sys::mkstemp(std::string&) { return -ENOSYS; }
int Sys::realpath(const std::string&, std::string&) { return -ENOSYS; }
int Sys::link(const std::string&, const std::string&) { return -ENOSYS; }
int Sys::symlink(const std::string&, const std::string&, int) { return -ENOSYS; }
int Sys::readlink(const std::string&, std::string&) { return -ENOSYS; }
int Sys::access(const std::string&, int) { return -ENOSYS; }
int Sys::chmod(const std::string&, int) { return -ENOSYS; }
int Sys::fchmod(int, int) { return -ENOSYS; }
int Sys::chown(const std::string&, int64_t, int64_t, bool) { return -ENOSYS; }
int Sys::fchown(int, int64_t, int64_t) { return -ENOSYS; }
int Sys::utime(const std::string&, double, double, bool) { return -ENOSYS; }
int Sys::futime(int, double, double) { return -ENOSYS; }
int Sys::fsync(int, bool) { return -ENOSYS; }
int Sys::ftruncate(int, int64_t) { return -ENOSYS; }
int64_t Sys::sendfile(int, int, int64_t, size_t) { return -ENOSYS; }
int Sys::statfs(const std::string&, FsStats&) { return -ENOSYS; }
int Sys::opendir(const std::string&, std::unique_ptr<DirStream>&) { return -ENOSYS; }
int Sys::random(void*, size_t) { return -ENOSYS; }
int Sys::watch_open() { return -ENOSYS; }
int Sys::watch_add(int, const std::string&, uint32_t) { return -ENOSYS; }
int Sys::watch_remove(int, int) { return -ENOSYS; }
int Sys::watch_read(int, std::vector<FsWatchEvent>&) { return -ENOSYS; }

// uv__fs_copyfile's steps: the destination is opened without truncation first, so copying a file onto itself
// leaves it intact (libuv compares device and inode); then truncated, given the source's mode, and filled.
int Sys::copyfile(const std::string& from, const std::string& to, int flags) {
  if (flags & kCopyfileFicloneForce) return -ENOTSUP;
  int in = open(from, fsflag::kRdOnly, 0);
  if (in < 0) return in;
  FileStat src;
  int r = fstat(in, src);
  if (r < 0) {
    close(in);
    return r;
  }
  int out_flags = fsflag::kWrOnly | fsflag::kCreat | ((flags & kCopyfileExcl) ? fsflag::kExcl : 0);
  int out = open(to, out_flags, static_cast<int>(src.mode & 07777));
  if (out < 0) {
    close(in);
    return out;
  }
  FileStat dst;
  r = fstat(out, dst);
  bool same = r == 0 && dst.dev == src.dev && dst.ino == src.ino;
  if (r == 0 && !same) r = ftruncate(out, 0);
  if (r == 0 && !same) r = fchmod(out, static_cast<int>(src.mode & 07777));
  char buf[64 * 1024];
  for (int64_t off = 0; r == 0 && !same;) {
    int64_t n = pread(in, buf, sizeof buf, off);
    if (n <= 0) {
      if (n < 0) r = static_cast<int>(n);
      break;
    }
    for (int64_t done = 0; done < n && r == 0;) {
      int64_t w = pwrite(out, buf + done, static_cast<size_t>(n - done), off + done);
      if (w <= 0) r = w < 0 ? static_cast<int>(w) : -EIO;
      done += w;
    }
    off += n;
  }
  close(in);
  close(out);
  if (r < 0 && !same) unlink(to);
  return r;
}

}  // namespace ls
