// NativeSys: the rest of libuv's fs calls (uv_fs_mkstemp, realpath, links, access, modes, owners, times, sync,
// truncate, sendfile, statfs, opendir/readdir) as Linux system calls. Like native_fs.cpp they run on worker
// threads as well as on the loop thread, so they use nothing but their arguments.
#ifndef __EMSCRIPTEN__

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "native_sys.h"

namespace ls {

namespace {

int err() { return -errno; }
int check(int r) { return r == 0 ? 0 : err(); }

// uv__fs_to_timespec: seconds as a double, to the nanosecond.
timespec to_timespec(double t) {
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(std::floor(t));
  ts.tv_nsec = static_cast<long>((t - std::floor(t)) * 1e9);
  if (ts.tv_nsec >= 1000000000) ts.tv_nsec = 999999999;
  return ts;
}


// uv_dir_t natively: a DIR* read in directory order.
class NativeDir final : public DirStream {
 public:
  explicit NativeDir(DIR* d) : dir_(d) {}
  ~NativeDir() override { close(); }
  int read(size_t max, std::vector<DirEnt>& out) override {
    out.clear();
    if (!dir_) return -EBADF;
    while (out.size() < max) {
      errno = 0;
      dirent* e = ::readdir(dir_);
      if (!e) {
        if (errno) return err();
        break;
      }
      if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
      out.push_back(DirEnt{e->d_name, dirent_type_of(e->d_type)});
    }
    return static_cast<int>(out.size());
  }
  int close() override {
    if (!dir_) return -EBADF;
    int r = check(::closedir(dir_));
    dir_ = nullptr;
    return r;
  }

 private:
  DIR* dir_;
};

}  // namespace

int NativeSys::mkstemp(std::string& tmpl) {
  // mkstemp(3) wants the template to end in XXXXXX; libuv refuses others with EINVAL before calling it.
  if (tmpl.size() < 6 || tmpl.compare(tmpl.size() - 6, 6, "XXXXXX") != 0) return -EINVAL;
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  int fd = ::mkostemp(buf.data(), O_CLOEXEC);
  if (fd < 0) return err();
  tmpl.assign(buf.data());
  return fd;
}

int NativeSys::realpath(const std::string& path, std::string& out) {
  char* r = ::realpath(path.c_str(), nullptr);
  if (!r) return err();
  out.assign(r);
  std::free(r);
  return 0;
}

int NativeSys::link(const std::string& from, const std::string& to) { return check(::link(from.c_str(), to.c_str())); }

int NativeSys::symlink(const std::string& target, const std::string& path, int) {
  return check(::symlink(target.c_str(), path.c_str()));
}

int NativeSys::readlink(const std::string& path, std::string& out) {
  std::vector<char> buf(PATH_MAX);
  ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
  if (n < 0) return err();
  out.assign(buf.data(), static_cast<size_t>(n));
  return 0;
}

int NativeSys::access(const std::string& path, int mode) {
  int m = (mode & kAccessRead ? R_OK : 0) | (mode & kAccessWrite ? W_OK : 0) | (mode & kAccessExec ? X_OK : 0);
  return check(::access(path.c_str(), m));
}

int NativeSys::chmod(const std::string& path, int mode) { return check(::chmod(path.c_str(), (mode_t)mode)); }
int NativeSys::fchmod(int fd, int mode) { return check(::fchmod(fd, (mode_t)mode)); }

int NativeSys::chown(const std::string& path, int64_t uid, int64_t gid, bool follow) {
  return check(follow ? ::chown(path.c_str(), (uid_t)uid, (gid_t)gid) : ::lchown(path.c_str(), (uid_t)uid, (gid_t)gid));
}
int NativeSys::fchown(int fd, int64_t uid, int64_t gid) { return check(::fchown(fd, (uid_t)uid, (gid_t)gid)); }

int NativeSys::utime(const std::string& path, double atime, double mtime, bool follow) {
  timespec ts[2] = {to_timespec(atime), to_timespec(mtime)};
  return check(::utimensat(AT_FDCWD, path.c_str(), ts, follow ? 0 : AT_SYMLINK_NOFOLLOW));
}

int NativeSys::futime(int fd, double atime, double mtime) {
  timespec ts[2] = {to_timespec(atime), to_timespec(mtime)};
  return check(::futimens(fd, ts));
}

int NativeSys::fsync(int fd, bool data_only) { return check(data_only ? ::fdatasync(fd) : ::fsync(fd)); }
int NativeSys::ftruncate(int fd, int64_t length) { return check(::ftruncate(fd, (off_t)length)); }

int64_t NativeSys::sendfile(int out_fd, int in_fd, int64_t in_offset, size_t length) {
  off_t off = static_cast<off_t>(in_offset);
  ssize_t n;
  do {
    n = ::sendfile(out_fd, in_fd, &off, length);
  } while (n < 0 && errno == EINTR);
  return n < 0 ? err() : n;
}

int NativeSys::statfs(const std::string& path, FsStats& out) {
  struct statfs st{};
  if (::statfs(path.c_str(), &st) != 0) return err();
  out = FsStats{static_cast<uint64_t>(st.f_type), static_cast<uint64_t>(st.f_bsize), st.f_blocks, st.f_bfree,
                st.f_bavail, st.f_files, st.f_ffree};
  return 0;
}

int NativeSys::opendir(const std::string& path, std::unique_ptr<DirStream>& out) {
  DIR* d = ::opendir(path.c_str());
  if (!d) return err();
  out = std::make_unique<NativeDir>(d);
  return 0;
}

// uv_random: getrandom(2) until the buffer is full (it may return less for large requests).
int NativeSys::random(void* buf, size_t len) {
  auto* p = static_cast<unsigned char*>(buf);
  for (size_t done = 0; done < len;) {
    ssize_t n = ::getrandom(p + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return err();
    }
    done += static_cast<size_t>(n);
  }
  return 0;
}

}  // namespace ls

#endif  // __EMSCRIPTEN__
