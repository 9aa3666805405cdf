// The loop's timer queue: an array-based 4-ary min-heap of (due, start sequence, timer) with the position kept
// in the timer, so stop() is O(log n) and nothing allocates per start (the array only grows). A 4-ary heap is
// half as deep as a binary one, and its four children share one or two cache lines; with a million timers the
// pop that dominates "fire" touches ~10 levels instead of ~20 pointer-linked nodes (libuv's heap-inl.h).
//
// Memory: the entries live in a realloc'd block rather than a std::vector. The entries are trivially copyable,
// and realloc of a large block moves pages (mremap) where a vector allocates twice the size and copies, so a
// million timers peak at 24 MB here instead of ~37 MB; the block halves when three quarters of it are unused, so
// a burst of timers does not keep its memory once it has fired.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <new>
#include <queue>
#include <type_traits>
#include <vector>

#include "timer.h"

namespace ls::detail {

// The heap's array: push_back/pop_back/index over a realloc'd block of trivially copyable T.
template <class T>
class ReallocArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  ReallocArray() = default;
  ReallocArray(const ReallocArray&) = delete;
  ReallocArray& operator=(const ReallocArray&) = delete;
  ~ReallocArray() { std::free(p_); }

  bool empty() const { return n_ == 0; }
  size_t size() const { return n_; }
  T& operator[](size_t i) { return p_[i]; }
  const T& operator[](size_t i) const { return p_[i]; }
  T& front() { return p_[0]; }
  const T& front() const { return p_[0]; }
  const T* begin() const { return p_; }
  const T* end() const { return p_ + n_; }

  void push_back(const T& v) {
    if (n_ == cap_ && !resize(cap_ ? 2 * cap_ : kMinCap)) throw std::bad_alloc();
    p_[n_++] = v;
  }
  // Empties the array; a block of more than `keep` entries is given back (down to `keep`).
  void clear(size_t keep) {
    n_ = 0;
    if (cap_ > keep) resize(keep);
  }
  void pop_back() {
    --n_;
    if (cap_ > kMinCap && n_ < cap_ / 4) [[unlikely]] resize(cap_ / 2);  // a failed shrink keeps the block
  }

 private:
  static constexpr size_t kMinCap = 64;
  bool resize(size_t cap) {
    void* p = std::realloc(p_, cap * sizeof(T));
    if (!p) return false;
    p_ = static_cast<T*>(p);
    cap_ = cap;
    return true;
  }

  T* p_ = nullptr;
  size_t n_ = 0;
  size_t cap_ = 0;
};

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
  const ReallocArray<Entry>& entries() const { return v_; }

  // Calls f with the first k entries in firing order, leaving the heap as it is: a small heap of candidate
  // slots, seeded with the root, where taking a slot offers its children (they can only fire after it). So
  // O(k log k) however many timers are armed, for a snapshot that shows the first few thousand of a million.
  template <class F>
  void for_each_first(size_t k, F&& f) const {
    auto later = [this](size_t a, size_t b) { return less(v_[b], v_[a]); };
    std::priority_queue<size_t, std::vector<size_t>, decltype(later)> next(later);
    if (!v_.empty()) next.push(0);
    for (size_t taken = 0; taken < k && !next.empty(); ++taken) {
      size_t i = next.top();
      next.pop();
      f(v_[i]);
      for (size_t c = 4 * i + 1; c < 4 * i + 5 && c < v_.size(); ++c) next.push(c);
    }
  }

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

  ReallocArray<Entry> v_;
};

}  // namespace ls::detail
