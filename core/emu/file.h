// File: an open file description of the in-memory file system (fs.h): the inode, the access mode, the current
// position, O_APPEND. Reads and writes never block or fall short for lack of room (there is no disk limit);
// a write past the end fills the gap with zeros. Regular files cannot be watched by a readiness set (EPERM, as
// epoll_ctl on Linux) — libuv runs file I/O on the thread pool for that reason, and so does the emulation.
// Tests: tests/core/emu/test_emu_fs.cpp
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "fs.h"
#include "object.h"

namespace ls::emu {

class File final : public Object {
 public:
  File(Kernel& k, std::shared_ptr<Inode> node, int flags, std::string path)
      : Object(k, Kind::File), node_(std::move(node)), flags_(flags), path_(std::move(path)) {}

  bool pollable() const override { return false; }
  std::uint32_t poll() const override { return kEpollIn | kEpollOut; }  // poll(2) says files are always ready
  std::int64_t read(void* buf, std::size_t len) override;
  std::int64_t writev(const IoVec* iov, int iovcnt) override;
  void fstat(Stat& st) const override;
  void describe(FdView& v) const override;

  // pread/pwrite: at an offset, the position unchanged. (pwrite on an O_APPEND file appends, as on Linux.)
  std::int64_t pread(void* buf, std::size_t len, std::int64_t offset);
  std::int64_t pwritev(const IoVec* iov, int iovcnt, std::int64_t offset);
  std::int64_t lseek(std::int64_t offset, int whence);
  int ftruncate(std::int64_t length);
  int flags() const { return flags_; }  // the open flags (access mode in kOAccMode)
  Inode& inode() const { return *node_; }  // for fchmod and futime

 private:
  bool can_read() const { return (flags_ & kOAccMode) != kOWrOnly; }
  bool can_write() const { return (flags_ & kOAccMode) != kORdOnly; }
  std::int64_t read_at(void* buf, std::size_t len, std::uint64_t offset);
  std::int64_t write_at(const IoVec* iov, int iovcnt, std::uint64_t offset);

  std::shared_ptr<Inode> node_;
  int flags_;
  std::string path_;
  std::uint64_t pos_ = 0;
};

}  // namespace ls::emu
