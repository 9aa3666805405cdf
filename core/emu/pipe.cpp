// See pipe.h.
#include "pipe.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "kernel.h"

namespace ls::emu {

LocalEnd::LocalEnd(Kernel& k, std::shared_ptr<LocalPair> pair, int index, bool is_socket)
    : Object(k, is_socket ? Kind::Unix : Kind::Pipe), pair_(std::move(pair)), index_(index), is_socket_(is_socket) {
  pair_->ends[index_] = this;
}

LocalEnd::~LocalEnd() { pair_->ends[index_] = nullptr; }

Channel* LocalEnd::in() const {
  if (is_socket_) return &pair_->ch[index_];
  return index_ == 0 ? &pair_->ch[0] : nullptr;
}

Channel* LocalEnd::out() const {
  if (is_socket_) return &pair_->ch[1 - index_];
  return index_ == 1 ? &pair_->ch[0] : nullptr;
}

void LocalEnd::wake_peer(std::uint32_t mask) const {
  if (LocalEnd* p = peer()) p->notify(mask);
}

namespace {
// A writer is woken (and polls OUT) once PIPE_BUF bytes are free, so an atomic write then fits.
bool channel_writable(const Channel& c) {
  std::size_t room = c.cap > c.q.size() ? c.cap - c.q.size() : 0;
  return room >= std::min(kPipeBuf, c.cap);
}
}  // namespace

bool LocalEnd::out_writable() const { return channel_writable(*out()); }

std::uint32_t LocalEnd::poll() const {
  std::uint32_t m = 0;
  const Channel* i = in();
  const Channel* o = out();
  if (!is_socket_) {
    if (i && !i->q.empty()) m |= kEpollIn;
    if (i && i->writer_gone) m |= kEpollHup;
    if (o && out_writable()) m |= kEpollOut;
    if (o && o->reader_gone) m |= kEpollErr;
    return m;
  }
  bool rcv_shut = rd_shut_ || i->writer_gone;
  bool snd_shut = wr_shut_ || o->reader_gone;
  if (err_) m |= kEpollErr;
  if (rcv_shut && snd_shut) m |= kEpollHup;
  if (rcv_shut) m |= kEpollIn | kEpollRdHup;
  if (!i->q.empty()) m |= kEpollIn;
  if (snd_shut || out_writable()) m |= kEpollOut;
  return m;
}

std::int64_t LocalEnd::read(void* buf, std::size_t len) {
  Channel* c = in();
  if (!c) return -EBADF;  // the write end of a pipe
  if (len == 0) return 0;
  if (!c->q.empty()) {
    bool was = channel_writable(*c);
    std::size_t n = c->q.pop(buf, len);
    if (!was && channel_writable(*c)) wake_peer(kEpollOut);
    return static_cast<std::int64_t>(n);
  }
  if (err_) return take_error();
  if (c->writer_gone || rd_shut_) return 0;
  return -EAGAIN;
}

std::int64_t LocalEnd::writev(const IoVec* iov, int iovcnt) {
  Channel* c = out();
  if (!c) return -EBADF;  // the read end of a pipe
  if (wr_shut_ || c->reader_gone) return -EPIPE;
  std::size_t total = iov_total(iov, iovcnt);
  if (total == 0) return 0;
  std::size_t room = c->cap > c->q.size() ? c->cap - c->q.size() : 0;
  if (!is_socket_ && total <= kPipeBuf && room < total) return -EAGAIN;  // atomic write
  if (room == 0) return -EAGAIN;
  std::size_t n = std::min(total, room);
  if (std::size_t cap = k_.faults().short_write_cap) n = std::min(n, cap);
  c->q.push_iov(iov, iovcnt, n);
  wake_peer(kEpollIn);
  return static_cast<std::int64_t>(n);
}

void LocalEnd::on_close() {
  LocalEnd* p = peer();
  if (Channel* c = in()) {
    if (is_socket_ && p && !c->q.empty()) p->err_ = -ECONNRESET;
    c->reader_gone = true;
    c->q.clear();
  }
  if (Channel* c = out()) c->writer_gone = true;
  if (p) p->notify(0);
}

int LocalEnd::shutdown(int how) {
  if (how != kShutRd && how != kShutWr && how != kShutRdWr) return -EINVAL;
  if (how != kShutWr) {
    rd_shut_ = true;
    in()->reader_gone = true;
  }
  if (how != kShutRd) {
    wr_shut_ = true;
    out()->writer_gone = true;
  }
  notify(0);
  wake_peer(0);
  return 0;
}

int LocalEnd::take_error() {
  int e = err_;
  err_ = 0;
  return e;
}

int LocalEnd::set_capacity(std::size_t bytes) {
  Channel* c = out() ? out() : in();
  if (bytes == 0) return -EINVAL;
  c->cap = bytes;
  notify(0);
  wake_peer(0);
  return 0;
}

void LocalEnd::describe(FdView& v) const {
  const Channel* i = in();
  const Channel* o = out();
  if (!is_socket_) v.state = i ? "read-end" : "write-end";
  if (is_socket_) v.state = peer() ? "connected" : "peer-closed";
  if (o) {
    v.send_fill = o->q.size();
    v.send_cap = o->cap;
  }
  if (i) {
    v.recv_fill = i->q.size();
    v.recv_cap = i->cap;
  }
  if (!peer()) v.flags = "peer-closed";
  if (rd_shut_) v.flags += v.flags.empty() ? "rd-shut" : " rd-shut";
  if (wr_shut_) v.flags += v.flags.empty() ? "wr-shut" : " wr-shut";
}

// ---- eventfd --------------------------------------------------------------------------------------------------

std::int64_t EventFd::read(void* buf, std::size_t len) {
  if (len < 8) return -EINVAL;
  if (count_ == 0) return -EAGAIN;
  std::memcpy(buf, &count_, 8);
  count_ = 0;
  notify(kEpollOut);
  return 8;
}

std::int64_t EventFd::writev(const IoVec* iov, int iovcnt) {
  if (iov_total(iov, iovcnt) != 8) return -EINVAL;
  std::uint64_t v = 0;
  ByteQueue q;
  q.push_iov(iov, iovcnt, 8);
  q.pop(&v, 8);
  add(v);
  return 8;
}

void EventFd::add(std::uint64_t n) {
  if (n == 0) return;
  count_ += n;
  notify(kEpollIn);
}

void EventFd::describe(FdView& v) const { v.state = "count " + std::to_string(count_); }

}  // namespace ls::emu
