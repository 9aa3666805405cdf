// Idle, Prepare and Check handles: one template, as libuv generates them from one macro (loop-watcher.c).
// start() inserts at the HEAD of the loop's queue (libuv's order: the last started runs first); a pass moves the
// queue aside first, so a handle started during a pass runs from the next pass, and one stopped by an earlier
// callback of the same pass does not run. Covered by tests/core/test_watchers.cpp.
#pragma once

#include <functional>

#include "handle.h"

namespace ls {

// The non-template part the loop drives.
class LoopWatcherBase : public Handle {
 public:
  int stop();

 protected:
  LoopWatcherBase(Loop& loop, HandleType type) : Handle(loop, type) {}
  ~LoopWatcherBase() override;
  int start_base();
  virtual void fire() = 0;

 private:
  friend class Loop;
  void on_close() override { stop(); }
  detail::Link<LoopWatcherBase> node_{this};
};

template <class Self, HandleType Type>
class LoopWatcher : public LoopWatcherBase {
 public:
  using Callback = std::function<void(Self&)>;

  explicit LoopWatcher(Loop& loop) : LoopWatcherBase(loop, Type) {}

  // -EINVAL if closing or cb is empty; starting an active watcher keeps its place and replaces nothing (libuv).
  int start(Callback cb) {
    if (is_closing()) return -EINVAL;
    if (is_active()) return 0;
    if (!cb) return -EINVAL;
    cb_ = std::move(cb);
    return start_base();
  }

 private:
  void fire() override { cb_(static_cast<Self&>(*this)); }
  Callback cb_;
};

class Idle final : public LoopWatcher<Idle, HandleType::Idle> {
 public:
  using LoopWatcher::LoopWatcher;
};
class Prepare final : public LoopWatcher<Prepare, HandleType::Prepare> {
 public:
  using LoopWatcher::LoopWatcher;
};
class Check final : public LoopWatcher<Check, HandleType::Check> {
 public:
  using LoopWatcher::LoopWatcher;
};

}  // namespace ls
