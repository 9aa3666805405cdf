// FdTable: small-int file descriptors as POSIX hands them out — always the lowest free number — with a
// generation counter per slot. The generation changes every time a slot is reused, so an event recorded for
// "fd 5, generation 3" can be recognised as stale once fd 5 was closed and handed to a new object (generation
// 4). The limit works like RLIMIT_NOFILE: no fd number at or above it is handed out (-EMFILE); lowering it
// below open fds keeps them open.
// Tests: tests/core/emu/test_emu_readiness.cpp (fd reuse), test_emu_faults.cpp (EMFILE)
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <vector>

#include "object.h"

namespace ls::emu {

class FdTable {
 public:
  explicit FdTable(int limit) : limit_(limit) {}

  int limit() const { return limit_; }
  void set_limit(int limit) { limit_ = limit; }

  // Whether `count` more fds can be handed out now.
  bool can_install(int count = 1) const;
  // Lowest free fd for obj, or -EMFILE. Sets the object's fd and generation.
  int install(std::shared_ptr<Object> obj);
  // Removes fd from the table (the caller runs the object's close logic); null if fd was not open.
  std::shared_ptr<Object> release(int fd);

  Object* get(int fd) const;
  std::shared_ptr<Object> get_shared(int fd) const;
  std::uint32_t generation(int fd) const;  // 0 when fd is not open
  std::size_t open_count() const { return open_; }
  int end() const { return static_cast<int>(slots_.size()); }  // one past the highest fd ever used

 private:
  int lowest_free() const;

  struct Slot {
    std::shared_ptr<Object> obj;
    std::uint32_t gen = 0;  // of the last object installed here; survives release so the next one differs
  };
  std::vector<Slot> slots_;
  std::set<int> free_;  // released slots below slots_.size(), for lowest-first reuse
  int limit_;
  std::size_t open_ = 0;
};

}  // namespace ls::emu
