// See file.h.
#include "file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "byte_queue.h"
#include "kernel.h"

namespace ls::emu {

std::int64_t File::read_at(void* buf, std::size_t len, std::uint64_t offset) {
  if (node_->is_dir()) return -EISDIR;
  if (!can_read()) return -EBADF;
  const std::string& d = node_->data;
  if (offset >= d.size()) return 0;
  std::size_t n = std::min<std::uint64_t>(len, d.size() - offset);
  std::memcpy(buf, d.data() + offset, n);
  return static_cast<std::int64_t>(n);
}

std::int64_t File::write_at(const IoVec* iov, int iovcnt, std::uint64_t offset) {
  if (!can_write()) return -EBADF;
  std::string& d = node_->data;
  if (flags_ & kOAppend) offset = d.size();
  std::size_t total = iov_total(iov, iovcnt);
  if (total == 0) return 0;
  if (d.size() < offset + total) d.resize(offset + total, '\0');
  std::size_t at = offset;
  for (int i = 0; i < iovcnt; ++i) {
    if (iov[i].len) std::memcpy(&d[at], iov[i].base, iov[i].len);
    at += iov[i].len;
  }
  k_.fs().touch(*node_);
  k_.fs().changed(*node_, kInModify);
  return static_cast<std::int64_t>(total);
}

std::int64_t File::read(void* buf, std::size_t len) {
  std::int64_t n = read_at(buf, len, pos_);
  if (n > 0) pos_ += static_cast<std::uint64_t>(n);
  return n;
}

std::int64_t File::writev(const IoVec* iov, int iovcnt) {
  if (can_write() && (flags_ & kOAppend)) pos_ = node_->data.size();
  std::int64_t n = write_at(iov, iovcnt, pos_);
  if (n > 0) pos_ += static_cast<std::uint64_t>(n);
  return n;
}

std::int64_t File::pread(void* buf, std::size_t len, std::int64_t offset) {
  if (offset < 0) return -EINVAL;
  return read_at(buf, len, static_cast<std::uint64_t>(offset));
}

std::int64_t File::pwritev(const IoVec* iov, int iovcnt, std::int64_t offset) {
  if (offset < 0) return -EINVAL;
  return write_at(iov, iovcnt, static_cast<std::uint64_t>(offset));
}

std::int64_t File::lseek(std::int64_t offset, int whence) {
  std::int64_t base = 0;
  switch (whence) {
    case kSeekSet: base = 0; break;
    case kSeekCur: base = static_cast<std::int64_t>(pos_); break;
    case kSeekEnd: base = static_cast<std::int64_t>(node_->data.size()); break;
    default: return -EINVAL;
  }
  if (base + offset < 0) return -EINVAL;
  pos_ = static_cast<std::uint64_t>(base + offset);
  return static_cast<std::int64_t>(pos_);
}

int File::ftruncate(std::int64_t length) {
  if (length < 0 || node_->is_dir() || !can_write()) return -EINVAL;
  node_->data.resize(static_cast<std::size_t>(length), '\0');
  k_.fs().touch(*node_);
  k_.fs().changed(*node_, kInModify);
  return 0;
}

void File::fstat(Stat& st) const { k_.fs().fill_stat(*node_, st); }

void File::describe(FdView& v) const {
  v.state = path_;
  v.recv_fill = node_->is_dir() ? 0 : node_->data.size();
  int acc = flags_ & kOAccMode;
  v.flags = acc == kORdOnly ? "rdonly" : acc == kOWrOnly ? "wronly" : "rdwr";
  if (flags_ & kOAppend) v.flags += " append";
  v.flags += " pos=" + std::to_string(pos_);
}

}  // namespace ls::emu
