// See fd_table.h.
#include "fd_table.h"

#include <cerrno>

namespace ls::emu {

int FdTable::lowest_free() const { return free_.empty() ? static_cast<int>(slots_.size()) : *free_.begin(); }

bool FdTable::can_install(int count) const {
  // The count lowest free numbers must all be below the limit.
  int seen = 0;
  for (int fd : free_) {
    if (seen == count) return true;
    if (fd >= limit_) return false;
    ++seen;
  }
  return static_cast<int>(slots_.size()) + (count - seen) <= limit_;
}

int FdTable::install(std::shared_ptr<Object> obj) {
  int fd = lowest_free();
  if (fd >= limit_) return -EMFILE;
  if (fd == static_cast<int>(slots_.size())) {
    slots_.emplace_back();
  } else {
    free_.erase(fd);
  }
  Slot& s = slots_[fd];
  ++s.gen;
  obj->set_fd(fd, s.gen);
  s.obj = std::move(obj);
  ++open_;
  return fd;
}

std::shared_ptr<Object> FdTable::release(int fd) {
  if (fd < 0 || fd >= static_cast<int>(slots_.size()) || !slots_[fd].obj) return nullptr;
  std::shared_ptr<Object> obj = std::move(slots_[fd].obj);
  slots_[fd].obj.reset();
  free_.insert(fd);
  --open_;
  return obj;
}

Object* FdTable::get(int fd) const {
  if (fd < 0 || fd >= static_cast<int>(slots_.size())) return nullptr;
  return slots_[fd].obj.get();
}

std::shared_ptr<Object> FdTable::get_shared(int fd) const {
  if (fd < 0 || fd >= static_cast<int>(slots_.size())) return nullptr;
  return slots_[fd].obj;
}

std::uint32_t FdTable::generation(int fd) const {
  if (fd < 0 || fd >= static_cast<int>(slots_.size()) || !slots_[fd].obj) return 0;
  return slots_[fd].gen;
}

}  // namespace ls::emu
