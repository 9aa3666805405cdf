// Local byte streams that never touch the network, hence no latency: pipe() (one direction, a read end and a
// write end) and socketpair() (AF_UNIX stream, both directions). Both share Channel, a bounded byte buffer.
//
// Pipe semantics (Linux pipe(7), pipe_poll):
//   read end : IN while data is buffered; HUP once no writer is left. read: data, else 0 without writers,
//              else -EAGAIN.
//   write end: OUT while at least PIPE_BUF (4096) bytes are free (Linux's "not full" is page-granular);
//              ERR once no reader is left. write: -EPIPE without readers; writes of at most PIPE_BUF bytes are
//              atomic (all or -EAGAIN), larger ones may be partial.
// socketpair semantics (Linux unix_stream, unix_poll): read data, then EOF after the peer's shutdown(SHUT_WR) or
// close; write after the peer closed or shut its reading side: -EPIPE; closing with unread data makes the peer's
// next read fail with ECONNRESET (unix_release_sock); HUP|RDHUP|IN once the peer is gone; OUT also then, so a
// writer finds out by writing.
// Tests: tests/core/emu/test_emu_local.cpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "byte_queue.h"
#include "object.h"

namespace ls::emu {

struct Channel {
  ByteQueue q;
  std::size_t cap = 0;
  bool writer_gone = false;  // write side closed or shut down: EOF after the data
  bool reader_gone = false;  // read side closed or shut down: writes fail with EPIPE
};

// The state a pipe's (or socketpair's) two ends share; ends[i] is null once end i is closed.
struct LocalPair {
  Channel ch[2];
  class LocalEnd* ends[2] = {nullptr, nullptr};
};

class LocalEnd final : public Object {
 public:
  // index: which end of `pair`. A pipe end reads ch[0] (index 0) or writes ch[0] (index 1); a socketpair end i
  // reads ch[i] and writes ch[1 - i].
  LocalEnd(Kernel& k, std::shared_ptr<LocalPair> pair, int index, bool is_socket);
  ~LocalEnd() override;

  std::uint32_t poll() const override;
  std::int64_t read(void* buf, std::size_t len) override;
  std::int64_t writev(const IoVec* iov, int iovcnt) override;
  void on_close() override;
  void describe(FdView& v) const override;

  int shutdown(int how);                   // socketpair only (the Kernel refuses pipes: -ENOTSOCK)
  int take_error();
  int set_capacity(std::size_t bytes);     // of the buffer this end writes into (F_SETPIPE_SZ-like)
  bool is_socket() const { return is_socket_; }
  bool can_read() const { return in() != nullptr; }   // false for a pipe's write end
  bool can_write() const { return out() != nullptr; }  // false for a pipe's read end

 private:
  Channel* in() const;   // the buffer this end reads, or null (pipe write end)
  Channel* out() const;  // the buffer this end writes, or null (pipe read end)
  LocalEnd* peer() const { return pair_->ends[1 - index_]; }
  bool out_writable() const;
  void wake_peer(std::uint32_t mask) const;

  std::shared_ptr<LocalPair> pair_;
  int index_;
  bool is_socket_;
  bool rd_shut_ = false, wr_shut_ = false;
  int err_ = 0;  // socketpair: ECONNRESET after the peer closed with unread data
};

// eventfd(2) without semaphore mode: an 8-byte counter. read takes the value and resets it (-EAGAIN at 0);
// write adds (-EINVAL unless 8 bytes). IN while the counter is non-zero, OUT always (no overflow emulated).
// The thread pool can signal one, as libuv's async wake-up does (Kernel::set_pool_notify).
class EventFd final : public Object {
 public:
  EventFd(Kernel& k, std::uint64_t initval) : Object(k, Kind::EventFd), count_(initval) {}
  std::uint32_t poll() const override { return kEpollOut | (count_ ? kEpollIn : 0); }
  std::int64_t read(void* buf, std::size_t len) override;
  std::int64_t writev(const IoVec* iov, int iovcnt) override;
  void add(std::uint64_t n);
  void describe(FdView& v) const override;

 private:
  std::uint64_t count_;
};

}  // namespace ls::emu
