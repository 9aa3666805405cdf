// ByteQueue: a FIFO of bytes, the storage behind every emulated buffer (socket send and receive buffers, pipe
// buffers). Chunked (a deque of strings plus a read offset) so that moving megabytes through a small window
// costs O(bytes) and never shifts memory; tiny writes (a 1-byte short-write fault) are coalesced into the tail
// chunk so they do not cost a chunk each. Capacity limits are the owner's business, not the queue's.
// Tests: tests/core/emu/test_emu_tcp.cpp (the 64 x 64 KiB transfer), test_emu_local.cpp
#pragma once

#include <cstddef>
#include <deque>
#include <string>

#include "types.h"

namespace ls::emu {

class ByteQueue {
 public:
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  void push(const void* data, std::size_t n);
  // Appends the first n bytes of the gathered buffers (n <= their total).
  void push_iov(const IoVec* iov, int iovcnt, std::size_t n);
  // Moves up to n bytes into out; returns how many.
  std::size_t pop(void* out, std::size_t n);
  std::string pop_string(std::size_t n);
  void clear();

 private:
  static constexpr std::size_t kCoalesce = 4096;  // a tail chunk shorter than this absorbs the next push
  std::deque<std::string> chunks_;
  std::size_t head_ = 0;  // bytes already consumed from chunks_.front()
  std::size_t size_ = 0;
};

// Sum of the buffer lengths.
std::size_t iov_total(const IoVec* iov, int iovcnt);

}  // namespace ls::emu
