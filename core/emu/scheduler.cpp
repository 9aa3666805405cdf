// See scheduler.h.
#include "scheduler.h"

#include <algorithm>
#include <cerrno>

namespace ls::emu {

void Scheduler::at(Nanos t, std::function<void()> fn) {
  heap_.push_back(Item{std::max(t, now_), seq_++, std::move(fn)});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

std::optional<Nanos> Scheduler::next_time() const {
  if (heap_.empty()) return std::nullopt;
  return heap_.front().t;
}

// Pops and runs the earliest action if it is due by `limit`; the action may push new ones, so the item is moved
// out of the heap before it runs.
bool Scheduler::run_one_until(Nanos limit) {
  if (heap_.empty() || heap_.front().t > limit) return false;
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Item item = std::move(heap_.back());
  heap_.pop_back();
  now_ = item.t;
  item.fn();
  return true;
}

void Scheduler::run_due() {
  while (run_one_until(now_)) {
  }
}

int Scheduler::advance_to(Nanos t) {
  if (t < now_) return -EINVAL;
  while (run_one_until(t)) {
  }
  now_ = t;
  return 0;
}

}  // namespace ls::emu
