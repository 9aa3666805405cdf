// Kernel: the file calls. Path operations go to FileSystem (fs.h); fd operations to File (file.h). pread and
// friends on a non-file fd fail with -ESPIPE, as on a pipe or socket.
#include <cerrno>

#include "file.h"
#include "kernel.h"

namespace ls::emu {

int Kernel::open(std::string_view path, int flags, std::uint32_t mode) {
  sync();
  if (!fds_.can_install()) return -EMFILE;  // checked first, as Linux does, so O_CREAT creates nothing then
  std::shared_ptr<Inode> node;
  int r = fs_.open(path, flags, mode, node);
  if (r < 0) return r;
  return install(std::make_shared<File>(*this, std::move(node), flags, std::string(path)));
}

std::int64_t Kernel::pread(int fd, void* buf, std::size_t len, std::int64_t offset) {
  sync();
  int err = 0;
  File* f = lookup<File>(fd, err, -ESPIPE);
  return f ? f->pread(buf, len, offset) : err;
}

std::int64_t Kernel::pwrite(int fd, const void* buf, std::size_t len, std::int64_t offset) {
  IoVec iov{buf, len};
  return pwritev(fd, &iov, 1, offset);
}

std::int64_t Kernel::pwritev(int fd, const IoVec* iov, int iovcnt, std::int64_t offset) {
  sync();
  int err = 0;
  File* f = lookup<File>(fd, err, -ESPIPE);
  if (!f) return err;
  if (iovcnt < 0) return -EINVAL;
  return f->pwritev(iov, iovcnt, offset);
}

std::int64_t Kernel::lseek(int fd, std::int64_t offset, int whence) {
  sync();
  int err = 0;
  File* f = lookup<File>(fd, err, -ESPIPE);
  return f ? f->lseek(offset, whence) : err;
}

int Kernel::ftruncate(int fd, std::int64_t length) {
  sync();
  int err = 0;
  File* f = lookup<File>(fd, err, -ESPIPE);
  return f ? f->ftruncate(length) : (err == -ESPIPE ? -EINVAL : err);
}

int Kernel::fsync(int fd) {
  sync();
  return fds_.get(fd) ? 0 : -EBADF;  // nothing is ever unsynced in memory
}

int Kernel::stat(std::string_view path, Stat& st) {
  sync();
  return fs_.stat(path, st);
}

int Kernel::lstat(std::string_view path, Stat& st) {
  sync();
  return fs_.lstat(path, st);
}

int Kernel::unlink(std::string_view path) {
  sync();
  return fs_.unlink(path);
}

int Kernel::mkdir(std::string_view path, std::uint32_t mode) {
  sync();
  return fs_.mkdir(path, mode);
}

int Kernel::rmdir(std::string_view path) {
  sync();
  return fs_.rmdir(path);
}

int Kernel::rename(std::string_view from, std::string_view to) {
  sync();
  return fs_.rename(from, to);
}

int Kernel::scandir(std::string_view path, std::vector<DirEntry>& out) {
  sync();
  return fs_.scandir(path, out);
}

int Kernel::mkdtemp(std::string& tmpl) {
  sync();
  return fs_.mkdtemp(tmpl);
}

int Kernel::mkstemp(std::string& tmpl) {
  sync();
  if (!fds_.can_install()) return -EMFILE;
  std::shared_ptr<Inode> node;
  int r = fs_.mkstemp(tmpl, node);
  if (r < 0) return r;
  return install(std::make_shared<File>(*this, std::move(node), kORdWr, tmpl));
}

}  // namespace ls::emu
