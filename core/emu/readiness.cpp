// See readiness.h for the semantics; this file is their direct transcription.
#include "readiness.h"

#include <cerrno>

#include "kernel.h"

namespace ls::emu {

std::uint32_t EpollSet::ready_bits(int fd, const Entry& e) const {
  const Object* obj = k_.object(fd);
  // A disabled one-shot entry has no event bits left, so it yields 0 here without a special case.
  return obj ? obj->poll() & e.interest & ~kFlagBits : 0;
}

void EpollSet::enqueue(int fd, Entry& e) {
  if (e.queued) return;
  e.queued = true;
  e.ticket = ++tickets_;
  ready_.emplace_back(fd, e.ticket);
}

int EpollSet::ctl(int op, int fd, std::uint32_t events, std::uint64_t data) {
  Object* obj = k_.object(fd);
  if (!obj) return -EBADF;
  if (obj->kind() == Kind::Epoll) return -EINVAL;  // nesting is not emulated (nor needed by libuv)
  if (!obj->pollable()) return -EPERM;
  auto it = entries_.find(fd);
  switch (op) {
    case kEpollCtlAdd: {
      if (it != entries_.end()) return -EEXIST;
      Entry& e = entries_[fd];
      e.gen = k_.generation(fd);
      e.interest = events | kEpollErr | kEpollHup;
      e.data = data;
      if (ready_bits(fd, e)) enqueue(fd, e);
      return 0;
    }
    case kEpollCtlMod: {
      if (it == entries_.end()) return -ENOENT;
      Entry& e = it->second;
      e.interest = events | kEpollErr | kEpollHup;
      e.data = data;
      if (ready_bits(fd, e)) enqueue(fd, e);
      return 0;
    }
    case kEpollCtlDel:
      if (it == entries_.end()) return -ENOENT;
      entries_.erase(it);  // its ready-list node, if any, is skipped by ticket
      return 0;
    default:
      return -EINVAL;
  }
}

int EpollSet::wait(EpollEvent* out, int max_events) {
  if (max_events <= 0) return -EINVAL;
  std::deque<std::pair<int, std::uint64_t>> scan;
  scan.swap(ready_);
  std::deque<std::pair<int, std::uint64_t>> requeue;  // level-triggered entries reported now
  int n = 0;
  while (!scan.empty() && n < max_events) {
    auto [fd, ticket] = scan.front();
    scan.pop_front();
    auto it = entries_.find(fd);
    if (it == entries_.end() || it->second.ticket != ticket || !it->second.queued) continue;
    Entry& e = it->second;
    std::uint32_t bits = ready_bits(fd, e);
    e.queued = false;
    if (bits == 0) continue;
    out[n++] = EpollEvent{bits, e.data, fd, e.gen};
    if (e.interest & kEpollOneShot) {
      e.interest &= kFlagBits;  // disabled until EPOLL_CTL_MOD, as EP_PRIVATE_BITS on Linux
    } else if (!(e.interest & kEpollEt)) {
      e.queued = true;
      e.ticket = ++tickets_;
      requeue.emplace_back(fd, e.ticket);
    }
  }
  // Unscanned entries keep their place at the head, then the re-armed level-triggered ones.
  for (auto& node : requeue) scan.push_back(node);
  scan.swap(ready_);
  return n;
}

void EpollSet::wakeup(int fd, std::uint32_t gen, std::uint32_t mask) {
  auto it = entries_.find(fd);
  if (it == entries_.end() || it->second.gen != gen) return;
  Entry& e = it->second;
  if ((e.interest & ~kFlagBits) == 0) return;  // a disabled one-shot entry sleeps until MOD
  if (mask != 0 && !(mask & e.interest & ~kFlagBits)) return;
  enqueue(fd, e);
}

void EpollSet::forget(int fd) { entries_.erase(fd); }

std::uint32_t EpollSet::poll() const {
  for (const auto& [fd, ticket] : ready_) {
    auto it = entries_.find(fd);
    if (it != entries_.end() && it->second.ticket == ticket && ready_bits(fd, it->second)) return kEpollIn;
  }
  return 0;
}

void EpollSet::describe(FdView& v) const { v.state = std::to_string(entries_.size()) + " watched"; }

EpollView EpollSet::view() const {
  EpollView v;
  v.epfd = fd();
  for (const auto& [fd, e] : entries_) {
    v.entries.push_back(EpollEntryView{fd, e.gen, e.interest & ~kEpollHup & ~kEpollErr, ready_bits(fd, e), e.data,
                                       e.queued});
  }
  return v;
}

}  // namespace ls::emu
