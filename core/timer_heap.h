// The loop's timer queue: an array-based 4-ary min-heap of (due, start sequence, timer) with the position kept
// in the timer, so stop() is O(log n) and nothing allocates per start (the array only grows). A 4-ary heap is
// half as deep as a binary one, and its four children share one or two cache lines; with a million timers the
// pop that dominates "fire" touches ~10 levels instead of ~20 pointer-linked nodes (libuv's heap-inl.h).
#pragma once

#include <cstdint>
#include <vector>

#include "timer.h"

namespace ls::detail {

class TimerHeap {
 public:
  struct Entry {
    uint64_t due;
    uint64_t seq;
    Timer* timer;
  };

  bool empty() const { return v_.empty(); }
  size_t size() const { return v_.size(); }
  const Entry& top() const { return v_.front(); }
  const std::vector<Entry>& entries() const { return v_; }

  void push(Timer* t, uint64_t due, uint64_t seq) {
    v_.push_back(Entry{due, seq, t});
    sift_up(v_.size() - 1);
  }

  void remove(Timer* t) {
    size_t i = t->heap_pos_;
    t->heap_pos_ = Timer::kNone;
    size_t last = v_.size() - 1;
    if (i != last) {
      v_[i] = v_[last];
      v_.pop_back();
      // The moved entry may belong above or below its new slot.
      if (i > 0 && less(v_[i], v_[parent(i)])) {
        sift_up(i);
      } else {
        sift_down(i);
      }
    } else {
      v_.pop_back();
    }
  }

  Timer* pop() {
    Timer* t = v_.front().timer;
    remove(t);
    return t;
  }

 private:
  static size_t parent(size_t i) { return (i - 1) / 4; }
  static bool less(const Entry& a, const Entry& b) { return a.due < b.due || (a.due == b.due && a.seq < b.seq); }

  void place(size_t i, const Entry& e) {
    v_[i] = e;
    e.timer->heap_pos_ = static_cast<uint32_t>(i);
  }

  void sift_up(size_t i) {
    Entry e = v_[i];
    while (i > 0) {
      size_t p = parent(i);
      if (!less(e, v_[p])) break;
      place(i, v_[p]);
      i = p;
    }
    place(i, e);
  }

  void sift_down(size_t i) {
    Entry e = v_[i];
    const size_t n = v_.size();
    for (;;) {
      size_t c = 4 * i + 1;
      if (c >= n) break;
      size_t end = c + 4 < n ? c + 4 : n;
      size_t m = c;
      for (size_t k = c + 1; k < end; ++k)
        if (less(v_[k], v_[m])) m = k;
      if (!less(v_[m], e)) break;
      place(i, v_[m]);
      i = m;
    }
    place(i, e);
  }

  std::vector<Entry> v_;
};

}  // namespace ls::detail
