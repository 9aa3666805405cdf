// EpollSet: the emulated epoll instance (an fd of its own, from Kernel::epoll_create), with Linux's semantics
// reproduced rather than approximated, because libuv-style code depends on them:
//  - Interest per fd: events plus EPOLLERR|EPOLLHUP always; EPOLLRDHUP only when asked; EPOLLET, EPOLLONESHOT.
//  - A ready list in wake-up order, as the kernel's rdllist. An object's state change "wakes" its watchers
//    (Kernel::notify); a wake-up whose bits miss the interest is ignored; an entry is queued once.
//  - wait() walks the ready list from the head, asks each fd for its readiness *now* and reports
//    readiness & interest. Not ready any more: dropped. Level-triggered entries still ready go back to the tail
//    (so maxevents rotates fairly); edge-triggered ones leave the list until the next wake-up, i.e. new data or
//    new space; one-shot entries are disabled until EPOLL_CTL_MOD. Entries past maxevents keep their place.
//  - ADD and MOD queue the entry if it is ready at that moment (so ET reports a pre-existing state once).
//  - A closed fd leaves every set at once (the kernel calls forget()), so a reused fd number never inherits the
//    old registration. Every reported event carries the fd's generation so an adapter can also drop events of
//    its current batch that went stale when a callback closed and reused the fd.
// wait() never blocks and never fails except for the EINTR fault (the Kernel handles that); time is the loop's.
// Tests: tests/core/emu/test_emu_readiness.cpp
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <utility>
#include <vector>

#include "object.h"

namespace ls::emu {

struct EpollEvent {
  std::uint32_t events = 0;  // kEpoll* bits
  std::uint64_t data = 0;    // the user data given to epoll_ctl
  int fd = -1;
  std::uint32_t generation = 0;  // fd's generation when the event was produced
};

class EpollSet final : public Object {
 public:
  explicit EpollSet(Kernel& k) : Object(k, Kind::Epoll) {}

  // EPOLL_CTL_ADD / MOD / DEL. Errors: -EBADF (fd not open), -EPERM (a regular file or directory), -EINVAL (fd is
  // this set, another set, or a bad op), -EEXIST (ADD twice), -ENOENT (MOD/DEL of an fd not in the set).
  int ctl(int op, int fd, std::uint32_t events, std::uint64_t data);
  // Fills up to max_events events; returns how many (0 when nothing is ready). -EINVAL if max_events <= 0.
  int wait(EpollEvent* out, int max_events);

  // From Kernel::notify: fd (of generation gen) changed; `mask` as in Object::notify.
  void wakeup(int fd, std::uint32_t gen, std::uint32_t mask);
  // From Kernel::close: fd is gone.
  void forget(int fd);

  std::uint32_t poll() const override;  // IN while something is queued
  void describe(FdView& v) const override;
  EpollView view() const;

 private:
  struct Entry {
    std::uint32_t gen = 0;
    std::uint32_t interest = 0;  // user bits | ERR | HUP; 0 user bits = disabled one-shot
    std::uint64_t data = 0;
    std::uint64_t ticket = 0;    // matches the ready-list node that is current for this entry
    bool queued = false;
  };
  static constexpr std::uint32_t kFlagBits = kEpollEt | kEpollOneShot;
  std::uint32_t ready_bits(int fd, const Entry& e) const;  // readiness & interest, now
  void enqueue(int fd, Entry& e);

  std::map<int, Entry> entries_;
  // (fd, ticket): a node whose ticket is not the entry's current one is a leftover of a DEL or re-queue.
  std::deque<std::pair<int, std::uint64_t>> ready_;
  std::uint64_t tickets_ = 0;
};

}  // namespace ls::emu
