// Intrusive circular doubly-linked list, like libuv's queue.h: a node knows its owner, unlinking is O(1) and
// works whichever list the node is in. That property is what lets a phase move its queue to a local "pass" list
// and still let a callback stop any handle of that pass (libuv's uv__queue_move in loop-watcher.c).
#pragma once

#include <cstddef>

namespace ls::detail {

template <class T>
struct Link {
  Link* prev = this;
  Link* next = this;
  T* owner = nullptr;

  explicit Link(T* o = nullptr) : owner(o) {}
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  bool linked() const { return next != this; }
  void unlink() {
    prev->next = next;
    next->prev = prev;
    prev = next = this;
  }
};

template <class T>
class List {
 public:
  List() = default;
  List(const List&) = delete;
  List& operator=(const List&) = delete;

  bool empty() const { return head_.next == &head_; }
  T* front() const { return head_.next->owner; }

  void push_front(Link<T>& n) { insert_after(&head_, n); }
  void push_back(Link<T>& n) { insert_after(head_.prev, n); }

  T* pop_front() {
    Link<T>* n = head_.next;
    n->unlink();
    return n->owner;
  }

  // Moves every node of `from` to the end of this list, keeping their order.
  void take_all(List& from) {
    if (from.empty()) return;
    Link<T>* first = from.head_.next;
    Link<T>* last = from.head_.prev;
    from.head_.next = from.head_.prev = &from.head_;
    first->prev = head_.prev;
    head_.prev->next = first;
    last->next = &head_;
    head_.prev = last;
  }

  size_t size() const {
    size_t n = 0;
    for (const Link<T>* p = head_.next; p != &head_; p = p->next) ++n;
    return n;
  }

  template <class F>
  void for_each(F&& f) const {
    for (const Link<T>* p = head_.next; p != &head_; p = p->next) f(*p->owner);
  }

 private:
  static void insert_after(Link<T>* at, Link<T>& n) {
    n.prev = at;
    n.next = at->next;
    at->next->prev = &n;
    at->next = &n;
  }
  Link<T> head_;
};

}  // namespace ls::detail
